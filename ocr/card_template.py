"""A chip card's fixed print put back where a face's read lost it.

:mod:`ocr.card_print` spells as printed what reads close to the card's print. On hard
copies whole lines of that print read as nothing like it, or as nothing at all: on the
hard dev seed 95's ten card copies, the issuing office's English lines and the
fingerprints' labels were lost on most backs, the heading's English lines on half the
fronts, labels garbled past any likeness ("wwe Sea NO" for the sex line): two thirds of
the copies' 3,900 character errors were print. Capture products fill a known template's
fixed print from the template once they know the document. Here a face's card model is
known only when the page's zone parsed (a chip card: the 2016 card has no zone) and the
face's own read shows print that only one model holds (:func:`card_model`: the 2021
card, Circular 06/2021/TT-BCA, or the 2024 identity card). On such a face:

- between two restored lines of one of the model's runs of print (the heading, the 2021
  card's issuing office), the run's lines missing there are put back over what was read
  between them (print read far off, art's scraps), as long as no value stands there (a
  digit, a line of syllables: a name);
- after the run's last restored line, its lines still missing are put back over the
  lines that follow where they read partly as that print (``TRAIL_SHARE``), else before
  the first line that does not;
- labels known by the values they stand by: the name (the line that reads as the zone's
  name, or capitals over a date), the birth date on the line under it, the sex line
  under that (printed with the zone's sex), the place under that; on the 2021 back the
  identification above the mark and the issue date above the office; on the 2024 back
  the issue and expiry dates (its two dated lines), the places above them, and the
  ministry after them; the 2021 card's fingerprint labels under their two boxes.

Values are written nowhere but in the sex line, and there only as the zone gives it: a
line with a value's digits or a name's syllables keeps its words, and only the words
before a date give way to its label. Print put back where
nothing was read is boxed at the run's line pitch or beside its neighbours. Print put
back or spelt anew gets the face's mean word confidence (as read), so that the page's
read confidence, which the rescan mark judges, stays near the read's own: long labels
at the confidence of the garble they replace would lower it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import count, groupby
from typing import Iterator, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from ocr.card_print import (CARD_PRINT, DATE_TAIL, EXPIRY_LABELS, IDENTITY_CARD_PRINT, NUMBER_LABEL,
                            PRINT_SEQUENCES, STATE_HEADING, WORD_GLUE, all_syllables, is_identity_card_face,
                            printed_words, starts_mark, starts_place)
from ocr.dates import card_date
from ocr.engine import mean_confidence
from ocr.fingerprint_labels import BELOW_MM, SIDE_MM, fingerprint_boxes
from ocr.id_card_faces import CARD_MM
from ocr.model import BBox, Word, centre_within, enclosing_box
from ocr.id_card import ChipCard, chip_cards
from ocr.id_card_fields import sex_of_number
from ocr.mrz import NO_EXPIRY, CardMrz
from ocr.syllables import base_letters, is_syllable, skeleton

TEMPLATE_BLOCK = 950  # lines put back, within a face's blocks
ONLY_2021 = tuple(text for text in CARD_PRINT if text not in IDENTITY_CARD_PRINT and len(text) >= 8)
"""Print of the 2021 card that the 2024 card does not hold: one of these read on a face
(after :mod:`ocr.card_print`) tells the 2021 card."""
TRAIL_SHARE = 0.5
"""A line after a run's last restored line is the run's next print when this share of its
letters (marks aside) are that print's, in order."""
MIN_TRAIL_LETTERS = 4
MIN_VALUE_DIGITS = 2
NAME_WORDS = 5  # a name's words at most
FINGERPRINT_ROWS = (("Ngón trỏ trái", "Ngón trỏ phải"), ("Left index finger", "Right index finger"))
"""The labels under the left and the right fingerprint box, row by row."""
LINE_PITCH = 1.4  # line heights from one line of a run to the next, where only one line shows
ROW_GAP_MM = 0.3  # paper between a fingerprint box and its labels' first row


def completed_card_print(words: list[Word], read: Sequence[Word], art: tuple[BBox, ...], size: tuple[int, int],
                         zone: CardMrz | None, chip: ChipCard | None = None,
                         holds_zone: bool = False) -> list[Word]:
    """A face's words (in reading order, each line's together, after
    :func:`ocr.card_print.restore_card_print`) with the card's print its read lost put
    back; as they are unless the page's ``zone`` parsed and the face's ``read`` (its words
    as tesseract gave them, before any print was restored) shows one chip card model
    (:func:`card_model`). ``art``: the face's art boxes; ``size``: its width and height;
    ``chip``: the card's values from its QR code, where it decoded and its number is the
    zone's (see :func:`zones_chip_card`); a front takes them where its name is the zone's,
    a back only where it ``holds_zone`` (a sheet may hold another person's back)."""
    if zone is None or not words:
        return words
    lines = [list(line) for _, line in groupby(words, key=lambda w: w.line)]
    model = card_model(lines, read)
    if model is None:
        return words
    confidence = mean_confidence(words)
    added = count()
    for run in model.runs:
        lines = _run_completed(lines, run, model.only, confidence, added)
    if model.fingerprints:
        lines = _with_fingerprint_labels(lines, art, size, confidence, added)
    lines = _front_labels(lines, model, zone, chip, confidence, added)
    lines = _back_labels(lines, model, chip if holds_zone else None, confidence, added)
    return [word for line in lines for word in line]


