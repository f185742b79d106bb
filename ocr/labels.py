"""Form labels on OCR lines: where a label is, and the words of the value after it.

Official forms print a label, a colon and the value on the same line ("Số định danh
cá nhân: 019085012345"), or leave the label's line empty and put the value on the next
one. Labels are matched accent-insensitively and casefolded with a similarity ratio over
the line's first words, so OCR noise in a label ("Ho, chũ dệm và tèn") still anchors it.
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
from dataclasses import dataclass

from ocr.model import BBox, OcrResult, Word, enclosing_box
from ocr.text import fold_for_match, fold_same_length

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Label:
    """A printed form label that anchors the value of field ``key``."""

    key: str
    text: str
    cmnd: bool = False  # a 9-digit old ID card number is accepted next to this label


LABELS: tuple[Label, ...] = (
    Label("name", "Họ, chữ đệm và tên"), Label("name", "Họ, chữ đệm, tên"),
    Label("name", "Họ và tên"), Label("name", "Họ tên"), Label("name", "Tên người yêu cầu"),
    Label("name", "Người nộp hồ sơ"), Label("name", "Tiếp nhận hồ sơ của"),
    Label("dob", "Ngày, tháng, năm sinh"), Label("dob", "Ngày sinh"),
    Label("id_number", "Số định danh cá nhân"), Label("id_number", "Số CCCD"),
    Label("id_number", "Căn cước công dân"), Label("id_number", "Số căn cước"),
    Label("id_number", "Số CMND", cmnd=True), Label("id_number", "Chứng minh nhân dân", cmnd=True),
    Label("id_number", "Số CCCD/CMND", cmnd=True), Label("id_number", "Số CMND/CCCD", cmnd=True),
    Label("address", "Nơi cư trú"), Label("address", "Địa chỉ"), Label("address", "Nơi thường trú"),
    Label("address", "Chỗ ở hiện tại"), Label("address", "Nơi ở hiện tại"),
    Label("phone", "Số điện thoại"), Label("phone", "Điện thoại"), Label("phone", "SĐT"),
    Label("dossier_code", "Mã hồ sơ"), Label("dossier_code", "Số hồ sơ"),
    Label("procedure_code", "Mã TTHC"), Label("procedure_code", "Mã thủ tục"),
    Label("procedure_code", "Mã thủ tục hành chính"),
    Label("received_date", "Thời gian nhận hồ sơ"), Label("received_date", "Ngày nhận hồ sơ"),
    Label("received_date", "Ngày tiếp nhận"), Label("received_date", "Thời gian tiếp nhận"),
    Label("appointment_date", "Thời gian trả kết quả"), Label("appointment_date", "Ngày hẹn trả kết quả"),
    Label("appointment_date", "Hẹn trả kết quả"), Label("appointment_date", "Ngày trả kết quả"),
)
"""Labels from DOMAIN.md and the intake receipt template; callers may pass their own."""

CARD_LABELS: tuple[Label, ...] = (
    Label("id_number", "Số / No."),
    Label("issue_date", "Ngày, tháng, năm / Date, month, year"),
    Label("issue_date", "Ngày cấp / Date of issue"),
    Label("sex", "Giới tính / Sex"), Label("place_of_origin", "Quê quán / Place of origin"),
    Label("place_of_origin", "Quê quán"), Label("issue_date", "Ngày, tháng, năm"),
    Label("issue_date", "Ngày, tháng, năm cấp / Date of issue"), Label("issue_date", "Ngày, tháng, năm cấp"),
    Label("expiry_date", "Ngày, tháng, năm hết hạn / Date of expiry"),
    Label("expiry_date", "Ngày, tháng, năm hết hạn"),
    Label("birth_place", "Nơi đăng ký khai sinh / Place of birth"), Label("birth_place", "Nơi đăng ký khai sinh"),
)
"""Bilingual labels of the ID card that only count on an ID card copy ("Số" alone would
anchor any numbered line); the card's other labels start like a form's ("Họ và tên /
Full name" is "Họ và tên" with an English tail, which :func:`after_colon` skips). The
Vietnamese halves alone anchor the value where a poor copy garbles the English half.
The 2024 identity card (thẻ căn cước) prints the issue and expiry dates on the back,
each on a labelled line of its own, and the place the birth was registered
(``birth_place``) where the 2021 card printed the place of origin."""

STOP_LABELS: tuple[str, ...] = (
    "Giới tính", "Dân tộc", "Quốc tịch", "Email", "Ngày cấp", "Nơi cấp", "Quê quán",
    "Nơi sinh", "Số hộ chiếu", "Fax", "Quốc tịch / Nationality", "Giới tính / Sex",
)
"""Labels of other fields that end a value when they follow it on the same line with a colon."""

MIN_LABEL_RATIO = 0.8
_ENUMERATOR = re.compile(r"^(?:\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}\.|[-–•*+])$")
_LEADER_TRIM = re.compile(r"(?::|[.…_·‥]{2,}|[…_])*(?P<core>.*?)(?:[.…_·‥]{2,}|[…_])*")
_NARROW = frozenset(".,:;·'|!iIlj()")
_NOISE_TOKEN = re.compile(r"^[.,:;·…_\-–—'\"‘’„~^*=]+$")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SLASHES = frozenset({"/", "|", "l", "I", "1/", "/:", "7", "1", "!", "ƒ"})
"""The slash between a card label's halves, and what OCR makes of it."""
_LETTER_LOOKALIKES = str.maketrans("015", "ols")  # "0rigin", "P1ace" in a card's English label
_ENGLISH_LABEL_WORDS = ("no", "full", "name", "date", "of", "birth", "place", "residence", "origin",
                        "sex", "nationality", "personal", "identification", "number", "month",
                        "year", "issue", "expiry")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a line (a word glued to a label by a colon is split in two)."""

    text: str
    bbox: BBox
    confidence: float


@dataclass(frozen=True, slots=True)
class PageLine:
    """One OCR line: its tokens, the text they make, and its accent-folded twin.

    ``folded`` has the same length as ``text``, so a span found in one is valid in both.
    """

    tokens: tuple[Token, ...]
    text: str
    folded: str
    starts: tuple[int, ...]  # offset of each token in ``text``

    @classmethod
    def of(cls, tokens: tuple[Token, ...]) -> "PageLine":
        starts, offset = [], 0
        for token in tokens:
            starts.append(offset)
            offset += len(token.text) + 1
        text = " ".join(t.text for t in tokens)
        return cls(tokens, text, fold_same_length(text), tuple(starts))

    @property
    def bbox(self) -> BBox:
        return union_box(self.tokens)

    @property
    def height(self) -> int:
        return max(1, sorted(t.bbox[3] - t.bbox[1] for t in self.tokens)[len(self.tokens) // 2])

    def tokens_in(self, start: int, end: int) -> tuple[Token, ...]:
        """The tokens that overlap the characters ``start:end`` of ``text``."""
        return tuple(token for token, at in zip(self.tokens, self.starts)
                     if at < end and at + len(token.text) > start)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A label found at the start of line ``line_index``, with the tokens of its value."""

    label: Label
    line_index: int
    value: tuple[Token, ...]
    next_line: bool  # the value came from the line below the label


def union_box(tokens: tuple[Token, ...] | list[Token]) -> BBox:
    return enclosing_box(t.bbox for t in tokens)


def page_lines(ocr: OcrResult) -> list[PageLine]:
    """The page's lines in reading order, words split where a label's colon glues a value on."""
    lines: list[PageLine] = []
    current: list[Token] = []
    previous: tuple[int, int, int] | None = None
    for word in ocr.words:
        if word.line != previous and current:
            lines.append(PageLine.of(tuple(current)))
            current = []
        current.extend(split_at_colon(word))
        previous = word.line
    if current:
        lines.append(PageLine.of(tuple(current)))
    return lines


def split_at_colon(word: Word) -> list[Token]:
    """``"tên:NGUYỄN"`` → ``"tên:"`` + ``"NGUYỄN"``, boxes split in proportion to length.
    A colon followed by nothing but a comma or a dot ("Lar:,": a letter misread in a
    place's name) ends no label: the word stays whole; dot leaders before a value
    ("tên:.....NGUYỄN") still part it."""
    token = Token(word.text, word.bbox, word.confidence)
    match = re.search(r"(?<=[^\W\d]):(?![,.;]*$)(?=\S)", word.text)
    if not match:
        return [token]
    return [slice_token(token, 0, match.end()), slice_token(token, match.end(), len(word.text))]


def slice_token(token: Token, start: int, end: int) -> Token:
    """Characters ``start:end`` of a token, its box narrowed by the characters' likely widths
    (dots and colons count half a letter: a digit and its dot leaders are told apart)."""
    widths = [0.5 if ch in _NARROW else 1.0 for ch in token.text] or [1.0]
    total = sum(widths)
    left, top, right, bottom = token.bbox
    x0 = left + round((right - left) * sum(widths[:start]) / total)
    x1 = left + round((right - left) * sum(widths[:end]) / total)
    return Token(token.text[start:end], (x0, top, max(x1, x0 + 1), bottom), token.confidence)


def label_key(text: str) -> str:
    """The form a label is compared in: folded, without punctuation, single-spaced."""
    return " ".join(_PUNCTUATION.sub(" ", fold_for_match(text)).split())


def match_label(tokens: tuple[Token, ...], labels: tuple[Label, ...],
                min_ratio: float = MIN_LABEL_RATIO) -> tuple[Label, int] | None:
    """The label the tokens start with, and how many tokens it spans; ``None`` if none.

    Each label is compared with the first 1..n+1 tokens (n = the label's word count);
    the best ratio wins, ties going to the longer label.
    """
    keyed = keyed_labels(labels)
    longest = max((len(key.split()) for key, _ in keyed), default=0) + 1
    seen = [label_key(" ".join(t.text for t in tokens[:count]))
            for count in range(1, min(longest, len(tokens)) + 1)]
    best: tuple[float, int, Label, int] | None = None
    for wanted, label in keyed:
        for count, candidate in enumerate(seen[:len(wanted.split()) + 1], start=1):
            ratio = similarity(wanted, candidate, min_ratio)
            if ratio and (best is None or (ratio, len(wanted)) > best[:2]):
                best = (ratio, len(wanted), label, count)
    return (best[2], best[3]) if best else None


@functools.lru_cache(maxsize=32)
def keyed_labels(labels: tuple[Label, ...]) -> tuple[tuple[str, Label], ...]:
    return tuple((label_key(label.text), label) for label in labels)


def similarity(wanted: str, seen: str, min_ratio: float) -> float:
    """difflib's ratio of the two strings, or 0 when it is below ``min_ratio``."""
    if not seen:
        return 0.0
    matcher = difflib.SequenceMatcher(None, wanted, seen, autojunk=False)
    if matcher.real_quick_ratio() < min_ratio or matcher.quick_ratio() < min_ratio:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= min_ratio else 0.0


def skip_enumerator(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Tokens without a leading item mark ("1.", "a)", "-", "•")."""
    return tokens[1:] if tokens and _ENUMERATOR.match(tokens[0].text.lower()) else tokens


def find_anchors(lines: list[PageLine], labels: tuple[Label, ...],
                 min_ratio: float = MIN_LABEL_RATIO) -> list[Anchor]:
    """Every line that starts with a label, with its value's tokens (possibly empty)."""
    anchors = []
    for index, line in enumerate(lines):
        tokens = skip_enumerator(line.tokens)
        found = match_label(tokens, labels, min_ratio)
        if not found:
            continue
        label, count = found
        value = clean_value(cut_at_stop_label(after_colon(tokens, count), labels))
        next_line = False
        if not value and index + 1 < len(lines) and holds_value_for(lines[index + 1], line,
                                                                   labels, min_ratio):
            value, next_line = clean_value(lines[index + 1].tokens), True
        anchors.append(Anchor(label, index, value, next_line))
    return anchors


def holds_value_for(below: PageLine, label_line: PageLine, labels: tuple[Label, ...],
                    min_ratio: float = MIN_LABEL_RATIO) -> bool:
    """Whether ``below`` is the value of an empty label line: close under it, not a label."""
    gap = below.bbox[1] - label_line.bbox[3]
    return (gap <= 1.5 * label_line.height and not has_colon_label(below)
            and not starts_with_label(below, labels, min_ratio))


def has_colon_label(line: PageLine) -> bool:
    """Whether the line starts like a "Label: value" line (a colon in its first words). A
    bare colon ending the line labels nothing: what a dotted writing line left after the
    end of a wrapped address ("thành phố Hà Nội :")."""
    last = len(line.tokens) - 1
    return any(t.text.endswith(":") and (t.text != ":" or index < last) for index, t in enumerate(line.tokens[:6]))


ENGLISH_HALF = frozenset({"/", "of"})
"""Words that mark the English half of a card's bilingual label ("Nơi thường trú / Place
of residence:"): no value on a card holds "of" (no Vietnamese syllable ends in f), nor a
slash standing between spaces. Forms may ("số nhà 5 / 22"): only card pages ask."""


def has_english_half(line: PageLine) -> bool:
    """Whether the line holds a bilingual label, however garbled its words are ("NCthường
    túi Phace of rexeence.", "thường tô / P!§Qce dý cenoive")."""
    return any(token.text.casefold() in ENGLISH_HALF for token in line.tokens)


def starts_with_label(line: PageLine, labels: tuple[Label, ...],
                      min_ratio: float = MIN_LABEL_RATIO) -> bool:
    return match_label(skip_enumerator(line.tokens), labels, min_ratio) is not None


def after_colon(tokens: tuple[Token, ...], label_count: int) -> tuple[Token, ...]:
    """The tokens after a label of ``label_count`` tokens and the colon that ends it.

    A label's own tail before the colon ("... tên người yêu cầu:", "Họ và tên / Full
    name:") is skipped: up to six more tokens without digits, ending in a colon.
    """
    rest = tokens[label_count:]
    if tokens[label_count - 1].text.endswith(":"):
        return rest
    for index, token in enumerate(rest[:7]):
        if any(ch.isdigit() for ch in token.text) and token.text not in _SLASHES:
            break
        if token.text.endswith(":"):
            return rest[index + 1:]
    return skip_english_tail(rest)


def skip_english_tail(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The tokens after an ID card label's English half whose colon OCR lost
    ("/ Place of resid| Tổ 5, ..."): a slash (or, when OCR lost it too, two such words in
    a row), then words of the card's English labels (cut short or misread at the end)."""
    if not tokens:
        return tokens
    slash = tokens[0].text in _SLASHES
    if not slash and not (len(tokens) > 1 and _is_english_label_word(tokens[0].text)
                          and _is_english_label_word(tokens[1].text)):
        return tokens  # without its slash, two English label words in a row ("Place of")
    index = 1 if slash else 0
    while index < len(tokens) and _is_english_label_word(tokens[index].text):
        index += 1
    return tokens[index:] if index > int(slash) else tokens


def _is_english_label_word(text: str) -> bool:
    word = re.sub(r"[^a-z]", "", text.lower().translate(_LETTER_LOOKALIKES))
    if not word or len(word) < len(text.rstrip(":|.")) - 1:
        return False
    return any(english.startswith(word) or similarity(english[:len(word)], word, 0.75)
               for english in _ENGLISH_LABEL_WORDS)


def cut_at_stop_label(tokens: tuple[Token, ...], labels: tuple[Label, ...]) -> tuple[Token, ...]:
    """The tokens up to another field's label that follows on the same line with a colon."""
    stops = keyed_labels(tuple(Label("", text) for text in STOP_LABELS) + labels)
    for colon, token in enumerate(tokens):
        if colon == 0 or not token.text.endswith(":"):
            continue
        for start in range(max(1, colon - 5), colon + 1):
            seen = label_key(" ".join(t.text for t in tokens[start:colon + 1]))
            if any(similarity(wanted, seen, 0.9) for wanted, _ in stops):
                return tokens[:start]
    return tokens


def clean_value(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The tokens without dot leaders, underscores and punctuation-only noise.

    Leaders glued to a word ("......NGUYỄN", "678.........") are cut off the word and
    its box, so the value's box covers the value only.
    """
    cleaned = []
    for token in tokens:
        match = _LEADER_TRIM.fullmatch(token.text)
        token = slice_token(token, match.start("core"), match.end("core")) if match else token
        if not token.text or (_NOISE_TOKEN.match(token.text) and token.text not in ("-", ",")):
            continue
        cleaned.append(token)
    while cleaned and cleaned[0].text in ("-", ","):
        cleaned.pop(0)
    while cleaned and cleaned[-1].text in ("-", ","):
        cleaned.pop()
    return tuple(cleaned)


def value_text(tokens: tuple[Token, ...]) -> str:
    """The value as one string, without trailing separators, nor a lone full stop: values
    end without one, and a speck after the last letter reads as one ("Thái Nguyên.")."""
    text = " ".join(t.text for t in tokens).strip().rstrip(",;:").strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip(",;: ")
    return text
