"""Fields officers check, read from one page's OCR: name, date of birth, ID number,
address, phone, signing date and place, the form's title, on intake receipts the
dossier code, procedure code, receipt and appointment dates, and on ID card copies the
card's values (checked against its QR code where that decoded).

Every field carries a confidence from its words' OCR confidences (the weakest word),
halved for each failed check of :mod:`ocr.validate`, with the reasons in ``warnings``;
:mod:`ocr.calibration` then turns it into the probability that the value is exactly
right (the raw one stays in ``raw_confidence``).
A value that fails its format (a date that does not exist, a label with no readable
number) is kept with an empty value, confidence 0 and the reason, so an officer sees
the label was there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Callable, Literal, Mapping, Sequence

from ocr.address_units import Level, ends_in_bare_unit, find_admin_parts
from ocr.calibration import FieldCalibration, shipped_calibration
from ocr.dates import SPELLED_DATE, find_date, iso_date, printed_numbers
from ocr.digits import one_digit_off
from ocr.id_card import (DOCUMENT_TYPE as ID_CARD_COPY, card_for_page, chip_cards,
                         confirm_with_card, holds_card_faces, looks_like_id_card)
from ocr.id_card_fields import (birth_place_above_issue, confirm_with_zone, expiry_on, expiry_without_label,
                                issue_without_label, number_without_label, origin_above_residence, read_expiry,
                                with_zone_family_name, zone_name_tokens)
from ocr.identity import find_id_number, find_phone
from ocr.labels import (CARD_LABELS, LABELS, Anchor, Label, PageLine, Token, find_anchors,
                        has_colon_label, has_english_half, label_key, page_lines, similarity, starts_with_label,
                        union_box, value_text)
from ocr.model import Field, OcrResult
from ocr.mrz import CardMrz
from ocr.names import is_family_name, mend_family_name, part_run_together
from ocr.origin_places import garbled, nearest_place
from ocr.places import check_address, load_register
from ocr.text import fold_for_match, fuzzy_contains
from ocr.validate import (FieldWarning, birth_year_from_id, check_date, check_dossier_code, check_id_number,
                          check_name, check_phone)

log = logging.getLogger(__name__)

DOSSIER_CODE_PATTERN = (
    r"\b(?:(?:\d{2,3}\.){1,3}[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){0,3})"
    r"-\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{4,8}\b")
PROCEDURE_CODE_PATTERN = r"\b\d\.\d{6}(?:\.[A-Z]\d{2})?\b"
DOCUMENT_WORDS: tuple[str, ...] = (
    "TỜ KHAI", "ĐƠN", "GIẤY", "PHIẾU", "BẢN KHAI", "BẢN CAM KẾT", "BẢN SAO", "QUYẾT ĐỊNH",
    "BIÊN BẢN", "HỢP ĐỒNG", "THÔNG BÁO", "TRÍCH LỤC", "VĂN BẢN", "BÁO CÁO", "TỜ TRÌNH",
    "CÔNG VĂN", "DANH SÁCH", "XÁC NHẬN", "CHỨNG NHẬN", "SƠ ĐỒ", "BẢN TƯỜNG TRÌNH",
    "BẢN KÊ KHAI", "BẢN TỰ KHAI", "SƠ YẾU LÝ LỊCH", "LÝ LỊCH", "CAM KẾT", "DI CHÚC", "KẾ HOẠCH",
)
"""Words a form title starts with."""
MOTTO_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
WARNING_PENALTY = 0.5
TITLE_ZONE = 0.4  # titles sit in the top 40% of the page
MAX_TITLE_LINES = 3
MAX_ADDRESS_LINES = 3
ORIGIN_LABEL = next(label for label in CARD_LABELS if label.key == "place_of_origin")
BIRTH_PLACE_LABEL = next(label for label in CARD_LABELS if label.key == "birth_place")
INFERRED = (FieldWarning.LABEL_INFERRED,)  # a card's value found by where it stands, its label lost
MULTILINE_KEYS = ("address", "place_of_origin", "birth_place")  # values that wrap onto the lines below
PLACE_ONLY_KEYS = ("place_of_origin", "birth_place")  # places of units only, no street
CONTINUATION_GAP = 1.5
"""A value's next line lies at most this many line heights below (forms print their rows
double-spaced: the wrapped end of an address sits a full line height or more below)."""
CARD_CONTINUATION_INDENT = 2.0
"""Line heights an ID card's wrapped value may start left of the line above (elsewhere
one): the line above's left is its label's, in boxes the card's fixed print was restored
into from a faded read (hard dev 57: 27 px right of the print, at 20 px lines); the
photo's column stands far further left."""
MIN_CONTINUATION_CHARS = 3  # "ng", "._": a scrap (a card's art, a speck), not the end of an address ...
PLACE_WORDS = 3  # ... unless it ends a unit's name cut off in the line's last words above
MIN_CONTINUATION_CONFIDENCE = 0.5  # below: noise (a card's edge, a stamp), not an address's next line
HONORIFICS = ("ông", "bà", "ông/bà", "anh", "chị", "cô")
"""Words before a name on receipts ("Tiếp nhận hồ sơ của: Bà LÊ THỊ MAI"), not part of it."""
PAST_DATES = ("dob", "received_date", "issue_date")
"""Dates that cannot lie in the future (an appointment date does)."""
SEXES = {"nam": "Nam", "nu": "Nữ"}  # folded as read -> as the ID card prints it
CODE_DATE = re.compile(r"-(\d{2})(\d{2})(\d{2})-\d+$")  # a dossier code's YYMMDD receipt date
AGREEING_DOUBT = 0.5  # a value two independent reads agree on keeps this share of its doubt
CHAIN_DOUBT = 0.5  # an address whose units form a register chain keeps this share of its doubt


