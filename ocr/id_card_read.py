"""Reading a photocopied ID card's faces: each face found on the sheet (see
:mod:`ocr.id_card_faces`) is OCR'd on its own, enlarged and flattened; what tesseract made
of art beside the print is dropped; the print that read missed is read again on its own
(:mod:`ocr.missed_print`); the face's lines are put in its layout's order
(:mod:`ocr.card_layout`) and its fixed print restored (:mod:`ocr.card_print`); the back's
machine-readable zone is read once more with the zone's alphabet only. Words come back
in the page image's pixels, so the page's text layer and field boxes stay right.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from itertools import groupby

import cv2
import numpy as np

from ocr.card_layout import boxes_of_art, face_reading_order
from ocr.card_print import restore_card_print
from ocr.card_qr import read_face_qr
from ocr.card_template import completed_card_print, zones_chip_card
from ocr.digits import fix_digit_lookalikes
from ocr.engine import TesseractEngine, mean_confidence
from ocr.fingerprint_labels import LABEL_BLOCK, read_fingerprint_labels
from ocr.id_card import FACE_BLOCK, SEXES, looks_like_id_card
from ocr.id_card_faces import CardFace, find_card_faces, flatten_face, level_face, to_gray
from ocr.model import (BBox, OcrResult, Word, centre_within, enclosing_box, letters_in, shared_height,
                       shared_width)
from ocr.line_rows import parted_rows
from ocr.names import mend_family_names
from ocr.missed_print import read_missed_print
from ocr.mrz import WHITELIST, CardMrz, find_zone, mrz_line, parse_td1
from ocr.reading_order import reading_order_text
from ocr.syllables import is_syllable
from ocr.text import strip_accents

log = logging.getLogger(__name__)

TEXT_SCALE = 2.5  # measured: labels' x-height ~11 px at 300 dpi -> ~28 px for tesseract
FACE_PSM = 4  # measured on generated copies: 4 beats 6 (art lines) and 11 (order)
MIN_LINE_CONFIDENCE = 0.45  # face lines below it are art read as text
SCRAP_LINE_LETTERS = 3  # a face line with no more letters and digits than this is a scrap ...
SURE_SYLLABLE_CONFIDENCE = 0.8  # ... unless its words are syllables read at least this surely
PRINT_CORE_WORDS = 2  # a line with this many words read surely is print, whatever else it holds
PRINT_CORE_CONFIDENCE = 0.85
SYLLABLE_CORE_WORDS, SYLLABLE_CORE_CONFIDENCE = 3, 0.6
"""... or this many Vietnamese syllables (two letters or more) read at least this surely: a
faded copy's place line "ế:? lườ- sao. phường Đến Thuy, Puàch phố Vưyy ri Nyyệ An" averages
0.35, yet it is print; art read as text rarely spells three syllables."""
RUN_GAP = 1.8  # line heights: a gap this wide parts a line's print from art beside it
MIN_RUN_CONFIDENCE = 0.5  # a run at a line's end below it, and ...
RUN_CONFIDENCE_MARGIN = 0.35  # ... this far below the rest of the line, is art read as text
NOISE_CONFIDENCE = 0.1  # a line's end word below it, in mixed case ("cƯỚN") or mostly marks, is noise
SPECK_HEIGHT = 0.3  # a word this share of the line's height is a speck
ART_HEIGHT = 2.0  # a letter or two at a line's end this many line heights tall is art's edge
TWICE_HEIGHT, TWICE_WIDTH = 0.6, 0.3  # two words sharing these shares of their height and width: one print read twice
PHOTO_HEIGHT = 0.3  # the front's photo: at least this share of the face's height ...
PHOTO_ASPECT = 0.9  # ... and about as tall as wide or taller (a seal with its signature is wide)
PHOTO_PAD = 0.008  # face widths of paper round the photo left out of what is under it
UNDER_PHOTO_PSM = 6  # the expiry's few lines: one block
UNDER_PHOTO_BLOCK = 800  # their lines, within a face's blocks
ZONE_SHARE = 0.4  # the zone's three lines fill the lowest fifth of the back; some slack
ZONE_LANGUAGE = "eng"
ZONE_BLOCK = 900  # the zone's lines, within a face's blocks
ZONE_ATTEMPTS = ((False, 1.0), (True, 1.0), (False, 0.5))
"""How the zone's band is read, in turn, until its check digits agree: (Otsu-binarized,
scale). Measured on generated mild and hard copies: each later one verifies zones the
earlier ones did not (a blurred filler run, letters touching)."""


@dataclass(frozen=True, slots=True)
class CardRead:
    """What the faces say: their words in page pixels, and the zone if one was read."""

    faces: tuple[CardFace, ...]
    words: tuple[Word, ...]
    zone: CardMrz | None
    codes: tuple[str, ...] = ()  # QR codes decoded on the faces (see ``find_qr``)


def read_card(page: np.ndarray, dpi: float, engine: TesseractEngine, find_qr: bool = False,
              faces: tuple[CardFace, ...] | None = None, page_codes: tuple[str, ...] = ()) -> CardRead | None:
    """The card faces' words (page pixels) and zone; ``None`` when no face is found.
    ``find_qr``: the chip's QR code is looked for on the faces too, in turn until one
    gives a code (the page's own barcode pass missed it). ``faces``: the page's faces,
    where the caller already found them; ``page_codes``: the codes the page's barcode
    pass decoded (a chip card's QR there gives the print its exact values too)."""
    gray = to_gray(page)
    faces = find_card_faces(gray, dpi) if faces is None else faces
    if not faces:
        return None
    scale = TEXT_SCALE * 300.0 / dpi
    face_engine = dataclasses.replace(engine, psm=FACE_PSM, keeps_line=_holds_print)
    flats, reads, codes, levelled = [], [], [], []
    for face in faces:
        face, image, matrix = level_face(gray, face, scale)
        levelled.append(face)
        if find_qr and not codes:
            codes += read_face_qr(image, dpi * scale)
        flat, art = flatten_face(image, dpi * scale)
        flats.append((flat, matrix, art))
        reads.append(face_engine.recognize(flat, dpi=round(dpi * scale)))
    hinted = [index for index, read in enumerate(reads) if any(_ZONE_HINT.search(w.text) for w in read.words)]
    zone, zone_words, zone_face = None, [], None
    unparsed: tuple[int, list[Word]] | None = None  # the first face whose zone lines did not parse
    for index in hinted or range(len(faces)):
        attempts = len(ZONE_ATTEMPTS) if hinted else 1  # unhinted faces: most hold no zone
        zone, zone_words = read_zone(flats[index][0], dpi * scale, engine, attempts=attempts)
        if zone is not None:
            zone_face = index
            break
        if zone_words and unparsed is None:
            unparsed = (index, zone_words)
    if zone is None and unparsed is not None:  # no face's zone parsed: its lines as read
        zone_face, zone_words = unparsed
    chip = zones_chip_card((*codes, *page_codes), zone)
    words: list[Word] = []
    for index, ((flat, matrix, art), read) in enumerate(zip(flats, reads)):
        face_words, zone_lines = read.words, []
        if index != zone_face and index not in hinted:  # the front
            face_words = read_under_photo(flat, art, face_words, engine, dpi * scale)
        zone_top = None
        if index == zone_face:
            zone_top = min(w.bbox[1] for w in zone_words)
            face_words = tuple(w for w in face_words if (w.bbox[1] + w.bbox[3]) / 2 < zone_top)
            zone_lines = zone_words
        face_words = read_missed_print(flat, face_words, engine, dpi * scale, bottom=zone_top)
        if index == zone_face or index in hinted:  # the back
            face_words = read_fingerprint_labels(flat, art, face_words, engine, dpi * scale)
        face_words = completed_card_print(face_text_words(face_words, art, flat.shape[1::-1]), face_words, art,
                                          flat.shape[1::-1], zone, chip, holds_zone=index == zone_face) + zone_lines
        back = cv2.invertAffineTransform(matrix)
        words += [_on_page(word, back, index + 1) for word in face_words]
    log.debug("ID card: %d faces, %d words, zone %s", len(faces), len(words), zone is not None)
    return CardRead(tuple(levelled), tuple(words), zone, tuple(codes))


def reads_as_card(card: CardRead) -> bool:
    """Whether the faces' own read shows a card: a zone, or the card's markers
    (:func:`ocr.id_card.looks_like_id_card`). Card-sized art on a page whose text named no
    card (a photo, a boxed stamp) reads as none."""
    return card.zone is not None or looks_like_id_card(" ".join(word.text for word in card.words))


def face_text_words(words: tuple[Word, ...], art: tuple[BBox, ...], size: tuple[int, int]) -> list[Word]:
    """A face's words as its text: art's words dropped, lines in the layout's order, the
    card's print restored, and family names mended once more (art at a name line's end
    kept the engine's mending from seeing the name). ``size``: the face's width, height.
    The fingerprints' labels, read line by line where print stands, are print: the gap
    between a row's two labels is no art's."""
    boxes = tuple(boxes_of_art(art, (0, 0, *size)))
    labels = [word for word in words if word.line[0] == LABEL_BLOCK]
    read = drop_art_lines(read_once(parted_rows([word for word in words if word.line[0] != LABEL_BLOCK])), boxes)
    return mend_family_names(without_scrap_lines(restore_card_print(face_reading_order(read + labels, art))))


def without_scrap_lines(words: list[Word]) -> list[Word]:
    """Words without the face's lines of ``SCRAP_LINE_LETTERS`` letters and digits or fewer
    ("8M", "wei", "`"): no line of the card is that short; they are what art or dust left.
    A line of such words read surely as syllables stays (a wrapped residence's last word,
    "Huế"), and so does a lone sex however its marks were read ("Nam", "Nu")."""
    lines = [list(line) for _, line in groupby(words, key=lambda w: w.line)]
    return [word for line in lines if not _scrap_line(line) for word in line]


def _scrap_line(line: list[Word]) -> bool:
    if sum(ch.isalnum() for w in line for ch in w.text) > SCRAP_LINE_LETTERS:
        return False
    text = " ".join(w.text for w in line)
    if strip_accents(text).lower().strip(".") in _SEXES_FOLDED:
        return False
    return not all(w.confidence >= SURE_SYLLABLE_CONFIDENCE and is_syllable(w.text) for w in line)


_SEXES_FOLDED = frozenset(strip_accents(sex).lower() for sex in SEXES)


def read_once(words: tuple[Word, ...] | list[Word]) -> list[Word]:
    """Words without lines tesseract read twice: psm 4 now and then gives one printed
    line as two lying over each other ("Sẹo chấm C:2cm ..." and "o chấm C:2cm ...",
    word boxes a little apart). A line most of whose words lie on words of a line kept
    before it goes (lines with the most letters, then the surest, are kept first)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    ranked = sorted(lines.values(), key=lambda line: (-letters_in(line), -mean_confidence(line)))
    kept: list[Word] = []
    twice: set[tuple[int, int, int]] = set()
    for line in ranked:
        lying_on = sum(any(_on_word(word.bbox, other.bbox) for other in kept) for word in line)
        if 2 * lying_on > len(line):
            twice.add(line[0].line)
        else:
            kept += line
    return [word for word in words if word.line not in twice]


def _on_word(a: BBox, b: BBox) -> bool:
    """Whether two words' boxes share most of their height and a good part of the
    narrower one's width: the same print."""
    return (shared_width(a, b) > TWICE_WIDTH * min(a[2] - a[0], b[2] - b[0])
            and shared_height(a, b) > TWICE_HEIGHT * min(a[3] - a[1], b[3] - b[1]))


def read_under_photo(flat: np.ndarray, art: tuple[BBox, ...], words: tuple[Word, ...],
                     engine: TesseractEngine, dpi: float) -> tuple[Word, ...]:
    """``words`` with what stands under the front's photo (the expiry: "Có giá trị đến: /
    Date of expiry: / 05/06/2038") read on its own. Read with the face, its lines sit
    level with the fields' and tesseract took them in as scraps before the fields, where
    they were dropped as art. The photo is the tall art box on the face's left third
    (a frame round the face, the card's edge, is none); a face without one is left as read."""
    height, width = flat.shape[:2]
    photos = [box for box in boxes_of_art(art, (0, 0, width, height)) if (box[0] + box[2]) / 2 < width / 3
              and box[3] - box[1] >= PHOTO_HEIGHT * height and box[3] - box[1] >= PHOTO_ASPECT * (box[2] - box[0])]
    if not photos:
        return words
    photo = max(photos, key=lambda box: (box[2] - box[0]) * (box[3] - box[1]))
    pad = round(PHOTO_PAD * width)
    right, top = min(width, photo[2] + pad), photo[3] + pad
    if height - top < pad:
        return words
    region = np.ascontiguousarray(flat[top:, :right])
    read = dataclasses.replace(engine, psm=UNDER_PHOTO_PSM).recognize(region, dpi=round(dpi))
    below = [Word(w.text, (w.bbox[0], w.bbox[1] + top, w.bbox[2], w.bbox[3] + top), w.confidence,
                  (UNDER_PHOTO_BLOCK, w.line[1], w.line[2])) for w in read.words]

    def in_region(word: Word) -> bool:
        return (word.bbox[0] + word.bbox[2]) / 2 < right and (word.bbox[1] + word.bbox[3]) / 2 >= top

    return tuple(w for w in words if not in_region(w)) + tuple(below)


_ZONE_HINT = re.compile(r"<<|VNM")
"""What the face's own read makes of a zone line: filler, or the issuing state."""


def drop_art_lines(words: tuple[Word, ...], art: tuple[BBox, ...] = ()) -> list[Word]:
    """Words without what tesseract made of art: lines of low confidence or few letters
    (a lone date, which tesseract scores low on a line of its own, stays), and bits of
    art at either end of a line of print: doubtful scraps, words within an ``art`` box
    (the face's photo, QR code, seal, fingerprints; no frame) not surely print, and doubtful runs
    of words set apart from the print by a wide gap (what the photo or a seal left
    beside a label)."""
    kept: list[Word] = []
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    for line in lines.values():
        line = _without_art_runs(line, art)
        if not line:
            continue
        letters = sum(ch.isalnum() or ch == "<" for w in line for ch in w.text)
        printed = _holds_print(line)
        if not printed and (mean_confidence(line) < MIN_LINE_CONFIDENCE
                            or letters * 2 < sum(len(w.text) for w in line)):
            continue
        kept += line
    return kept


def _holds_print(line: list[Word]) -> bool:
    """Whether a face line holds print whatever its confidence: a date or a number standing
    alone, two words read surely, or three likely syllables (see :func:`drop_art_lines`)."""
    return (any(_lone_value(w.text) for w in line)
            or sum(_surely_print(w) for w in line) >= PRINT_CORE_WORDS
            or sum(_likely_syllable(w) for w in line) >= SYLLABLE_CORE_WORDS)


def _likely_syllable(word: Word) -> bool:
    text = word.text.strip(_WORD_PUNCTUATION)
    return word.confidence >= SYLLABLE_CORE_CONFIDENCE and len(text) >= 2 and is_syllable(text)


_WORD_PUNCTUATION = ".,;:()/-'\"“”‘’"


def _surely_print(word: Word) -> bool:
    return word.confidence >= PRINT_CORE_CONFIDENCE and sum(ch.isalpha() for ch in word.text) >= 2


def _lone_value(text: str) -> bool:
    """Whether a word is a date or a number (an ID number: 9 or 12 digits), or ends in
    one glued to its label, with a letter at most read for a digit: a faded front's
    number line read as one word, "só:no.07917B385200" (hard dev 57). Guilloche read as
    "0O0O0O0O0O" or "~~1111111111~~" is none."""
    found = _LONE_VALUE.search(fix_digit_lookalikes(text))
    return found is not None and sum(ch.isalpha() for ch in text[found.start(1):found.end(1)]) <= 1


_LONE_VALUE = re.compile(r"(?<!\d)(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{9,12})[.,;:]?$")


def _without_art_runs(line: list[Word], art: tuple[BBox, ...]) -> list[Word]:
    """The line without scraps at its ends, and without the most runs of words at either
    end (runs: parted by gaps wider than ``RUN_GAP`` line heights) that are doubtful
    together, as what a photo or seal leaves beside a label is."""
    height = _line_height(line)
    line = [word for word in line if not _is_speck(word, height)]
    changed = True
    while line and changed:
        before = len(line)
        while line and (_is_scrap(line[0], height) or _is_art_scrap(line[0], art)) and not _labels_number(line):
            line = line[1:]
        while line and (_is_scrap(line[-1], height) or _is_art_scrap(line[-1], art)):
            line = line[:-1]
        runs = _runs(line, RUN_GAP * height)
        start = max((count for count in range(1, len(runs))
                     if _is_art_run(_joined(runs[:count]), _joined(runs[count:]))), default=0)
        end = min((count for count in range(start + 1, len(runs))
                   if _is_art_run(_joined(runs[count:]), _joined(runs[start:count]))), default=len(runs))
        line = _joined(runs[start:end])
        changed = len(line) != before
    return line


def _labels_number(line: list[Word]) -> bool:
    """Whether the line is a word and the card number after it: the word is what is left
    of the number's label ("SốJNo.:", read at confidence 0 in mixed case), which the
    card's print restores (:mod:`ocr.card_print`), not a scrap."""
    return len(line) == 2 and _CARD_NUMBER.fullmatch(line[1].text) is not None


_CARD_NUMBER = re.compile(r"\d{12}\W?")


def _is_art_run(run: list[Word], rest: list[Word]) -> bool:
    """Whether words beside the print are art: doubtful, and far more so than the print (on
    a poor copy everything is doubtful; the print is then kept whole)."""
    doubt = mean_confidence(run)
    return doubt < MIN_RUN_CONFIDENCE and mean_confidence(rest) - doubt >= RUN_CONFIDENCE_MARGIN


def _joined(runs: list[list[Word]]) -> list[Word]:
    return [word for run in runs for word in run]


def _line_height(line: list[Word]) -> float:
    heights = sorted(w.bbox[3] - w.bbox[1] for w in line if any(ch.isalnum() for ch in w.text))
    return float(heights[len(heights) // 2]) if heights else 1.0


def _runs(line: list[Word], gap: float) -> list[list[Word]]:
    runs: list[list[Word]] = []
    for word in line:
        if runs and word.bbox[0] - runs[-1][-1].bbox[2] <= gap:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _is_scrap(word: Word, line_height: float) -> bool:
    alnum = sum(ch.isalnum() for ch in word.text)
    noise = word.confidence < NOISE_CONFIDENCE and (_mixed_case(word.text) or alnum * 2 < len(word.text))
    return (alnum == 0 or noise
            or (word.confidence < 0.5 and alnum <= 3)
            or (word.confidence < 0.7 and alnum == 1 and not word.text.isdigit())
            or word.bbox[3] - word.bbox[1] < SPECK_HEIGHT * line_height
            or (alnum <= 2 and word.bbox[3] - word.bbox[1] > ART_HEIGHT * line_height))


def _is_art_scrap(word: Word, art: tuple[BBox, ...]) -> bool:
    """A word within an art box that is not surely print: what tesseract made of the
    seal's ring or a fingerprint's ridges ("3", "kÃ", "S27"), not a name under the seal."""
    left, top, right, bottom = word.bbox
    return not _surely_print(word) and any(
        box[0] <= left and right <= box[2] and box[1] <= top and bottom <= box[3] for box in art)


def _is_speck(word: Word, line_height: float) -> bool:
    """A dot of dust read as a mark anywhere in a line ("Thái ¡ Nguyên"); the print's own
    short marks (comma, hyphen, stop, slash) stay."""
    return (word.bbox[3] - word.bbox[1] < SPECK_HEIGHT * line_height
            and sum(ch.isalnum() for ch in word.text) <= 1 and not set(word.text) & _PRINT_MARKS)


_PRINT_MARKS = frozenset(",.-:/;")


def _mixed_case(text: str) -> bool:
    return any(first.islower() and second.isupper() for first, second in zip(text, text[1:]))


def read_zone(flat: np.ndarray, dpi: float, engine: TesseractEngine,
              attempts: int = len(ZONE_ATTEMPTS)) -> tuple[CardMrz | None, list[Word]]:
    """The machine-readable zone in the lower part of a straightened face, read with the
    zone's alphabet only and parsed with its check digits; with the zone lines' words
    (in the face image's pixels). ``(None, [])`` when the face holds no zone; ``None``
    and the lines as read when no read of them parses.

    A read whose check digits do not all agree is tried again, each time on the band
    prepared otherwise (see ``ZONE_ATTEMPTS``); the read with the most verified values
    wins. ``attempts``: the reads made before giving up on a face that shows no zone's
    lines (one that shows them gets every read)."""
    top = round(flat.shape[0] * (1 - ZONE_SHARE))
    band = np.ascontiguousarray(flat[top:])
    zone_engine = dataclasses.replace(engine, languages=ZONE_LANGUAGE, psm=6, correct_syllables=False,
                                      min_word_confidence=0.0,
                                      extra_config=f"-c tessedit_char_whitelist={WHITELIST}")
    best: tuple[int, CardMrz | None, list[Word]] = (NO_ZONE, None, [])
    for made, (binarize, shrink) in enumerate(ZONE_ATTEMPTS):
        if made >= attempts and best[0] == NO_ZONE:
            break
        image = _zone_image(band, binarize, shrink)
        read = zone_engine.recognize(image, dpi=round(dpi * shrink))
        zone, words = zone_of(read.words, 1 / shrink, top)
        if zone is None:
            verified = UNPARSED_ZONE if words else NO_ZONE
        else:
            verified = sum(bool(v and v.verified) for v in (zone.id_number, zone.birth_date, zone.expiry_date))
        if verified > best[0]:
            best = (verified, zone, words)
        if verified == 3:  # the composite alone no longer vouches for the dates
            break
    return best[1], best[2]


NO_ZONE, UNPARSED_ZONE = -2, -1
"""A zone read's rank below any parsed one's (its count of verified values): no zone's
lines found, or found and not parsed."""


def _zone_image(band: np.ndarray, binarize: bool, shrink: float) -> np.ndarray:
    image = band
    if binarize:
        _, image = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if shrink != 1:
        image = cv2.resize(image, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    return image


def zone_of(read_words: tuple[Word, ...], grow: float, top: int) -> tuple[CardMrz | None, list[Word]]:
    """The zone among a band's words, and the zone lines' words in the face's pixels
    (``grow`` times the band's, ``top`` below). Each of the zone's three lines becomes
    one word spelt as the zone was parsed: 30 characters, look-alikes put right by
    position (``ocr.mrz``)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in read_words:
        lines.setdefault(word.line, []).append(word)
    ordered = list(lines.values())
    texts = [" ".join(w.text for w in line) for line in ordered]
    found = find_zone(texts)
    zone = parse_td1(found) if found is not None else None
    if zone is None:
        return None, _lines_as_read(ordered, texts, found, grow, top) if found is not None else []
    words = []
    for index, (line, text) in enumerate(zip(ordered, texts)):
        spelt = _zone_spelling(mrz_line(text), found, zone.lines)
        if spelt is None and not _is_zone_line(text):
            continue
        box = _in_face(line, grow, top)
        if spelt is None:
            words += [Word(w.text, box, w.confidence, (ZONE_BLOCK, 1, index)) for w in line]
        else:
            words.append(Word(spelt, box, min(w.confidence for w in line), (ZONE_BLOCK, 1, index)))
    return zone, words


def _in_face(line: list[Word], grow: float, top: int) -> BBox:
    """A band line's box in the face's pixels (``grow`` times the band's, ``top`` below)."""
    left, upper, right, lower = enclosing_box(w.bbox for w in line)
    return round(left * grow), round(upper * grow) + top, round(right * grow), round(lower * grow) + top


def _lines_as_read(ordered: list[list[Word]], texts: list[str], found: tuple[str, str, str],
                   grow: float, top: int) -> list[Word]:
    """The found zone lines that did not parse (look-alikes past mending, filler lost), one
    word each as read in the zone's alphabet, in the face's pixels: text the copy holds.
    Each found line is the one OCR line it was read from, from the first one down (a short
    name line, "<<<", must not take a line above the zone)."""
    words: list[Word] = []
    wanted = [line for line in found if line]
    for index, (line, text) in enumerate(zip(ordered, texts)):
        if not wanted:
            break
        if _zone_spelling(mrz_line(text), found, found) != wanted[0]:
            continue  # not the next zone line (the zone's lines are looked for in order)
        box = _in_face(line, grow, top)
        words.append(Word(wanted.pop(0), box, min(w.confidence for w in line), (ZONE_BLOCK, 1, index)))
    return words


def _zone_spelling(cleaned: str, found: tuple[str, str, str], parsed: tuple[str, str, str]) -> str | None:
    """The parsed spelling of the zone line OCR read as ``cleaned`` (the first one may
    carry stray characters before it)."""
    for read, spelt in zip(found, parsed):
        if read and (cleaned == read or (read is found[0] and cleaned.endswith(read))):
            return spelt
    return None


def _on_page(word: Word, back: np.ndarray, face_number: int) -> Word:
    left, top, right, bottom = word.bbox
    corners = np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float64)
    mapped = corners @ back[:, :2].T + back[:, 2]
    x0, y0 = np.floor(mapped.min(axis=0)).astype(int)
    x1, y1 = np.ceil(mapped.max(axis=0)).astype(int)
    block, paragraph, line = word.line
    return Word(word.text, (int(x0), int(y0), int(x1), int(y1)), word.confidence,
                (face_number * FACE_BLOCK + block, paragraph, line))


def with_card_words(page: OcrResult, card: CardRead) -> OcrResult:
    """The page's result with the faces' words in place of what the page OCR read on
    them; lines in the order they stand on the sheet (faces as whole blocks)."""
    boxes = [face.bbox for face in card.faces]

    def on_a_face(word: Word) -> bool:
        return any(centre_within(word.bbox, box) for box in boxes)

    units: list[tuple[float, bool, list[Word]]] = []  # (top, a face's, words)
    for word in page.words:
        if on_a_face(word):
            continue
        if units and units[-1][2][-1].line == word.line:
            units[-1][2].append(word)
        else:
            units.append((word.bbox[1], False, [word]))
    for number, face in enumerate(card.faces, start=1):
        face_words = [w for w in card.words if w.line[0] // FACE_BLOCK == number]
        if face_words:
            units.append((face.bbox[1], True, face_words))
    units.sort(key=lambda unit: unit[0])
    words = tuple(word for _, _, unit in units for word in unit)
    if not words:
        return OcrResult.empty(page.width, page.height)
    return OcrResult(words, _text(units), mean_confidence(list(words)), page.width, page.height)


def _text(units: list[tuple[float, bool, list[Word]]]) -> str:
    """The page's lines read in order, and each face's as its layout put them: a face is
    not read again as page columns (labels side by side under the fingerprint boxes, on
    two rows, are read row by row, as the card prints them)."""
    parts = []
    for on_face, group in groupby(units, key=lambda unit: unit[1]):
        if on_face:  # a unit per face
            parts += ["\n".join(" ".join(w.text for w in line) for _, line in groupby(face, key=lambda w: w.line))
                      for _, _, face in group]
        else:
            parts.append(reading_order_text([word for _, _, unit in group for word in unit]))
    return "\n\n".join(parts)


def _is_zone_line(text: str) -> bool:
    compact = text.replace(" ", "")
    return len(compact) >= 20 and (compact.count("<") >= 2 or "VNM" in compact[:8])
