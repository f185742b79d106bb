"""Photocopies of the citizen ID card: recognising the page, and the chip card's QR code.

A photocopy holds the card's front and back at 1:1 on an A4 sheet: small sans text on a
gray background with bilingual labels ("Họ và tên / Full name", "Ngày sinh / Date of
birth", "Nơi thường trú / Place of residence"). The labels' English halves are what no
other paper of a dossier carries, so two of them make the page an ID card copy.

The chip card (since 2021) carries a QR code whose text public code reads as
``ID number|old CMND number|full name|DDMMYYYY birth|sex|residence|DDMMYYYY issue``
(not officially verified). A photocopied QR often still decodes; its values are exact,
so they replace the OCR's and confirm or contradict them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

from ocr.model import Field, OcrResult, Word
from ocr.text import fold_for_match, fuzzy_contains
from ocr.validate import FieldWarning

log = logging.getLogger(__name__)

DOCUMENT_TYPE = "id_card_copy"
CARD_MARKERS = ("full name", "date of birth", "place of residence", "place of origin",
                "date of expiry", "personal identification", "citizen identity card",
                "nationality", "date, month, year", "identity card", "can cuoc cong dan")
"""The English halves of the card's labels, its title (folded). Each face of the 2024
identity card holds two of them too; "place of birth" and "date of issue" would make
a bilingual form a card."""
MARKER_HINTS = ("name", "full", "date", "birth", "place", "resid", "origin", "expir", "identi",
                "nation", "month", "card", "cuoc", "vnm", "<<<<<<")
"""Cheap exact pre-check: a page with none of these words is no card (saves fuzzy search)."""
MIN_MARKERS = 2
FACE_BLOCK = 1000  # a card face's words are in blocks n*1000+ (face n): apart from the page's own
MARKER_EDITS = 0.25  # edits per letter forgiven in a marker ("Full narne": 2 in 9)
QR_FIELDS = 7
SEXES = ("Nam", "Nữ")
AGREED_CONFIDENCE = 0.995  # the OCR read what the QR says: both can hardly be wrong
QR_ONLY_CONFIDENCE = 0.99  # the QR's exact value, not found by the OCR on the page
MISMATCH_CONFIDENCE = 0.5  # the QR's value, but the page reads otherwise: check it
_DIGITS = re.compile(r"\d+")
_ZONE_LINE = re.compile(r"VNM\S*<<|<<\S*VNM|<{6,}")
"""A line of the zone as OCR reads it: the issuing state among the filler, or a run of
filler no other paper prints (the name line, "LY<<XUAN<L0N6<<<<<<<<£<<<<", has no VNM)."""


@dataclass(frozen=True, slots=True)
class ChipCard:
    """The values a chip ID card's QR code carries (dates ISO, text NFC)."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: str
    sex: str  # "Nam" or "Nữ"
    residence: str
    issue_date: str

    def field_values(self) -> dict[str, str]:
        """The card's values under the field keys the extractor uses; the name in capitals,
        as the card prints it (the QR has it in title case)."""
        return {"id_number": self.id_number, "name": self.full_name.upper(), "dob": self.birth_date,
                "sex": self.sex, "address": self.residence, "issue_date": self.issue_date}


def parse_chip_qr(text: str) -> ChipCard | None:
    """The chip card the QR text describes, or ``None`` unless every part is well formed:
    12-digit ID, empty or 9/12-digit old number, a name of letters, real dates (birth
    before issue), sex Nam/Nữ, a residence. Parts after these seven may only be empty or
    9/12-digit numbers (the 2024 identity card's QR also carries a cancelled ID number)."""
    parts = [part.strip() for part in unicodedata.normalize("NFC", text.strip()).split("|")]
    if len(parts) < QR_FIELDS or not all(not part or _digits(part, (9, 12)) for part in parts[QR_FIELDS:]):
        return None
    number, old, name, birth, sex, residence, issued = parts[:QR_FIELDS]
    birth_iso, issue_iso = _qr_date(birth), _qr_date(issued)
    if (not _digits(number, (12,)) or (old and not _digits(old, (9, 12)))
            or not _is_name(name) or sex not in SEXES or not residence
            or birth_iso is None or issue_iso is None or issue_iso < birth_iso):
        return None
    return ChipCard(number, old or None, " ".join(name.split()), birth_iso, sex,
                    " ".join(residence.split()), issue_iso)