@dataclass(frozen=True, slots=True)
class PageFields:
    document_type: Field | None
    fields: dict[str, Field]


def extract_fields(ocr: OcrResult, *, labels: tuple[Label, ...] = LABELS,
                   dossier_code_pattern: str = DOSSIER_CODE_PATTERN,
                   procedure_code_pattern: str = PROCEDURE_CODE_PATTERN,
                   document_words: tuple[str, ...] = DOCUMENT_WORDS,
                   qr_texts: Sequence[str] = (), today: dt.date | None = None,
                   zone: CardMrz | None = None,
                   calibration: FieldCalibration | None | Literal["shipped"] = "shipped") -> PageFields:
    """The fields of one page. Label and code patterns default to DOMAIN.md's.

    ``qr_texts`` are the page's decoded QR codes and barcodes: a chip ID card's gives the
    card's exact values; ``zone`` an ID card's machine-readable zone, whose checked values
    confirm the card's. ``today`` (default: the local date) bounds past dates.
    ``calibration`` maps confidences to probabilities (default: the shipped one; ``None``:
    the raw, uncalibrated confidences).
    """
    found = read_page_fields(ocr, labels=labels, dossier_code_pattern=dossier_code_pattern,
                             procedure_code_pattern=procedure_code_pattern,
                             document_words=document_words, qr_texts=qr_texts, today=today, zone=zone)
    if calibration == "shipped":
        calibration = shipped_calibration()
    return found if calibration is None else calibrated(found, calibration)


def calibrated(found: PageFields, calibration: FieldCalibration, poor_page: bool = False) -> PageFields:
    document_type = found.document_type
    if document_type is not None:
        document_type = calibration.calibrated("document_type", document_type, poor_page)
    return PageFields(document_type, {key: calibration.calibrated(key, read, poor_page)
                                      for key, read in found.fields.items()})


def on_poor_page(found: PageFields, calibration: FieldCalibration | None | str = "shipped") -> PageFields:
    """``found`` calibrated as read on a page marked for rescanning (its words read unsure
    on the whole, :mod:`ocr.read_quality`): never surer than on another page."""
    if calibration == "shipped":
        calibration = shipped_calibration()
    return found if calibration is None else calibrated(found, calibration, poor_page=True)