def zones_chip_card(codes: Sequence[str], zone: CardMrz | None) -> ChipCard | None:
    """The one chip card among a page's decoded ``codes`` whose number is the one the
    ``zone``'s check digit confirms: its QR's values are the face's (a sheet may hold
    two persons' cards); ``None`` for none, or several."""
    if zone is None or zone.id_number is None or not zone.id_number.verified:
        return None
    cards = [card for card in chip_cards(codes) if card.id_number == zone.id_number.value]
    return cards[0] if len(cards) == 1 else None


@dataclass(frozen=True, slots=True)
class CardModel:
    """What a chip card model prints where: the print only it holds (what tells it), its
    runs of print, and its labels."""

    only: tuple[str, ...]
    runs: tuple[tuple[str, ...], ...]
    name_label: str
    birth_label: str
    place_label: str  # above the place under the sex line (the front's last, or the back's first)
    number_label: str | None  # on a line of its own above the number
    fingerprints: bool
    dated_labels: tuple[str, ...]  # the back's lines that end in a date, in order
    closing: tuple[str, ...]  # the back's print after its last dated line


def card_model(lines: list[list[Word]], read: Sequence[Word]) -> CardModel | None:
    """The chip card model a face shows: the 2024 card's where its read (as tesseract gave
    it) reads its own labels (:func:`ocr.card_print.is_identity_card_face`) or a line shows
    print only it holds; the 2021 card's where a restored line is print only that card
    holds (``lines``: the face's after :func:`ocr.card_print.restore_card_print`; a label
    may start a line, other print must be the whole line: the 2016 card's office reads
    "CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL ..."); ``None`` for neither, or both. The 2024 card is
    told on the read itself: the restoring knows the 2021 card best and may spell its
    "IDENTITY CARD" as "Citizen Identity Card"."""
    texts = [_folded(" ".join(word.text for word in line)) for _, line in groupby(read, key=lambda w: w.line)]
    later = is_identity_card_face(list(read)) or any(_shows(text, _ONLY_2024_FOLDED) for text in texts)
    earlier = any(text == printed or (printed.endswith(":") and text.startswith(printed))
                  for text in map(_text, lines) for printed in ONLY_2021)
    if later == earlier:
        return None
    return CARD_2024 if later else CARD_2021


MODEL_LIKENESS = 85  # rapidfuzz's partial ratio of a print within a read line that shows it ...
MODEL_LETTERS = 0.8  # ... whose letters are at least this share of the print's (not a piece of it)
MODEL_DISTANCE = 0.25  # print that is part of the other model's (``_PART_OF_OTHER``): the whole line within this


def _shows(text: str, prints: tuple[str, ...]) -> bool:
    """Whether a read line (folded) shows one of ``prints`` (folded): the print read within
    it, scraps beside it ("cục trướng cục cánh sáy —y v22"), or, for print that is part of
    the other model's, the line read close to it as a whole."""
    letters = len(base_letters(text))
    for folded in prints:
        if folded in _PART_OF_OTHER:
            if Levenshtein.normalized_distance(text, folded) <= MODEL_DISTANCE:
                return True
        elif (letters >= MODEL_LETTERS * len(base_letters(folded))
              and fuzz.partial_ratio(folded, text) >= MODEL_LIKENESS):
            return True
    return False


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _run_completed(lines: list[list[Word]], run: tuple[str, ...], only: tuple[str, ...], confidence: float,
                   added: Iterator[int]) -> list[list[Word]]:
    texts = [_text(line) for line in lines]
    anchors: list[tuple[int, int]] = []  # (line, place in the run), both rising
    for at, text in enumerate(texts):
        if text in run and (not anchors or run.index(text) > anchors[-1][1]):
            anchors.append((at, run.index(text)))
    if not any(run[place] in only for _, place in anchors):
        return lines
    present = set(texts)
    out = list(lines)
    last_at, last_place = anchors[-1]
    trail = [text for text in run[last_place + 1:] if text not in present]
    out[last_at + 1:] = _trail_put_back(lines[last_at], lines[last_at + 1:], trail, _pitch(lines, anchors),
                                        confidence, added)
    for (above, first), (below, second) in reversed(list(zip(anchors, anchors[1:]))):
        missing = [text for text in run[first + 1:second] if text not in present]
        between = lines[above + 1:below]
        if not missing or any(_holds_value(line) or _text(line) in CARD_PRINT for line in between):
            continue
        out[above + 1:below] = _between_put_back(lines[above], lines[below], between, missing, confidence, added)
    return out


