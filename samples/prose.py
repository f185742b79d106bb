"""Plausible Vietnamese administrative prose, composed from a small hand-written vocabulary.

Sentences are built from templates whose slots take phrases of the one-stop-shop world
(hồ sơ, thủ tục, cư trú, hộ tịch ...). The result reads like the body of a statement, a
commitment or a short report; it carries no copied text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextPaperKind:
    title: str
    subject: str  # "(V/v ...)" line under the title
    signer_role: str


TEXT_PAPER_KINDS = (
    TextPaperKind("BẢN CAM KẾT", "Về việc cung cấp thông tin hồ sơ", "NGƯỜI CAM KẾT"),
    TextPaperKind("ĐƠN TRÌNH BÀY", "Về việc bổ sung giấy tờ còn thiếu", "NGƯỜI LÀM ĐƠN"),
    TextPaperKind("BẢN TƯỜNG TRÌNH", "Về việc thất lạc giấy tờ tùy thân", "NGƯỜI TƯỜNG TRÌNH"),
    TextPaperKind("ĐƠN ĐỀ NGHỊ", "Về việc xác nhận nơi cư trú", "NGƯỜI ĐỀ NGHỊ"),
    TextPaperKind("BÁO CÁO", "Kết quả tiếp nhận và giải quyết hồ sơ", "NGƯỜI BÁO CÁO"),
)

ACTORS = (
    "Bộ phận Một cửa", "cán bộ tiếp nhận hồ sơ", "Ủy ban nhân dân xã", "Công an phường",
    "công chức tư pháp - hộ tịch", "người nộp hồ sơ", "gia đình tôi", "tổ dân phố",
    "cơ quan có thẩm quyền", "Trung tâm Phục vụ hành chính công",
)
ACTIONS = (
    "đã tiếp nhận", "đã kiểm tra", "đề nghị xem xét", "đã hướng dẫn bổ sung", "đã cập nhật",
    "cam kết cung cấp đầy đủ", "đã rà soát", "tiếp tục giải quyết", "đã chuyển xử lý",
    "đã đối chiếu", "xin được xác nhận", "đã số hóa",
)
OBJECTS = (
    "hồ sơ thủ tục hành chính", "thông tin về nơi cư trú", "giấy tờ chứng minh nhân thân",
    "bản sao giấy khai sinh", "tờ khai theo mẫu quy định", "kết quả giải quyết hồ sơ",
    "dữ liệu trên hệ thống một cửa điện tử", "giấy xác nhận tình trạng hôn nhân",
    "thông tin trong cơ sở dữ liệu quốc gia về dân cư", "các thành phần hồ sơ còn thiếu",
    "bản chính giấy tờ để đối chiếu", "phiếu kiểm soát quá trình giải quyết",
)
MANNERS = (
    "theo đúng quy định của pháp luật", "trong thời hạn quy định", "một cách đầy đủ và chính xác",
    "trên Cổng dịch vụ công quốc gia", "kịp thời và công khai", "theo hướng dẫn của cán bộ",
    "trước ngày hẹn trả kết quả", "tại trụ sở cơ quan", "qua dịch vụ bưu chính công ích",
)
REASONS = (
    "để thuận tiện cho việc giải quyết thủ tục", "do giấy tờ cũ đã bị hư hỏng",
    "vì gia đình chuyển đến nơi ở mới", "nhằm bảo đảm quyền lợi hợp pháp của công dân",
    "để hoàn thiện hồ sơ theo yêu cầu", "do thông tin trên giấy tờ chưa thống nhất",
)
OPENINGS = (
    "Căn cứ quy định hiện hành,", "Trong thời gian qua,", "Sau khi xem xét,", "Theo đề nghị của công dân,",
    "Thực hiện hướng dẫn của cơ quan cấp trên,", "Để bảo đảm tiến độ,", "Qua kiểm tra thực tế,",
)
CLOSINGS = (
    "Tôi xin chịu trách nhiệm trước pháp luật về những thông tin đã khai.",
    "Kính đề nghị cơ quan xem xét, giải quyết.",
    "Rất mong nhận được sự quan tâm, giúp đỡ của quý cơ quan.",
    "Tôi xin cam đoan những nội dung trên là đúng sự thật.",
    "Xin trân trọng cảm ơn.",
)
SENTENCE_TEMPLATES = (
    "{opening} {actor} {action} {object} {manner}.",
    "{Actor} {action} {object} {reason}.",
    "{Actor} {action} {object} {manner}, {reason}.",
    "{opening} {actor} {action} {object} và {object2} {manner}.",
    "Đến nay, {actor} {action} {object}, đồng thời {action2} {object2}.",
    "Trong quá trình giải quyết, {actor} {action} {object} {manner}.",
)


def capitalise_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def compose_sentence(rng: random.Random) -> str:
    template = rng.choice(SENTENCE_TEMPLATES)
    actor = rng.choice(ACTORS)
    object_, object2 = rng.sample(OBJECTS, 2)
    action, action2 = rng.sample(ACTIONS, 2)
    sentence = template.format(
        opening=rng.choice(OPENINGS), actor=actor, Actor=capitalise_first(actor),
        action=action, action2=action2, object=object_, object2=object2,
        manner=rng.choice(MANNERS), reason=rng.choice(REASONS),
    )
    return capitalise_first(sentence)


def compose_paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(compose_sentence(rng) for _ in range(sentences))


def compose_body(rng: random.Random, paragraphs: int) -> list[str]:
    """``paragraphs`` paragraphs of 2-4 sentences, the last one ending with a closing formula."""
    body = [compose_paragraph(rng, rng.randint(2, 4)) for _ in range(paragraphs)]
    body[-1] = f"{body[-1]} {rng.choice(CLOSINGS)}"
    return body


def choose_text_paper_kind(rng: random.Random) -> TextPaperKind:
    return rng.choice(TEXT_PAPER_KINDS)