def read_page_fields(ocr: OcrResult, *, labels: tuple[Label, ...], dossier_code_pattern: str,
                     procedure_code_pattern: str, document_words: tuple[str, ...],
                     qr_texts: Sequence[str], today: dt.date | None,
                     zone: CardMrz | None = None) -> PageFields:
    """The fields of one page with their raw confidences (see :func:`extract_fields`)."""
    today = today or dt.date.today()
    lines = page_lines(ocr)
    cards = chip_cards(qr_texts)
    id_card = bool(cards) or zone is not None or holds_card_faces(ocr) or looks_like_id_card(ocr.text)
    if id_card:
        labels = labels + CARD_LABELS
    codes = {"dossier_code": re.compile(dossier_code_pattern),
             "procedure_code": re.compile(procedure_code_pattern)}
    fields: dict[str, Field] = {}
    anchors = find_anchors(lines, labels)
    read_by: dict[str, Label] = {}
    for anchor in anchors:
        key = anchor.label.key
        if (key not in fields or not fields[key].value
                or (id_card and key == "issue_date" and _more_specific(anchor.label, read_by.get(key)))):
            read = read_anchor(anchor, lines, labels, codes, today, id_card=id_card)
            if read is not None and (read.value or key not in fields or not fields[key].value):
                fields[key], read_by[key] = read, anchor.label  # a more specific label's empty read keeps the value
    if id_card and "place_of_origin" not in fields:
        origin = origin_above_residence(lines, anchors)
        if origin is not None:
            fields["place_of_origin"] = with_checks(read_address(origin, ORIGIN_LABEL), INFERRED)
    if id_card and "birth_place" not in fields and "place_of_origin" not in fields:
        place = birth_place_above_issue(lines, anchors, fields.get("address"))
        if place is not None:
            fields["birth_place"] = with_checks(read_address(place, BIRTH_PLACE_LABEL), INFERRED)
    if id_card and ("id_number" not in fields or not fields["id_number"].value):
        number = number_without_label(lines)
        if number is not None:
            fields["id_number"] = with_checks(number, check_id_number(number.value, today=today) + INFERRED)
    for key, pattern in codes.items():
        if key not in fields or not fields[key].value:
            found = search_lines(lines, pattern)
            if found is not None:
                fields[key] = found
    if "dossier_code" in fields and fields["dossier_code"].value:
        fields["dossier_code"] = with_checks(fields["dossier_code"],
                                             check_dossier_code(fields["dossier_code"].value, today))
    used = {a.line_index + a.next_line for a in anchors} | {a.line_index for a in anchors}
    fields.update(read_signature([line for i, line in enumerate(lines) if i not in used], today))
    if id_card and "expiry_date" not in fields:
        expiry = read_expiry(lines)
        if expiry is not None:
            fields["expiry_date"] = expiry
    if zone is not None:
        fields = confirm_with_zone(fields, zone, lines)
        name = fields.get("name")
        if name is None or not fold_for_match(name.value).startswith(zone.name.casefold()):
            tokens = zone_name_tokens(lines, zone)
            if tokens is not None:
                fields["name"] = read_name(PageLine.of(tokens), None)
            elif name is not None:
                fields["name"] = with_zone_family_name(name, zone)
    card = card_for_page(cards, fields) if cards else None
    if card is not None:
        fields = confirm_with_card(fields, card)
    # after the QR's values, whose birth date the expiry is found by
    if id_card and "expiry_date" not in fields:
        expiry = expiry_without_label(lines, fields.get("dob"))
        if expiry is not None:
            fields["expiry_date"] = with_checks(expiry, INFERRED)
    if id_card and "issue_date" not in fields:
        issued = issue_without_label(lines, fields, today)
        if issued is not None:
            fields["issue_date"] = with_checks(issued, INFERRED)
    if "id_number" in fields and "dob" in fields:
        fields["dob"] = dob_year_from_id(fields["dob"], fields["id_number"])
        fields["id_number"] = cross_check_id(fields["id_number"], fields["dob"])
        fields["dob"] = cross_check_dob(fields["dob"], fields["id_number"])
    if "received_date" in fields and "dossier_code" in fields:
        scanned = fields["dossier_code"].value in {text.strip() for text in qr_texts}
        fields["received_date"] = cross_check_received(fields["received_date"], fields["dossier_code"],
                                                       scanned=scanned)
    if id_card:
        return PageFields(card_document_type(fields, has_qr=bool(cards)), fields)
    return PageFields(read_document_type(lines, ocr.width, ocr.height, document_words), fields)


def _more_specific(label: Label, before: Label | None) -> bool:
    """Whether ``label`` says more than the label its field was read after: it starts with
    that label's words and goes on ("Ngày, tháng, năm cấp", the 2024 card's issue label,
    after the bare "Ngày, tháng, năm" the 2021 card's issue date follows, which a garbled
    birth label "Ngáy, háng nÂm senh" also reads as). Asked for a card's issue date only:
    on a form the first of "Số CCCD" and "Số CCCD/CMND" is the applicant's."""
    return (before is not None and len(label.text) > len(before.text)
            and label_key(label.text).startswith(label_key(before.text)))


def make_field(value: str, tokens: tuple[Token, ...] | list[Token], raw: str,
               warnings: tuple[str, ...] = (), *, free_text: bool = False) -> Field:
    """A field whose confidence is its weakest word's (the mean for free text such as an
    address, where one doubtful comma should not sink the whole), halved per warning."""
    if not tokens:
        confidence = 0.0
    elif free_text:
        confidence = sum(t.confidence for t in tokens) / len(tokens)
    else:
        confidence = min(t.confidence for t in tokens)
    confidence *= WARNING_PENALTY ** len(warnings)
    return Field(value, confidence, union_box(tokens) if tokens else None, raw, tuple(warnings))