def _digits(value: str, lengths: tuple[int, ...]) -> bool:
    return bool(_DIGITS.fullmatch(value)) and len(value) in lengths


def _is_name(value: str) -> bool:
    words = value.split()
    return 1 <= len(words) <= 10 and all(w.replace("'", "").replace("-", "").isalpha() for w in words)


def _qr_date(value: str) -> str | None:
    if not _digits(value, (8,)):
        return None
    try:
        return dt.date(int(value[4:]), int(value[2:4]), int(value[:2])).isoformat()
    except ValueError:
        return None


def chip_cards(qr_texts: Iterable[str]) -> list[ChipCard]:
    """The distinct chip cards among a page's decoded QR texts (other codes ignored)."""
    cards: list[ChipCard] = []
    for text in qr_texts:
        card = parse_chip_qr(text)
        if card is not None and card not in cards:
            cards.append(card)
    return cards


def looks_like_id_card(page_text: str, min_markers: int = MIN_MARKERS) -> bool:
    """Whether a page's OCR text holds at least ``min_markers`` of the card's markers: its
    English label halves, its title, a line of the back's machine-readable zone."""
    folded = fold_for_match(page_text)
    if not any(hint in folded for hint in MARKER_HINTS):
        return False
    found = int(bool(_ZONE_LINE.search(page_text)))
    for marker in CARD_MARKERS:
        found += fuzzy_contains(folded, marker, MARKER_EDITS)
        if found >= min_markers:
            return True
    return False


def on_card_face(word: Word) -> bool:
    """Whether ``word`` is of a card face's own read (:mod:`ocr.id_card_read`), not the page's."""
    return word.line[0] >= FACE_BLOCK


def holds_card_faces(ocr: OcrResult) -> bool:
    """Whether the page's words include a card face's own read."""
    return any(on_card_face(word) for word in ocr.words)


def card_for_page(cards: list[ChipCard], fields: Mapping[str, Field]) -> ChipCard | None:
    """The card whose values the page's fields are to be checked with: the only one, or,
    when the page holds several cards, the one whose ID number or name the OCR read."""
    if len(cards) == 1:
        return cards[0]
    for card in cards:
        id_number, name = fields.get("id_number"), fields.get("name")
        if (id_number and id_number.value == card.id_number) or (
                name and _comparable(name.value) == _comparable(card.full_name)):
            return card
    return None


def confirm_with_card(fields: Mapping[str, Field], card: ChipCard) -> dict[str, Field]:
    """The page's fields with the card's exact values: confidence raised where the OCR
    read the same, ``id_card_qr_mismatch`` where it read otherwise, the QR's value alone
    where the OCR found nothing. Other fields are left as they are."""
    merged = dict(fields)
    for key, exact in card.field_values().items():
        merged[key] = confirmed(fields.get(key), exact)
    return merged


def confirmed(read: Field | None, exact: str, *,
              mismatch: FieldWarning = FieldWarning.ID_CARD_QR_MISMATCH,
              alone: float = QR_ONLY_CONFIDENCE) -> Field:
    """One field checked against an exact value (the card's QR, or its checked MRZ, which
    passes its own ``mismatch`` warning and the confidence of its value ``alone``)."""
    if read is None or not read.value:
        return Field(exact, alone, read.bbox if read else None, read.raw if read else "")
    if _comparable(read.value) == _comparable(exact):
        value = read.value if read.value.casefold() == exact.casefold() else exact
        # a value found by where it stands is the field's once the exact one agrees
        kept = tuple(w for w in read.warnings if w not in (mismatch, FieldWarning.LABEL_INFERRED))
        return dataclasses.replace(read, value=value, warnings=kept,
                                   confidence=max(read.confidence, AGREED_CONFIDENCE) * 0.5 ** len(kept))
    return dataclasses.replace(read, value=exact, confidence=MISMATCH_CONFIDENCE,
                               warnings=read.warnings + (mismatch,))


def _comparable(value: str) -> str:
    """NFC, casefolded, one space, no space before punctuation: what counts as the same."""
    text = " ".join(unicodedata.normalize("NFC", value).casefold().split())
    return re.sub(r"\s+([,.;:])", r"\1", text)