def _between_put_back(above: list[Word], below: list[Word], between: list[list[Word]], missing: list[str],
                      confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """``missing`` print in the lines ``between`` (each read line one print, where they are
    as many) or in the room between ``above`` and ``below``."""
    if len(between) == len(missing):
        return [printed_words(text, _box(line), confidence, line[0].line)
                for line, text in zip(between, missing)]
    start, end = _box(above)[3], _box(below)[1]
    step = max(1, end - start) / len(missing)
    return [_put(text, _beside(above, below, text, start + round(step * k), start + round(step * (k + 1))),
                 confidence, added)
            for k, text in enumerate(missing)]


def _trail_put_back(last: list[Word], after: list[list[Word]], trail: list[str], pitch: float,
                    confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """The lines ``after`` a run's last restored line ``last``, with the run's ``trail``
    put back over those that read partly as it, or before the first that does not."""
    out, rest, previous = [], list(after), last
    for text in trail:
        if rest and _text(rest[0]) not in CARD_PRINT and _is_print_of(rest[0], text):
            line = rest.pop(0)
            out.append(printed_words(text, _box(line), confidence, line[0].line))
        else:
            top, bottom = _box(previous)[1] + round(pitch), _box(previous)[3] + round(pitch)
            out.append(_put(text, _beside(previous, previous, text, top, bottom), confidence, added))
        previous = out[-1]
    return out + rest


def _with_fingerprint_labels(lines: list[list[Word]], art: tuple[BBox, ...], size: tuple[int, int],
                             confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """``lines`` with the labels under the back's two fingerprint boxes as printed: the
    lines read in their place give way to the two rows. Where the boxes were not found
    (faded toner broke them, or joined one to the face's edge), on a back known by its
    office's first line, the lines read right of the face's middle below that line are
    the labels' (the signer's name stands left, under the office), and the rows take
    their place; none read there, none are put."""
    texts = [_text(line) for line in lines]
    rows = [" ".join(row) for row in FINGERPRINT_ROWS]
    if all(row in texts for row in rows) or all(label in texts for row in FINGERPRINT_ROWS for label in row):
        return lines
    boxes = fingerprint_boxes(art, *size)
    mm = size[0] / CARD_MM[0]
    if boxes is not None:
        top = max(box[3] for box in boxes) + round(ROW_GAP_MM * mm)
        region = (boxes[0][0] - round(SIDE_MM * mm), top - round(ROW_GAP_MM * mm),
                  boxes[1][2] + round(SIDE_MM * mm), top + round(BELOW_MM * mm))
        inside = [at for at, line in enumerate(lines) if centre_within(_box(line), region)]
        columns = [(box[0], box[2]) for box in boxes]
        height = (BELOW_MM - ROW_GAP_MM) * mm / 2
    elif OFFICE_FIRST in texts:
        office = _box(lines[texts.index(OFFICE_FIRST)])
        inside = [at for at, line in enumerate(lines) if centre_within(_box(line), (size[0] // 2, office[1], *size))]
        if not inside:
            return lines
        left, top, right, bottom = enclosing_box(_box(lines[at]) for at in inside)
        columns = [(left, (left + right) // 2), ((left + right) // 2, right)]
        height = max(1, bottom - top) / 2
    else:
        return lines
    at = inside[0] if inside else len(lines)
    kept = [line for index, line in enumerate(lines) if index not in inside]
    put: list[list[Word]] = []
    for number, row in enumerate(FINGERPRINT_ROWS):
        row_top = top + round(number * height)
        line_key = (TEMPLATE_BLOCK, 0, next(added))
        put.append([word for (left, right), label in zip(columns, row)
                    for word in printed_words(label, (left, row_top, right, row_top + round(height)), confidence,
                                              line_key)])
    at -= sum(index < at for index in inside)
    return kept[:at] + put + kept[at:]


def _put(text: str, box: BBox, confidence: float, added: Iterator[int]) -> list[Word]:
    return printed_words(text, box, confidence, (TEMPLATE_BLOCK, 0, next(added)))


def _beside(upper: list[Word], lower: list[Word], text: str, top: int, bottom: int) -> BBox:
    """A box for ``text`` from ``top`` to ``bottom``, centred under the line ``upper`` and
    over ``lower``, as wide as its letters at ``upper``'s letter pitch (at most as wide as
    the wider of the two)."""
    first, second = _box(upper), _box(lower)
    centre = (first[0] + first[2] + second[0] + second[2]) / 4
    pitch = (first[2] - first[0]) / max(1, len(_text(upper)))
    width = min(max(first[2] - first[0], second[2] - second[0]), len(text) * pitch)
    return round(centre - width / 2), top, round(centre + width / 2), max(bottom, top + 1)


def _pitch(lines: list[list[Word]], anchors: list[tuple[int, int]]) -> float:
    """The run's line pitch: between its two last restored lines, per place in the run;
    where one alone was restored, ``LINE_PITCH`` times its height."""
    last_at, last_place = anchors[-1]
    height = _box(lines[last_at])[3] - _box(lines[last_at])[1]
    if len(anchors) < 2:
        return LINE_PITCH * height
    first_at, first_place = anchors[-2]
    pitch = (_box(lines[last_at])[1] - _box(lines[first_at])[1]) / max(1, last_place - first_place)
    return pitch if pitch > 0 else LINE_PITCH * height


def _is_print_of(line: list[Word], text: str) -> bool:
    """Whether a line after a run's last restored line is the run's next ``text``: read
    partly as it, and no value; or, words of syllables (a name), nearly all of them its
    own and most of it read ("BỘ CÔNG" for "BỘ CÔNG AN")."""
    if not _holds_value(line):
        return _reads_partly(line, text)
    read = base_letters(_text(line))
    return (not any(ch.isdigit() for ch in read) and _reads_partly(line, text, SYLLABLES_SHARE)
            and len(read) >= SYLLABLES_COVER * len(base_letters(text)))


SYLLABLES_SHARE, SYLLABLES_COVER = 0.9, 0.6


def _reads_partly(line: list[Word], text: str, share: float = TRAIL_SHARE) -> bool:
    read = base_letters(_text(line))
    return len(read) >= MIN_TRAIL_LETTERS and LCSseq.similarity(read, base_letters(text)) >= share * len(read)


def _holds_value(line: list[Word]) -> bool:
    """Digits (a lone one is a speck read as one), the zone's filler, words that are all
    syllables (a name, a place), or a few words each capitalised, most of them syllables
    (a signer's name a letter off): a value, not print."""
    text = _text(line)
    if sum(ch.isdigit() for ch in text) >= MIN_VALUE_DIGITS or "<<" in text:
        return True
    words = [word.text.strip(WORD_GLUE) for word in line]
    words = [word for word in words if any(ch.isalpha() for ch in word)]
    if words and all_syllables(line):
        return True
    titled = [word for word in words if word[0].isupper() and word[1:].islower()]  # "Hoàng Văn Trọnq": a name
    syllables = sum(map(is_syllable, words))
    return 2 <= len(words) <= NAME_WORDS and len(titled) == len(words) and 2 * syllables >= len(words)


def _text(line: list[Word]) -> str:
    return " ".join(word.text for word in line)


def _box(line: list[Word]) -> BBox:
    return enclosing_box(word.bbox for word in line)


NAME_LABEL, BIRTH_LABEL = "Họ và tên / Full name:", "Ngày sinh / Date of birth:"
ORIGIN_LABEL = "Quê quán / Place of origin:"
SEX_LINE = "Giới tính / Sex: {sex} Quốc tịch / Nationality: Việt Nam"
MARK_LABEL, ISSUE_LABEL = "Đặc điểm nhân dạng / Personal identification:", "Ngày, tháng, năm / Date, month, year:"
OFFICE_FIRST, TITLE_SECOND = "CỤC TRƯỞNG CỤC CẢNH SÁT", "Citizen Identity Card"
NAME_SHARE = 0.8
"""A line is the holder's name when this share of the zone's name letters are its own, in
order, and it has no more than a fifth more."""
NUMBER_DIGITS = 9  # of the card number's 12, read as digits: "Ø19166183908", "834191B07174"


def _front_labels(lines: list[list[Word]], model: CardModel, zone: CardMrz, chip: ChipCard | None,
                  confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """The front's labels, known by where they stand among the values: the name's label
    above the line that reads as the zone's name (the 2024 card: the number's above the
    number, above that); the birth date's before the date on the line under it; the sex
    and nationality line under that, as printed, with the zone's sex; the place's label
    above the place under it; the 2021 card's expiry labels above its date, between the
    title and the number (and the date, as the zone's check digit confirms it, where no
    line was read there). Lines that hold values stay as read."""
    out = list(lines)
    name = next((at for at, line in enumerate(out) if _is_zone_name(line, zone.name)), None)
    if name is None:  # the zone's name read short, or the line's: the capitals over the birth date
        name = next((at for at, (line, below) in enumerate(zip(out, out[1:]))
                     if _in_capitals(line) and _ends_in_date(below)), None)
    if name is not None:
        out = _under_the_name(out, name, model, zone, chip, confidence, added)
        if name + 1 < len(out) and _ends_in_date(out[name + 1]):
            out[name + 1] = _labelled(out[name + 1], len(out[name + 1]) - 1, model.birth_label, confidence)
        label = name - 1 if name and not _is_number_line(out[name - 1]) and (
            _is_label_slot(out[name - 1]) or _label_read_short(out[name - 1], model.name_label)) else None
        number = next((at for at in (name - 1, name - 2) if at >= 0 and _is_number_line(out[at])), None)
        if model.number_label and number and _is_label_slot(out[number - 1]):
            out[number - 1] = _as_label(out[number - 1], model.number_label, confidence)
        if (model is CARD_2021 and number is not None and _is_bare_number(out[number][0])
                and not (number and base_letters(_text(out[number - 1])) == base_letters(NUMBER_LABEL))):
            out[number] = _labelled(out[number], 0, NUMBER_LABEL, confidence)
        if label is not None:
            out[label] = _as_label(out[label], model.name_label, confidence)
        elif number == name - 1:
            out.insert(name, _put(model.name_label, _between(out[number], out[name], model.name_label),
                                  confidence, added))
    return _expiry_labels(out, zone, confidence, added) if model is CARD_2021 else out


def _under_the_name(lines: list[list[Word]], name: int, model: CardModel, zone: CardMrz, chip: ChipCard | None,
                    confidence: float, added: Iterator[int]) -> list[list[Word]]:
    """Under the name, the birth date's line and the sex's: the sex line spelt as printed,
    and the place's label above a place under it. A sex line lost (the birth date's line
    followed by the place's label or the place) is put back where the card's sex is known
    for sure: its QR's, or the zone's as :func:`_sure_sex` allows it."""
    sex, place = name + 2, name + 3
    if place > len(lines) or not _ends_in_date(lines[name + 1]):
        return lines
    if _sex_line_lost(lines[sex], model):
        known = _known_sex(zone, chip, lines[name])
        if known is None or any(_reads_as_sex_line(line) for line in lines):
            return lines  # a place ("Quốc Oai, Hà Nội") where the sex line was lost stays
        printed = SEX_LINE.format(sex=known)
        out = lines[:sex] + [_put(printed, _between(lines[name + 1], lines[sex], printed), confidence, added)]
        return _place_label(out + lines[sex:], sex + 1, model.place_label, confidence, added)
    if not _is_label_slot(lines[sex], names=False) or starts_place(lines[sex]) or "," in _text(lines[sex]):
        return lines
    out = list(lines)
    printed = None
    if _is_zone_name(lines[name], zone.name) and chip is not None:
        printed = SEX_LINE.format(sex=chip.sex) if _sex_read(lines[sex]) in (None, skeleton(chip.sex)) else None
    elif _sure_sex(zone, lines[name], lines[sex]):
        printed = SEX_LINE.format(sex=zone.sex)
    if printed and _reads_partly(out[sex], printed, SEX_SHARE):
        out[sex] = _as_label(out[sex], printed, confidence)
    return _place_label(out, sex + 1, model.place_label, confidence, added)


def _sure_sex(zone: CardMrz, name: list[Word], line: list[Word] | None) -> bool:
    """Whether the zone's sex letter may be printed in the face's sex line (``None``: a
    line lost): the checked ID number's sex digit agrees (no check digit covers the
    letter), the face's name is the zone's (a sheet may hold two persons' cards, one zone
    read), and the line reads no other sex before its nationality."""
    if not zone.sex or zone.sex != sex_of_number(zone) or not _is_zone_name(name, zone.name):
        return False
    return line is None or _sex_read(line) in (None, skeleton(zone.sex))


def _sex_read(line: list[Word]) -> str | None:
    """The sex a sex line reads before its nationality ("nam", "nu"), if any (the first)."""
    words = [skeleton(word.text.strip(".,;:")) for word in line]
    if len(words) >= 2 and words[-2:] == ["viet", "nam"]:
        words = words[:-2]
    return next((word for word in words if word in _SEXES), None)


def _known_sex(zone: CardMrz, chip: ChipCard | None, name: list[Word]) -> str | None:
    """The face's sex for a sex line read as nothing: the QR's, or the zone's where sure;
    only on the face of the zone's holder (its name line reads as the zone's)."""
    if not _is_zone_name(name, zone.name):
        return None
    if chip is not None:
        return chip.sex
    return zone.sex if _sure_sex(zone, name, None) else None


def _sex_line_lost(line: list[Word], model: CardModel) -> bool:
    """Whether the line under the birth date's is what comes after the sex line: a place
    (its first word one, or a comma where the line reads no closer to the sex line than
    to a place: "Nữ, Quốc tịch" is the sex line), or the place's label (restored, or read
    closer to it than to the sex line)."""
    text = _text(line)
    if text == model.place_label or starts_place(line):
        return True
    sex_likeness = _likeness(line, SEX_LINE.format(sex="Nam"))
    if "," in text:
        return sex_likeness < SEX_SHARE
    label_likeness = _likeness(line, model.place_label)
    return _is_label_slot(line, names=False) and label_likeness >= TRAIL_SHARE and label_likeness > sex_likeness


def _reads_as_sex_line(line: list[Word]) -> bool:
    """Whether a line is the sex line, read anywhere on the face (out of order): its label
    words, or a garble of the whole line (its letters and the line's, edit for edit)."""
    letters = skeleton(_text(line))
    return (any(word in letters for word in ("gioi tinh", "sex", "quoc tich", "nationality"))
            or Levenshtein.normalized_similarity(base_letters(_text(line)),
                                                 base_letters(SEX_LINE.format(sex="Nam"))) >= SEX_LINE_LIKENESS)


SEX_LINE_LIKENESS = 0.6


def _likeness(line: list[Word], text: str) -> float:
    """The share of a line's letters that ``text`` holds in their order."""
    read = base_letters(_text(line))
    return LCSseq.similarity(read, base_letters(text)) / len(read) if read else 0.0


_SEXES = ("nam", "nu")


def _place_label(lines: list[list[Word]], at: int, label: str, confidence: float,
                 added: Iterator[int]) -> list[list[Word]]:
    """``label`` above a place at ``at``: put before it, or over the line read there when
    the place is the next one."""
    out = list(lines)
    if at < len(out) and starts_place(out[at]):
        upper = out[at - 1] if at else out[at]
        box = _between(upper, out[at], label) if at else _above(out[at], label)
        out.insert(at, _put(label, box, confidence, added))
    elif at + 1 < len(out) and _garbled_label(out[at], label) and starts_place(out[at + 1]):
        out[at] = _as_label(out[at], label, confidence)
    return out


def _garbled_label(line: list[Word], label: str) -> bool:
    """Whether a line where ``label`` stands may be it: a label slot, or a few syllables
    with no comma read partly as it ("cự tù" for "Nơi cư trú / ..."): not a place."""
    if _is_label_slot(line):
        return True
    return _is_label_slot(line, names=False) and "," not in _text(line) and _reads_partly(line, label)


SEX_SHARE = 0.5
ONLY_2024 = tuple(text for text in IDENTITY_CARD_PRINT if text not in CARD_PRINT and len(text) >= 8)
"""Print of the 2024 card that the 2021 card does not hold: a line read close to one of
these tells the 2024 card."""
_ONLY_2021_FOLDED = tuple(_folded(text) for text in ONLY_2021)
_ONLY_2024_FOLDED = tuple(_folded(text) for text in ONLY_2024)
_PART_OF_OTHER = frozenset(
    text for ours, theirs in ((_ONLY_2021_FOLDED, IDENTITY_CARD_PRINT), (_ONLY_2024_FOLDED, CARD_PRINT))
    for text in ours if any(fuzz.partial_ratio(text, _folded(other)) >= MODEL_LIKENESS and len(other) > len(text)
                            for other in theirs))
"""Print of one model read within the other's ("CĂN CƯỚC" in "CĂN CƯỚC CÔNG DÂN", "Date
of expiry:" in the 2024 card's "Ngày, tháng, năm hết hạn / Date of expiry:"): shown only
by a line read close to it as a whole."""
BIRTH_PLACE_LABEL = "Nơi đăng ký khai sinh / Place of birth:"
HEADING_2024 = (*STATE_HEADING, "CĂN CƯỚC", "IDENTITY CARD")
CARD_2021 = CardModel(ONLY_2021, PRINT_SEQUENCES, NAME_LABEL, BIRTH_LABEL, ORIGIN_LABEL, None, True, (), ())
CARD_2024 = CardModel(ONLY_2024, (HEADING_2024,), "Họ, chữ đệm và tên khai sinh / Full name:",
                      "Ngày, tháng, năm sinh / Date of birth:", "Nơi cư trú / Place of residence:",
                      "Số định danh cá nhân / Personal identification number:", False,
                      ("Ngày, tháng, năm cấp / Date of issue:", "Ngày, tháng, năm hết hạn / Date of expiry:"),
                      ("BỘ CÔNG AN", "MINISTRY OF PUBLIC SECURITY"))


def _expiry_labels(lines: list[list[Word]], zone: CardMrz, confidence: float,
                   added: Iterator[int]) -> list[list[Word]]:
    """Between the title's second line and the number's line: the expiry date, and above
    it its two labels (a line read for each, or for both, or none); where no date was
    read there, the labels and the date the zone's check digit confirms, on the face of
    the zone's holder (:func:`_expiry_put_back`)."""
    texts = [_text(line) for line in lines]
    if TITLE_SECOND not in texts:
        return lines
    title = texts.index(TITLE_SECOND)
    number = next((at for at in range(title + 1, len(lines)) if _is_number_line(lines[at])), None)
    if number is None:
        return lines
    date = next((at for at in range(number - 1, title, -1) if sum(ch.isdigit() for ch in texts[at]) >= 4), None)
    if date is None:
        return _expiry_put_back(lines, title, number, zone, confidence, added)
    if date > title + 3 or any(not _is_label_slot(line, names=False) for line in lines[title + 1:date]):
        return lines
    above = lines[title + 1:date]
    if len(above) == len(EXPIRY_LABELS):
        labels = [_as_label(line, label, confidence) for line, label in zip(above, EXPIRY_LABELS)]
    else:
        if above:
            top, bottom = _box(above[0])[1], _box(above[-1])[3]
        else:
            top, bottom = _box(lines[title])[3], max(_box(lines[date])[1], _box(lines[title])[3] + 2)
        left, right = _box(lines[date])[0], max(_box(lines[date])[2], _box(lines[date])[0] + 1)
        half = (bottom - top) // 2
        labels = [_put(label, (left, top + half * k, right, top + half * (k + 1)), confidence, added)
                  for k, label in enumerate(EXPIRY_LABELS)]
    return lines[:title + 1] + labels + lines[date:]


def _expiry_put_back(lines: list[list[Word]], title: int, number: int, zone: CardMrz, confidence: float,
                     added: Iterator[int]) -> list[list[Word]]:
    """The photo column (its two labels and the expiry date) between the title and the
    number, where at most two lines with no value were read there (scraps of it, or the
    labels without their date: a mild copy's date read as nothing, mixed dev 95), the
    zone's check digit confirms its expiry date and a line of the face reads as the zone's
    name: the zone is this card's."""
    expiry = zone.expiry_date
    between = lines[title + 1:number]
    if (expiry is None or not expiry.verified or expiry.value == NO_EXPIRY or len(between) > len(EXPIRY_LABELS)
            or any(not _is_label_slot(line, names=False) and _text(line) not in EXPIRY_LABELS for line in between)
            or not any(_is_zone_name(line, zone.name) for line in lines[number:])):
        return lines
    texts = [*EXPIRY_LABELS, card_date(expiry.value)]
    if any(_text(line) in EXPIRY_LABELS or texts[-1] in _text(line) for line in lines[number:]):
        return lines  # the column was read, out of its place
    top, bottom = _box(lines[title])[3], _box(lines[number])[1]
    height = _box(lines[number])[3] - bottom
    step = max(height, (bottom - top) // len(texts))
    left = _box(lines[number])[0]
    column = [_put(text, (left, top + step * k, left + max(1, height // 2 * len(text)), top + step * k + height),
                   confidence, added) for k, text in enumerate(texts)]
    return lines[:title + 1] + column + lines[number:]


def _back_labels(lines: list[list[Word]], model: CardModel, chip: ChipCard | None, confidence: float,
                 added: Iterator[int]) -> list[list[Word]]:
    """The 2021 card's back: the issue date's label before the date on the line above the
    office's first line (where no date was read there, the whole line with the ``chip``'s
    issue date), the identification's above the mark's line (the face's first).
    The 2024 card's back, known by its two lines that end in a date (issue, expiry): their
    labels, the residence's label above the place the face starts with, and the closing
    print (the ministry's) after the expiry."""
    if model is CARD_2024:
        return _dated_back(lines, model, confidence, added)
    texts = [_text(line) for line in lines]
    if OFFICE_FIRST not in texts:
        return lines
    office = texts.index(OFFICE_FIRST)
    out = list(lines)
    if office and DATE_TAIL.fullmatch(out[office - 1][-1].text):
        out[office - 1] = _labelled(out[office - 1], len(out[office - 1]) - 1, ISSUE_LABEL, confidence)
    elif chip is not None:
        out, office = _issue_line_put_back(out, office, chip, confidence, added)
    mark = next((at for at in range(office) if starts_mark(out[at])), None)
    if mark == 0:
        out.insert(0, _put(MARK_LABEL, _above(out[0], MARK_LABEL), confidence, added))
    elif mark == 1 and _is_label_slot(out[0]):
        out[0] = _as_label(out[0], MARK_LABEL, confidence)
    return out


def _issue_line_put_back(lines: list[list[Word]], office: int, chip: ChipCard, confidence: float,
                         added: Iterator[int]) -> tuple[list[list[Word]], int]:
    """The 2021 back's issue line (its label and the QR's issue date) above the office,
    where no date was read there: over the line above where that is the line read far off
    (:func:`_is_issue_line`), else put before the office. With the office's new place."""
    date = card_date(chip.issue_date)
    printed = f"{ISSUE_LABEL} {date}"
    elsewhere = lines[:office - 1] + lines[office:] if office else lines  # the line above is looked at below
    if any(_text(line).startswith(ISSUE_LABEL) or date in _text(line) for line in elsewhere):
        return lines, office  # the issue line was read, with something read between it and the office
    out = list(lines)
    above = out[office - 1] if office else None
    if above is not None and _is_issue_line(above, printed):
        out[office - 1] = _as_label(above, printed, confidence)
        return out, office
    box = _between(above, out[office], printed) if above is not None else _above(out[office], printed)
    out.insert(office, _put(printed, box, confidence, added))
    return out, office + 1


def _is_issue_line(line: list[Word], printed: str) -> bool:
    """Whether a line above the office is the issue line read far off: not the mark's,
    most of its letters the line's, and its digits (if it has a date's) nearly the date's."""
    if starts_mark(line) or "<<" in _text(line) or _likeness(line, printed) < TRAIL_SHARE:
        return False
    digits = "".join(ch for ch in _text(line) if ch.isdigit())
    if len(digits) < MIN_VALUE_DIGITS:
        return _is_label_slot(line)
    date = "".join(ch for ch in printed if ch.isdigit())
    return Levenshtein.distance(digits, date) <= DATE_DIGITS_OFF


DATE_DIGITS_OFF = 2  # digits of a date read far off that may differ from the QR's (dropped, misread)


def _dated_back(lines: list[list[Word]], model: CardModel, confidence: float,
                added: Iterator[int]) -> list[list[Word]]:
    dated = [at for at, line in enumerate(lines) if "<<" not in _text(line) and DATE_TAIL.fullmatch(line[-1].text)]
    if len(dated) != len(model.dated_labels) or dated[-1] - dated[0] != len(dated) - 1:
        return lines  # not the back (the front holds one, the birth date), or not as the card prints them
    out = list(lines)
    for at, label in zip(dated, model.dated_labels):
        out[at] = _labelled(out[at], len(out[at]) - 1, label, confidence)
    birth = dated[0] - 2  # the place of birth's label, over the place above the issue date
    if birth >= 0 and starts_place(out[birth + 1]) and _is_label_slot(out[birth]) and not starts_place(out[birth]):
        out[birth] = _as_label(out[birth], BIRTH_PLACE_LABEL, confidence)
    last = dated[-1]
    texts = set(map(_text, out))
    closing = [text for text in model.closing if text not in texts]
    pitch = LINE_PITCH * (_box(out[last])[3] - _box(out[last])[1])
    zone_at = next((at for at in range(last + 1, len(out)) if "<<" in _text(out[at])), len(out))
    after, zone = out[last + 1:zone_at], out[zone_at:]
    out = out[:last + 1] + _trail_put_back(out[last], after, closing, pitch, confidence, added) + zone
    return _place_label(out, 0, model.place_label, confidence, added)


def _ends_in_date(line: list[Word]) -> bool:
    """Whether a line ends in a date, or what a blurred face makes of one: a day or month a
    digit too long, a year read with a fifth ("177/03/1972"), a separator lost."""
    last = line[-1].text
    core = re.sub(r"\W+$", "", last)
    return bool(DATE_TAIL.fullmatch(last) or (_DATE_READ_LONG.fullmatch(last) and not core.isdigit()))


_DATE_READ_LONG = re.compile(r"\d{1,3}\W?\d{1,3}\W?\d{4,5}\W?")
LABEL_READ_SHORT = 0.9  # of a line's letters the label holds in order, for the line to be the label read short


def _label_read_short(line: list[Word], label: str) -> bool:
    """Whether a line is ``label``'s first words, or most of them ("Họ và" for "Họ và tên /
    Full name:"): no digit, four letters at least, nearly all of them the label's."""
    letters = base_letters(_text(line))
    return (len(letters) >= MIN_TRAIL_LETTERS and not any(ch.isdigit() for ch in letters)
            and _likeness(line, label) >= LABEL_READ_SHORT)


def _is_bare_number(word: Word) -> bool:
    """A card number standing alone, its label lost: nine of its twelve characters digits."""
    return len(word.text) == 12 and sum(ch.isdigit() for ch in word.text) >= NUMBER_DIGITS


def _is_zone_name(line: list[Word], name: str) -> bool:
    read, zone = base_letters(_text(line)), base_letters(name)
    return (bool(zone) and len(read) <= 1.2 * len(zone)
            and LCSseq.similarity(read, zone) >= NAME_SHARE * len(zone))


def _in_capitals(line: list[Word]) -> bool:
    """Two words or more, in capitals, none of them print of the card: a name as read."""
    text = _text(line)
    letters = [ch for ch in text if ch.isalpha()]
    return (len(line) >= 2 and text not in CARD_PRINT and len(letters) >= MIN_TRAIL_LETTERS
            and all(ch.isupper() for ch in letters))


def _is_number_line(line: list[Word]) -> bool:
    """A word of the card number's length, most of it read as digits."""
    return any(sum(ch.isdigit() for ch in word.text) >= NUMBER_DIGITS for word in line)


def _is_label_slot(line: list[Word], *, names: bool = True) -> bool:
    """Whether a line standing where a label stands may be read as it: no value's digits,
    no print of either card, and (``names``) not a value of words (a name, a place: see
    :func:`_holds_value`)."""
    text = _text(line)
    if text in CARD_PRINT or text in IDENTITY_CARD_PRINT:
        return False
    return not _holds_value(line) if names else sum(ch.isdigit() for ch in text) < MIN_VALUE_DIGITS


def _as_label(line: list[Word], label: str, confidence: float) -> list[Word]:
    return printed_words(label, _box(line), confidence, line[0].line)


def _labelled(line: list[Word], value: int, label: str, confidence: float) -> list[Word]:
    """``line`` with the words before ``line[value]`` (the value's first word) as ``label``;
    where there are none, the label put before the value at its letters' pitch."""
    if value:
        return _as_label(line[:value], label, confidence) + line[value:]
    first = line[0]
    pitch = (first.bbox[2] - first.bbox[0]) / max(1, len(first.text))
    right = first.bbox[0] - round(pitch)
    box = (max(0, right - round(pitch * len(label))), first.bbox[1], max(right, 1), first.bbox[3])
    return printed_words(label, box, confidence, first.line) + line


def _between(upper: list[Word], lower: list[Word], text: str) -> BBox:
    """A box for a line put back between two lines, at the lower one's left margin."""
    top, bottom = _box(upper)[3], _box(lower)[1]
    height = _box(lower)[3] - _box(lower)[1]
    if bottom - top < height:
        top, bottom = bottom - height, bottom
    left = _box(lower)[0]
    pitch = (_box(lower)[2] - left) / max(1, len(_text(lower)))
    return left, top, left + max(1, round(pitch * len(text))), max(bottom, top + 1)


def _above(line: list[Word], text: str) -> BBox:
    box = _box(line)
    height = box[3] - box[1]
    top = box[1] - round(LINE_PITCH * height)
    pitch = (box[2] - box[0]) / max(1, len(_text(line)))
    return box[0], top, box[0] + max(1, round(pitch * len(text))), top + height