def with_less_doubt(read: Field, share: float) -> Field:
    """``read`` with only ``share`` of its doubt (1 - confidence) left: a second, independent
    source backs it."""
    return dataclasses.replace(read, confidence=1 - (1 - read.confidence) * share)


def rejected(tokens: tuple[Token, ...], raw: str, reason: FieldWarning) -> Field:
    return Field("", 0.0, union_box(tokens) if tokens else None, raw, (reason,))


def with_checks(read: Field, issues: tuple[str, ...]) -> Field:
    """``read`` with the new ones of ``issues`` added and its confidence lowered for each."""
    new = tuple(issue for issue in issues if issue not in read.warnings)
    if not new:
        return read
    return dataclasses.replace(read, warnings=read.warnings + new,
                               confidence=read.confidence * WARNING_PENALTY ** len(new))


def read_anchor(anchor: Anchor, lines: list[PageLine], labels: tuple[Label, ...],
                codes: dict[str, re.Pattern[str]], today: dt.date, id_card: bool = False) -> Field | None:
    """The field a label anchors; ``None`` when the form left it blank. ``id_card``: the
    page is an ID card's copy, whose labels are bilingual."""
    tokens = anchor.value
    if anchor.label.key in MULTILINE_KEYS:
        tokens = tokens + continuation(lines, anchor, labels, bilingual=id_card)
    if not tokens:
        return None
    value = PageLine.of(tokens)
    if anchor.label.key in codes:
        return read_code(value, codes[anchor.label.key])
    reader = READERS.get(anchor.label.key, read_text)
    read = reader(value, anchor.label)
    if not read.value and anchor.label.key in SPLIT_OFF_KEYS and not anchor.next_line:
        split_off = value_split_off(anchor, lines)
        again = reader(PageLine.of(split_off), anchor.label) if split_off else None
        read = again if again is not None and again.value else read
    if anchor.label.key in PAST_DATES and read.value:
        read = with_checks(read, check_date(read.value, today))
    if anchor.label.key == "id_number" and read.value:
        read = with_checks(read, check_id_number(read.value, today=today))
    return read


SPLIT_OFF_KEYS = ("dob", "id_number", "phone", "received_date", "issue_date", "appointment_date")
"""Values of a shape a reader knows (dates, numbers): looked for on a line split off the
label's when what follows the label reads as none."""
SPLIT_OFF_SHARE = 0.5  # of the lower line's height two lines share to be one line split in two


def value_split_off(anchor: Anchor, lines: list[PageLine]) -> tuple[Token, ...]:
    """The tokens of other lines level with the label's (sharing ``SPLIT_OFF_SHARE`` of
    their height) that stand where its value does: from a line height left of the value
    read to the next word after it (a form's next label on the same line). Tesseract
    parts a line in two where the typed values sit a little above their labels (mild dev
    95: "2. Ngày, tháng, năm sinh: VÀ 3. Giới tính:" and, level with it, "à á ăm sinh:
    01.01.1996 lới tính: Nữ")."""
    line = lines[anchor.line_index]
    if not anchor.value:
        return ()
    height = line.height
    start = anchor.value[0].bbox[0] - height
    after = [t for t in line.tokens if t.bbox[0] > anchor.value[-1].bbox[2]]
    end = after[0].bbox[0] if after else start + VALUE_REACH * height
    found: list[Token] = []
    for index, other in enumerate(lines):
        shared = min(line.bbox[3], other.bbox[3]) - max(line.bbox[1], other.bbox[1])
        if index == anchor.line_index or shared < SPLIT_OFF_SHARE * min(height, other.height):
            continue
        taken: list[Token] = []
        for token in sorted(other.tokens, key=lambda t: t.bbox[0]):
            if (token.bbox[0] + token.bbox[2]) / 2 < start:
                continue
            if (token.bbox[0] + token.bbox[2]) / 2 >= end:
                break  # past the value's room
            if token.text.endswith(":"):
                if token.bbox[0] > anchor.value[0].bbox[0]:
                    break  # another label ("Cấp: 12/05/2021" beside the value)
                taken = []  # the value's own label's colon, split off with it: the value follows
                continue
            taken.append(token)
        found += taken
    return tuple(sorted(found, key=lambda t: t.bbox[0]))


VALUE_REACH = 8  # line heights from the value's start where, with nothing after it, the value split off may end


def read_text(value: PageLine, label: Label) -> Field:
    return make_field(value_text(value.tokens), value.tokens, value.text, free_text=True)


def read_name(value: PageLine, label: Label | None) -> Field:
    tokens = value.tokens
    if len(tokens) > 2 and tokens[0].text.casefold() in HONORIFICS:
        tokens = tokens[1:]
    while len(tokens) > 2 and all(t.text.isupper() for t in tokens[:-1]) and not tokens[-1].text.isupper():
        tokens = tokens[:-1]  # a name in capitals ends where the capitals do ("HỒ NGỌC ANH Ta": a speck)
    read = value_text(tokens).strip(".")
    parted = part_run_together(read)
    name = mend_family_name(parted)
    mended = ((FieldWarning.NAME_WORDS_PARTED,) if parted != read else ()) + (
        (FieldWarning.NAME_FAMILY_MENDED,) if name != parted else ())
    words = name.split()
    unknown = (FieldWarning.NAME_FAMILY_UNKNOWN,) if len(words) >= 2 and not is_family_name(words[0]) else ()
    return make_field(name, tokens, value.text, check_name(name) + mended + unknown)


def read_address(value: PageLine, label: Label) -> Field:
    """An address (or place of origin) with its units' names mended to the register of
    administrative units; surer when they form one chain there (:mod:`ocr.places`). A
    place of origin, or where a birth was registered, names units only, no street."""
    checked = check_address(value_text(value.tokens), street=label.key not in PLACE_ONLY_KEYS)
    if label.key in PLACE_ONLY_KEYS and _garbled_place(checked.value, value.tokens):
        place = nearest_place(checked.value)
        if place is not None and place != checked.value:  # garbled past mending name by name
            return make_field(place, value.tokens, value.text, (FieldWarning.ADDRESS_MENDED,), free_text=True)
    read = make_field(checked.value, value.tokens, value.text, checked.warnings, free_text=True)
    if not checked.consistent:
        return read
    return with_less_doubt(read, CHAIN_DOUBT)


ORIGIN_DOUBT = 0.8
"""A place of origin read with words this sure on average is taken as read even where no
register chain holds it; below, garbled (a word no register place has: a place named
before the registers' time, "tỉnh Hà Tây", is not) and with no hamlet before its units,
the nearest register place stands for it (:mod:`ocr.origin_places`)."""


def _garbled_place(read: str, tokens: tuple[Token, ...]) -> bool:
    doubtful = bool(tokens) and sum(t.confidence for t in tokens) / len(tokens) < ORIGIN_DOUBT
    return (doubtful and garbled(read)
            and not any(part.level is Level.HAMLET for part in find_admin_parts(read)))


def read_date(value: PageLine, label: Label) -> Field:
    found = find_date(value.text, compact=True)
    if found is None:
        return rejected(value.tokens, value.text, FieldWarning.UNREADABLE)
    tokens = value.tokens_in(found.start, found.end)
    if found.iso is None:
        return rejected(tokens, value.text, FieldWarning.IMPOSSIBLE_DATE)
    return make_field(found.iso, tokens, value.text)


def read_expiry_value(value: PageLine, label: Label) -> Field:
    """A card's expiry after its label (the 2024 card's "Ngày, tháng, năm hết hạn"): as
    below the 2021 card's labels (:func:`ocr.id_card_fields.expiry_on`), else rejected as
    a date is."""
    return expiry_on(value) or read_date(value, label)


def read_sex(value: PageLine, label: Label) -> Field:
    """"Nam" or "Nữ" (its first word, accents forgiven), as the ID card prints it."""
    first = value.tokens[:1]
    sex = SEXES.get(label_key(first[0].text)) if first else None
    if sex is None:
        return rejected(value.tokens, value.text, FieldWarning.UNREADABLE)
    return make_field(sex, first, value.text)


def read_id_number(value: PageLine, label: Label) -> Field:
    found = find_id_number(value.text, cmnd=label.cmnd)
    if found is None:
        return rejected(value.tokens, value.text, FieldWarning.UNREADABLE)
    tokens = value.tokens_in(found.start, found.end)
    return make_field(found.digits, tokens, value.text, check_id_number(found.digits))


def read_phone(value: PageLine, label: Label) -> Field:
    found = find_phone(value.text)
    if found is None:
        return rejected(value.tokens, value.text, FieldWarning.UNREADABLE)
    tokens = value.tokens_in(found.start, found.end)
    return make_field(found.digits, tokens, value.text, check_phone(found.digits))


def read_code(value: PageLine, pattern: re.Pattern[str]) -> Field | None:
    """A code after its label: as printed, or with the dots and spaces OCR lost or added
    ("1.014466H12", "1 .014466.H12") put right, if the result is a valid code. None when
    no digit follows: prose that merely starts like the label ("nộp hồ sơ ..." read as
    "Số hồ sơ") holds no code to check."""
    if not any(char.isdigit() for char in value.text):
        return None
    match = pattern.search(value.text)
    if match is not None:
        return make_field(match.group(), value.tokens_in(match.start(), match.end()), value.text)
    for loose in _LOOSE_CODE.finditer(value.text):
        code = ".".join(part for part in re.split(r"\s*[.,]\s*|\s+|(?<=\d)(?=[A-Z])", loose.group())
                        if part)
        if pattern.fullmatch(code):
            return make_field(code, value.tokens_in(loose.start(), loose.end()), value.text)
    return rejected(value.tokens, value.text, FieldWarning.UNREADABLE)


_LOOSE_CODE = re.compile(r"\d\s?[.,]\s?\d{6}(?:\s?[.,]?\s?[A-Z]\d{2})?")
"""A procedure code with a dot lost, doubled as a comma or spaced (read after its label only)."""


READERS: dict[str, Callable[[PageLine, Label], Field]] = {
    "name": read_name, "dob": read_date, "received_date": read_date,
    "appointment_date": read_date, "issue_date": read_date,
    "id_number": read_id_number, "phone": read_phone, "sex": read_sex,
    "address": read_address, "place_of_origin": read_address, "birth_place": read_address,
    "expiry_date": read_expiry_value,
}


def search_lines(lines: list[PageLine], pattern: re.Pattern[str]) -> Field | None:
    """The first match of ``pattern`` anywhere on the page, labelled or not."""
    for line in lines:
        match = pattern.search(line.text)
        if match:
            return make_field(match.group(), line.tokens_in(match.start(), match.end()), line.text)
    return None


def continuation(lines: list[PageLine], anchor: Anchor, labels: tuple[Label, ...],
                 bilingual: bool = False) -> tuple[Token, ...]:
    """Tokens of the lines a long value (an address) wraps onto below its label's line.
    ``bilingual``: the page's labels have English halves (an ID card), and a line holding
    one ends the value however garbled its label is, as does a line that starts with a
    ward's unit word below a value that names a ward, and any line below a value that is
    a whole place already (its units reach a province: a card prints nothing after it, and
    a line read there is the next label garbled, "đư ường trú P6kce dế ...", hard dev 97)."""
    index = anchor.line_index + (2 if anchor.next_line else 1)
    above, tokens = lines[index - 1], ()
    while index < len(lines) and index <= anchor.line_index + MAX_ADDRESS_LINES:
        line = lines[index]
        gap = line.bbox[1] - above.bbox[3]
        confidence = sum(t.confidence for t in line.tokens) / len(line.tokens)
        indent = CARD_CONTINUATION_INDENT if bilingual else 1.0
        left_of = line.bbox[0] < above.bbox[0] - indent * above.height
        if (gap > CONTINUATION_GAP * above.height or (left_of and not _ends_a_cut_unit(anchor.value + tokens, line))
                or starts_with_label(line, labels) or has_colon_label(line)
                or (bilingual and has_english_half(line))
                or SPELLED_DATE.search(line.folded)
                or (bilingual and _another_place(anchor.value + tokens, line))
                or (bilingual and _whole_place(anchor.value + tokens))):
            break
        if confidence < MIN_CONTINUATION_CONFIDENCE or sum(ch.isalnum() for ch in line.text) < MIN_CONTINUATION_CHARS:
            tokens += _place_end(anchor.value + tokens, line.tokens)
            break
        tokens, above, index = tokens + line.tokens, line, index + 1
    return tokens


def _whole_place(value: tuple[Token, ...]) -> bool:
    """Whether a value is a whole place: consistent with the register, reaching a province
    (no unit cut off, none missing)."""
    if not value:
        return False
    checked = check_address(" ".join(token.text for token in value))
    return checked.consistent and not set(checked.warnings) & _CUT_SHORT


_CUT_SHORT = frozenset({FieldWarning.ADDRESS_NO_PROVINCE, FieldWarning.ADDRESS_UNIT_WITHOUT_NAME,
                        FieldWarning.ADDRESS_PART_UNKNOWN, FieldWarning.ADDRESS_PLACE_UNKNOWN})


def _ends_a_cut_unit(value: tuple[Token, ...], line: PageLine) -> bool:
    """Whether ``line`` completes a value cut off after a bare unit word though it starts
    left of the value ("..., thành" / "¬-pHố Thái Nguyên, tỉnh Thái Nguyên": a speck glued
    to the line's first word, mild dev 86): the two make one chain of register places."""
    text = " ".join(token.text for token in value)
    return ends_in_bare_unit(text) and check_address(f"{text} {line.text}").consistent


def _another_place(value: tuple[Token, ...], line: PageLine) -> bool:
    """Whether ``line`` starts a place of its own after a card's value that names a ward
    already: the 2024 card's birth place under the residence, its label lost. The ward's
    unit word must be read sure, not a letter off ("Chương Mỹ" after a line-final "huyện"
    is no "phường"), and the value must not end in a bare unit word ("thị" / "xã Sơn Tây")."""
    def ward_first(text: str) -> bool:
        parts = find_admin_parts(text)
        return (bool(parts) and parts[0].level is Level.WARD and parts[0].unit_span[0] == 0
                and parts[0].unit_sure and not parts[0].a_letter_off)

    text = " ".join(token.text for token in value)
    return (ward_first(line.text) and not ends_in_bare_unit(text)
            and any(part.level is Level.WARD for part in find_admin_parts(text)))


def _place_end(value: tuple[Token, ...], line: tuple[Token, ...]) -> tuple[Token, ...]:
    """The leading words of a line too short or too unsure to be more of an address that
    end a unit's name the line above cut off ("..., tỉnh Nghệ" / "An", "thành phố Hà" /
    "Nôi HE, vụ" where dust was read): with the last words above them, a name in the
    register, which those words alone are not. The most such words (at most
    ``PLACE_WORDS``); none when no run of them ends a name."""
    register = load_register()
    parts = find_admin_parts(" ".join(token.text for token in value))
    if parts and register.names_place(parts[-1].name.strip(",.; ")):
        return ()  # "quận Thanh Xuân" is whole: "Hà" below would make "Xuân Hà", another place
    words = [token.text.strip(",.;") for token in value[-PLACE_WORDS:]]
    for taken in range(min(PLACE_WORDS, len(line)), 0, -1):
        end = " ".join(token.text for token in line[:taken]).strip(",.; ")
        if end and any(register.names_place(f"{' '.join(words[-count:])} {end}")
                       and not register.names_place(" ".join(words[-count:]))
                       for count in range(1, len(words) + 1)):
            return line[:taken]
    return ()


PLACE_WORDS = 5  # "Thành phố Hồ Chí Minh": a signing place read with a dot for its comma is no longer


def read_signature(lines: list[PageLine], today: dt.date) -> dict[str, Field]:
    """``signed_date`` (and ``signed_place``) from the lowest "<place>, ngày D tháng M năm Y"
    line among ``lines`` (the page's lines that hold no labelled value). The place's comma
    may be read as a dot or semicolon ("Tân Cương. ngày 15 ...", hard dev 94) where the
    place is a few words, as places are, not a sentence's end."""
    for line in sorted(lines, key=lambda ln: ln.bbox[1], reverse=True):
        found = find_date(line.text, spelled_only=True)
        if found is None:
            continue
        place = line.text[:found.start].strip()
        if place and not (place.endswith(",") or (place[-1] in ".;" and len(place.split()) <= PLACE_WORDS)):
            continue
        if any(ch.isdigit() for ch in place):
            continue
        date_tokens = line.tokens_in(found.start, found.end)
        signed = (with_checks(make_field(found.iso, date_tokens, line.text), check_date(found.iso, today))
                  if found.iso else rejected(date_tokens, line.text, FieldWarning.IMPOSSIBLE_DATE))
        result = {"signed_date": signed}
        place_tokens = line.tokens_in(0, len(place) - 1)
        if place_tokens:
            result["signed_place"] = make_field(place.rstrip(",.;").strip(), place_tokens, place)
        return result
    return {}


def cross_check_id(id_number: Field, dob: Field) -> Field:
    """The ID number with a warning (and lower confidence) when it disagrees with the dob."""
    if not id_number.value or not dob.value:
        return id_number
    return with_checks(id_number, check_id_number(id_number.value, dob.value))


def dob_year_from_id(dob: Field, id_number: Field) -> Field:
    """A birth date rejected for its year ("31;10-1590": before 1900, or none) whose day
    and month were read, and whose year is one digit off the year the ID number encodes
    (its century digit and two year digits, DOMAIN.md): that date, with the ID's year,
    marked ``dob_year_from_id``, as sure as the number less the warning's doubt (the read
    stays in ``raw``).
    Only with a number that passed its own checks; two digits off, the date stays
    rejected: the number may be another person's."""
    if dob.value or not id_number.value or id_number.warnings:
        return dob
    printed = printed_numbers(dob.raw)
    year = birth_year_from_id(id_number.value)
    if printed is None or year is None:
        return dob
    day, month, printed_year = printed
    iso = iso_date(day, month, year)
    if iso is None or not one_digit_off(f"{printed_year:04d}", f"{year:04d}"):
        return dob
    return with_checks(dataclasses.replace(dob, value=iso, confidence=id_number.confidence, warnings=()),
                       (FieldWarning.DOB_YEAR_FROM_ID,))


def cross_check_dob(dob: Field, id_number: Field) -> Field:
    """The date of birth with ``id_birth_year_mismatch`` too when the ID number's century
    and year digits disagree with it: either may be the misread one ("1995" for 1993)."""
    if FieldWarning.ID_BIRTH_YEAR_MISMATCH in id_number.warnings and dob.value:
        return with_checks(dob, (FieldWarning.ID_BIRTH_YEAR_MISMATCH,))
    return dob


def cross_check_received(received: Field, dossier_code: Field, *, scanned: bool = False) -> Field:
    """A receipt's received date against the ``YYMMDD`` its dossier code carries (DOMAIN.md:
    the code is made on the day the dossier is received): agreeing, two reads back it and
    half its doubt goes; disagreeing, ``received_date_code_mismatch``. A date one digit
    off the code's, where the code is the receipt's ``scanned`` barcode (exact), takes
    the code's date, marked ``received_date_from_code`` (the read stays in ``raw``)."""
    code_date = CODE_DATE.search(dossier_code.value or "")
    if not received.value or code_date is None:
        return received
    yy, mm, dd = (int(code_date.group(i)) for i in (1, 2, 3))
    coded = f"{2000 + yy:04d}-{mm:02d}-{dd:02d}"
    if received.value == coded:
        return with_less_doubt(received, AGREEING_DOUBT)
    if scanned and one_digit_off(received.value, coded):
        return with_checks(dataclasses.replace(received, value=coded, raw=received.raw or received.value),
                           (FieldWarning.RECEIVED_DATE_FROM_CODE,))
    return with_checks(received, (FieldWarning.RECEIVED_DATE_CODE_MISMATCH,))


def card_document_type(fields: dict[str, Field], *, has_qr: bool) -> Field:
    """``id_card_copy``, sure when the card's QR decoded, else as sure as the card's
    values were read; its box spans the card's labelled values."""
    card_fields = [f for key, f in fields.items() if key in ("id_number", "name", "dob", "address")]
    boxes = [f.bbox for f in card_fields if f.bbox]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
           max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None
    if has_qr:
        return Field(ID_CARD_COPY, 1.0, box, "")
    confidences = [f.confidence for f in card_fields if f.value]
    confidence = sum(confidences) / len(confidences) if confidences else 0.5
    return Field(ID_CARD_COPY, confidence, box, "")


def read_document_type(lines: list[PageLine], page_width: int, page_height: int,
                       document_words: tuple[str, ...] = DOCUMENT_WORDS) -> Field | None:
    """The form's title: the first centred capitals line near the top that starts with a
    document word, joined with the capitals lines right below it ("TỜ KHAI" + "ĐĂNG KÝ
    KHAI SINH"). The national motto lines are never a title."""
    top = [line for line in lines if page_height <= 0 or line.bbox[1] < page_height * TITLE_ZONE]
    for index, line in enumerate(top):
        if not is_title_line(line, page_width) or not starts_with_word(line, document_words):
            continue
        title = [line]
        for below in top[index + 1:index + MAX_TITLE_LINES]:
            gap = below.bbox[1] - title[-1].bbox[3]
            if not is_title_line(below, page_width) or gap > below.height:
                break
            title.append(below)
        tokens = [t for part in title for t in part.tokens]
        text = " ".join(part.text for part in title)
        return make_field(text, tokens, "\n".join(part.text for part in title))
    return None


def is_title_line(line: PageLine, page_width: int) -> bool:
    """Capitals, centred on the page (when the page size is known), not a motto line."""
    letters = [ch for ch in line.text if ch.isalpha()]
    if len(letters) < 2 or sum(ch.isupper() for ch in letters) < 0.9 * len(letters):
        return False
    left, _, right, _ = line.bbox
    if page_width > 0 and abs((left + right) / 2 - page_width / 2) > 0.12 * page_width:
        return False
    return not any(fuzzy_contains(line.text, motto, 0.2) for motto in MOTTO_LINES)


def starts_with_word(line: PageLine, words: tuple[str, ...]) -> bool:
    for word in words:
        wanted = label_key(word)
        count = len(wanted.split())
        if similarity(wanted, label_key(" ".join(t.text for t in line.tokens[:count])), 0.8):
            return True
    return False
