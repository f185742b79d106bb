"""The card-specific read of an ID card copy: faces found on a generated mild scan, read
by real tesseract, the zone's check digits, the expiry date and place of origin; a page
without a card is left alone."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from intake.model import CleanPage
from intake.pipeline import PipelineOptions, process_page, read_id_card_faces
from intake.separate import read_barcodes
from ocr.engine import TesseractEngine
from ocr.fields import extract_fields
from ocr.id_card import chip_cards, holds_card_faces, looks_like_id_card
from ocr.id_card_fields import read_expiry
from ocr.id_card_faces import MIN_TILT_DEG, CardFace, find_card_faces, level_face, print_tilt
from ocr.id_card_read import (FACE_BLOCK, ZONE_BLOCK, CardRead, drop_art_lines, face_text_words, read_card,
                              read_once, read_under_photo, read_zone, with_card_words, zone_of)
from ocr.labels import page_lines
from ocr.model import OcrResult, Word
from samples.degrade import Level

DPI = 300


@pytest.fixture(scope="module")
def mild_copy(scan_card_copy):
    """A mild scan (upright) of a generated ID card copy, with the card's printed values."""
    image, fields = scan_card_copy(7, Level.MILD, DPI)
    return np.asarray(image), fields


@pytest.fixture(scope="module")
def card_read(mild_copy):
    image, _ = mild_copy
    return read_card(image, DPI, TesseractEngine())


def test_both_faces_are_found_where_the_cards_lie(mild_copy):
    image, _ = mild_copy
    faces = find_card_faces(image, DPI)
    assert len(faces) == 2
    for face in faces:
        width, height = face.size
        assert 0.9 < width / 1011 < 1.1 and 0.9 < height / 638 < 1.1
    assert faces[0].center[1] < faces[1].center[1]  # front above back


def test_card_read_gives_place_of_origin_expiry_and_a_checked_zone(mild_copy, card_read):
    image, truth = mild_copy
    assert card_read is not None and card_read.zone is not None
    zone = card_read.zone
    checked = {"id_number": zone.id_number, "dob": zone.birth_date, "expiry_date": zone.expiry_date}
    verified = {key: value.value for key, value in checked.items() if value and value.verified}
    assert verified and all(value == truth[key] for key, value in verified.items())  # never a wrong one
    page = with_card_words(OcrResult.empty(image.shape[1], image.shape[0]), card_read)
    fields = extract_fields(page, zone=zone).fields
    assert fields["expiry_date"].value == truth["expiry_date"]
    assert fields["place_of_origin"].value == truth["place_of_origin"]
    for key in ("id_number", "dob"):
        assert fields[key].value == truth[key], key
    faces = [face.bbox for face in card_read.faces]
    box = fields["place_of_origin"].bbox  # page pixels, on the front face
    assert faces[0][0] <= box[0] < box[2] <= faces[0][2] and faces[0][1] <= box[1] < box[3] <= faces[0][3]


def test_page_words_off_the_cards_are_kept(mild_copy, card_read):
    image, _ = mild_copy
    below = card_read.faces[-1].bbox[3] + 200
    note = Word("Bản sao", (300, below, 500, below + 40), 0.95, (1, 1, 1))
    page = with_card_words(OcrResult((note,), "Bản sao", 0.95, image.shape[1], image.shape[0]), card_read)
    assert page.words[-1] == note and page.text.endswith("Bản sao")


def test_page_text_keeps_the_faces_reading_order(mild_copy, card_read):
    """The faces' lines are in their layout's order already (``ocr.card_layout``); the page
    text must not read them again as page columns: two labels side by side under the
    fingerprint boxes, on two rows, came out column by column ("Ngón trỏ trái / Left
    index finger / Ngón trỏ phải / ...") where the card reads them row by row."""
    image, _ = mild_copy
    page = with_card_words(OcrResult.empty(image.shape[1], image.shape[0]), card_read)
    face_lines = [" ".join(w.text for w in line) for _, line in groupby(card_read.words, key=lambda w: w.line)]
    assert [line for line in page.text.splitlines() if line] == face_lines

    labels = [Word(text, (left, top, left + 300, top + 30), 0.9, (FACE_BLOCK + 1, 1, row))
              for row, top in enumerate((100, 150))
              for left, text in ((100, ("Ngón trỏ trái", "Left index")[row]), (700, ("Ngón trỏ phải", "Right index")[row]))]
    face = CardFace((500.0, 125.0), (1000.0, 200.0), 0.0)
    text = with_card_words(OcrResult.empty(1200, 400), CardRead((face,), tuple(labels), None)).text
    assert text.split("\n") == ["Ngón trỏ trái Ngón trỏ phải", "Left index Right index"]


def test_a_page_without_a_card_is_left_alone():
    sheet = np.full((3508, 2480), 250, np.uint8)
    sheet[400:460, 300:2000] = 30  # a heading bar: dark, but no card
    assert find_card_faces(sheet, DPI) == ()
    assert read_card(sheet, DPI, TesseractEngine()) is None


def test_no_expiry_is_read_as_printed():
    words = [Word(text, (0, 40 * row, 200, 40 * row + 30), 0.9, (1, 1, row))
             for row, text in enumerate(("Có giá trị đến:", "Date of expiry:", "Không thời hạn"))]
    lines = page_lines(OcrResult(tuple(words), "", 0.9, 300, 200))
    assert read_expiry(lines).value == "Không thời hạn"


def test_faces_are_found_on_a_bilevel_copy_by_their_outline(mild_copy):
    """GIVEN the copy thresholded to black and white (the card's gray is gone, its edge
    stays) WHEN faces are looked for THEN both are found where the gray ones were."""
    image, _ = mild_copy
    gray = image if image.ndim == 2 else image.mean(axis=2)
    bilevel = np.where(gray < 128, 0, 255).astype(np.uint8)
    faces = find_card_faces(bilevel, DPI)
    expected = find_card_faces(image, DPI)
    assert len(faces) == 2
    for face, gray_face in zip(faces, expected):
        assert np.hypot(face.center[0] - gray_face.center[0], face.center[1] - gray_face.center[1]) < 30


def test_faces_are_found_on_a_bilevel_copy_whose_outlines_are_broken(mild_copy):
    """GIVEN the bilevel copy with each face's edge broken for 5 mm on its left and top
    (faded toner; the outline no longer closes) WHEN faces are looked for THEN both are
    still found where the gray ones were: an open outline of the card's size is a face."""
    image, _ = mild_copy
    gray = image if image.ndim == 2 else image.mean(axis=2)
    bilevel = np.where(gray < 128, 0, 255).astype(np.uint8)
    expected = find_card_faces(image, DPI)
    gap, reach = round(5 / 25.4 * DPI), round(1.5 / 25.4 * DPI)
    for face in expected:
        left, top, right, bottom = face.bbox
        middle_y, middle_x = (top + bottom) // 2, (left + right) // 2
        bilevel[middle_y - gap // 2:middle_y + gap // 2, left - reach:left + reach] = 255
        bilevel[top - reach:top + reach, middle_x - gap // 2:middle_x + gap // 2] = 255
    faces = find_card_faces(bilevel, DPI)
    assert len(faces) == 2
    for face, gray_face in zip(faces, expected):
        assert np.hypot(face.center[0] - gray_face.center[0], face.center[1] - gray_face.center[1]) < 30


@pytest.mark.parametrize("gap_mm", [1.2, 2.0])
def test_faces_are_found_where_faded_toner_broke_the_outline_every_few_millimetres(mild_copy, gap_mm):
    """GIVEN the bilevel copy with each face's edge broken by a 1.2 or 2 mm gap every 6 mm
    all round (faded toner: no piece of the outline is a card's side any more) WHEN faces
    are looked for THEN both are still found where the gray ones were, at their angle."""
    image, _ = mild_copy
    gray = image if image.ndim == 2 else image.mean(axis=2)
    bilevel = np.where(gray < 128, 0, 255).astype(np.uint8)
    expected = find_card_faces(image, DPI)
    gap, every, reach = (round(mm / 25.4 * DPI) for mm in (gap_mm, 6.0, 1.5))
    for face in expected:
        left, top, right, bottom = face.bbox
        for x in range(left, right, every):  # top and bottom edges
            bilevel[top - reach:top + reach, x:x + gap] = 255
            bilevel[bottom - reach:bottom + reach, x:x + gap] = 255
        for y in range(top, bottom, every):  # left and right edges
            bilevel[y:y + gap, left - reach:left + reach] = 255
            bilevel[y:y + gap, right - reach:right + reach] = 255
    faces = find_card_faces(bilevel, DPI)
    assert len(faces) == 2
    for face, gray_face in zip(faces, expected):
        assert np.hypot(face.center[0] - gray_face.center[0], face.center[1] - gray_face.center[1]) < 30
        assert abs(face.angle - gray_face.angle) < 1.5


def test_faces_are_found_on_gray_paper_with_white_corners(mild_copy):
    """GIVEN the copy on grayer paper, with white margins where a turned sheet left the
    scanner bed bare WHEN faces are looked for THEN both are found."""
    image, _ = mild_copy
    gray = (image if image.ndim == 2 else image.mean(axis=2)) * 0.88
    sheet = np.full((gray.shape[0], gray.shape[1] + 900), 255, np.uint8)
    sheet[:, 450:450 + gray.shape[1]] = gray.astype(np.uint8)
    assert len(find_card_faces(sheet, DPI)) == 2


def test_faces_are_levelled_by_their_print(mild_copy):
    """GIVEN a copy whose cards lie about a degree off level (the sheet is searched at 1/8
    of its resolution, where a card's edge hardly shows such a tilt; a face cut out that
    far off makes tesseract read two lines of print as one) WHEN each face, as found and
    with its angle 1.5 or 2 degrees further off, is levelled THEN its print lies level,
    at one angle (within the tilt left alone) whatever it started from."""
    image, _ = mild_copy
    gray = image if image.ndim == 2 else image.mean(axis=2).astype(np.uint8)
    for found in find_card_faces(gray, DPI):
        level, straight, _ = level_face(gray, found, 2.5)
        assert abs(print_tilt(straight)) < MIN_TILT_DEG
        for off_by in (1.5, -2.0):
            face, straight, _ = level_face(gray, CardFace(found.center, found.size, found.angle + off_by), 2.5)
            assert abs(face.angle - level.angle) < MIN_TILT_DEG + 0.1  # smaller tilts are left
            assert abs(print_tilt(straight)) < MIN_TILT_DEG


def art_line(*words: tuple[str, float, int, int]) -> tuple[Word, ...]:
    return tuple(Word(text, (left, 100, right, 140), confidence, (1, 1, 1))
                 for text, confidence, left, right in words)


def test_art_beside_a_label_is_dropped_and_a_poor_line_kept():
    """Words a wide gap parts from the print, doubtful together, are art (the photo's edge);
    on a poor copy where the print is as doubtful, nothing is dropped."""
    label = art_line(("P4", 0.59, 130, 190), ("say.", 0.36, 330, 610),
                     ("Quê", 0.97, 750, 840), ("quán", 0.93, 860, 960), ("/", 0.93, 980, 995),
                     ("Place", 0.71, 1010, 1130), ("of", 0.93, 1150, 1190), ("origin:", 0.84, 1210, 1330))
    assert " ".join(w.text for w in drop_art_lines(label)) == "Quê quán / Place of origin:"
    poor = art_line(("Ngày", 0.52, 130, 240), ("sinh", 0.40, 260, 350), ("20/02/1956", 0.45, 600, 860))
    assert [w.text for w in drop_art_lines(poor)] == ["Ngày", "sinh", "20/02/1956"]
    speck = art_line(("tỉnh", 0.9, 100, 190), ("Thái", 0.96, 210, 320)) + (
        Word("¡", (330, 136, 334, 139), 0.38, (1, 1, 1)),
        Word("Nguyên", (350, 100, 520, 140), 0.92, (1, 1, 1)))
    assert [w.text for w in drop_art_lines(speck)] == ["tỉnh", "Thái", "Nguyên"]


def test_a_doubtful_line_that_spells_syllables_is_print_and_art_that_does_not_is_dropped():
    """GIVEN two lines as tesseract read them on a faded hard copy's front (hard dev seed 59,
    words, confidences and spans as read): the place of origin, averaging 0.35, and the
    small English motto ("Independence - Freedom - Happiness") WHEN art lines are dropped
    THEN the place is kept (four syllables read at 0.6 or better), the motto's garble is not."""
    place = art_line(("ế:?", 0.00, 100, 219), ("lườ-", 0.06, 320, 387), ("sao.", 0.47, 496, 645),
                     ("phường", 0.67, 738, 928), ("Đến", 0.74, 960, 1047), ("Thuy,", 0.67, 1073, 1199),
                     ("Puàch", 0.00, 1220, 1345), ("phố", 0.19, 1371, 1453), ("Vưyy", 0.17, 1480, 1582),
                     ("ri", 0.32, 1626, 1708), ("Nyyệ", 0.15, 1729, 1843), ("An", 0.81, 1870, 1930))
    kept = " ".join(w.text for w in drop_art_lines(place))
    assert kept.endswith("phường Đến Thuy, Puàch phố Vưyy ri Nyyệ An")
    garble = art_line(("Ba", 0.38, 831, 906), ("esxeesce", 0.00, 933, 1117), ("Ecseádon", 0.02, 1160, 1374),
                      ("liaocsse+s", 0.08, 1395, 1628))
    assert drop_art_lines(garble) == []


def test_a_card_number_glued_to_its_label_with_a_letter_for_a_digit_is_print():
    """GIVEN the front's number line as a faded hard copy's face read gave it (hard dev 57):
    one word, its label glued on and an 8 read as B, at 0.25 WHEN art lines are dropped
    THEN it stays (a number of a card's length once lookalikes are digits); letters and
    digits of art at that confidence, no date nor number, still go."""
    number = art_line(("só:no.07917B385200", 0.25, 100, 700))
    assert [w.text for w in drop_art_lines(number)] == ["só:no.07917B385200"]
    assert drop_art_lines(art_line(("ss:Bo.4l7", 0.25, 100, 400))) == []
    assert drop_art_lines(art_line(("0791783852001234567", 0.25, 100, 700))) == []  # no card's length
    for art in ("0O0O0O0O0O", "1l1l1l1l1l", "8B8B8B8B8B8B", "~~1111111111~~"):  # guilloche: not a number's end
        assert drop_art_lines(art_line((art, 0.2, 100, 600), ("mmwv~", 0.2, 620, 700))) == [], art


def test_doubtful_words_within_art_at_a_lines_ends_are_dropped():
    """GIVEN the back's fingerprint labels read with what the seal's ring gave beside them
    ("3", "kÃ"), a speck of QR read as "m" after the state's name, and the signer's name
    under the seal, read surely
    THEN the art's words go, the name and the print stay; a frame round the whole face
    (art too, but no box of the layout) takes nothing; the fingerprints' boxes are no frame
    though they are most of the height of the print above the zone."""
    seal, fingerprint, qr, frame = (300, 500, 1000, 1000), (1450, 50, 1950, 720), (2000, 50, 2450, 550), (0, 0, 2500, 1600)
    labels = tuple(replace(w, bbox=(w.bbox[0], 760, w.bbox[2], 800)) for w in art_line(
        ("3", 0.80, 380, 400), ("Ngón", 0.9, 1570, 1680), ("trỏ", 0.9, 1700, 1760), ("trái", 0.9, 1780, 1860)))
    name = tuple(replace(w, line=(1, 1, 2)) for w in art_line(("Vũ", 0.93, 650, 700), ("Ngọc", 0.97, 720, 820)))
    name = tuple(replace(w, bbox=(w.bbox[0], 930, w.bbox[2], 975)) for w in name)
    state = tuple(replace(w, line=(1, 1, 3), bbox=(w.bbox[0], 200, w.bbox[2], 240))
                  for w in art_line(("VIỆT", 0.95, 1700, 1800), ("NAM", 0.95, 1820, 1900), ("m", 0.86, 2100, 2130)))
    kept = drop_art_lines(labels + name + state, (seal, fingerprint, qr))
    assert [w.text for w in kept] == ["Ngón", "trỏ", "trái", "Vũ", "Ngọc", "VIỆT", "NAM"]
    assert [w.text for w in face_text_words(labels, (frame,), (2500, 1600))][0] == "3"
    ridge = (Word("j", (1600, 300, 1620, 330), 0.74, (1, 1, 4)),)
    kept = [w.text for w in face_text_words(labels + name + state + ridge, (seal, fingerprint, qr, frame), (2500, 1600))]
    assert "3" not in kept and "m" not in kept and "j" not in kept and "Vũ" in kept


def test_a_card_read_that_breaks_leaves_the_page_its_own_ocr(mild_copy, tmp_path, monkeypatch):
    """Fault injection: the card read raising anything (a bug, odd geometry) costs the page
    nothing but the card read: it is still read, its words and fields from the page OCR."""
    import intake.pipeline as pipeline
    from intake.pipeline import PipelineOptions, process_page

    image, truth = mild_copy
    path = tmp_path / "card.png"
    Image.fromarray(image).save(path, dpi=(DPI, DPI))

    def broken(*_args, **_kwargs):
        raise ValueError("injected fault")

    monkeypatch.setattr(pipeline, "read_card", broken)
    page = process_page(path, 0, PipelineOptions(engine=TesseractEngine(min_word_confidence=0.4)))
    assert page.error_code is None and page.ocr is not None and page.ocr.words
    assert page.document_type is not None and page.document_type.value == "id_card_copy"


def test_the_card_text_reads_the_photo_column_before_the_fields(mild_copy, card_read):
    """Real read of the generated copy: the expiry under the photo comes after the
    card's title and before its number (whose label this copy's read garbles), as it
    stands on the card."""
    image, truth = mild_copy
    text = with_card_words(OcrResult.empty(image.shape[1], image.shape[0]), card_read).text
    expiry, title, number = text.find("Date of expiry"), text.find("CĂN CƯỚC"), text.find(truth["id_number"])
    assert -1 not in (expiry, title, number), text
    assert title < expiry < number, text


def test_a_name_that_art_beside_it_hid_from_mending_is_mended():
    """GIVEN the holder's name read "NGUYÊN THANH PHONG" with a QR speck read as "m" after
    it (so the engine did not see a name ending its line)
    THEN the face's text has the speck dropped and the family name mended."""
    qr = (2000, 50, 2450, 550)
    words = tuple(replace(w, bbox=(w.bbox[0], 300, w.bbox[2], 340), line=(1, 1, 2)) for w in art_line(
        ("NGUYÊN", 0.93, 700, 900), ("THANH", 0.95, 920, 1080), ("PHONG", 0.95, 1100, 1260), ("m", 0.86, 2100, 2130)))
    label = art_line(("Họ", 0.95, 700, 760), ("và", 0.95, 780, 830), ("tên", 0.95, 850, 920))
    below = (Word("Nam", (700, 1100, 800, 1140), 0.95, (1, 1, 3)),)  # the face's print reaches down
    assert [w.text for w in face_text_words(label + words + below, (qr,), (2500, 1600))] == [
        "Họ", "và", "tên", "NGUYỄN", "THANH", "PHONG", "Nam"]


def test_zone_lines_are_spelt_as_parsed():
    """GIVEN the zone read with filler dropped and the composite check digit read "Q"
    THEN its words are the three 30-character lines the check digits confirm."""
    read = [("IDVNM1980605400008198060540<<6", 0), ("9806054F3806052VNM<<<<<<<<<<Q", 1),
            ("NGUYEN<<HONG<HA<<<<<<<<<<<<<", 2)]
    words = tuple(Word(text, (10, 60 * row, 900, 60 * row + 40), 0.8, (1, 1, row)) for text, row in read)
    zone, zone_words = zone_of(words, 1.0, 1000)
    assert zone is not None and zone.composite_ok
    assert [w.text for w in zone_words] == ["IDVNM1980605400008198060540<<6", "9806054F3806052VNM<<<<<<<<<<<0",
                                            "NGUYEN<<HONG<HA<<<<<<<<<<<<<<<"]
    assert zone_words[1].bbox == (10, 1060, 900, 1100)


def test_zone_lines_that_do_not_parse_are_kept_as_read():
    """GIVEN the zone as read on a hard copy whose zeros tesseract took for 6, 8 and O at
    every scale, its filler cut short (hard dev seed 57) WHEN it is looked for THEN no
    zone parses, and the three lines stay as read: text the copy holds, not nothing."""
    read = [("TOVNM1783852600879178385206<<9", 0), ("T8OB25EF389B252VNM<<<<2", 1), ("NGUYEN<<NGOC<NHUNG<<<", 2)]
    words = tuple(Word(text, (10, 60 * row, 900, 60 * row + 40), 0.3, (1, 1, row)) for text, row in read)
    zone, zone_words = zone_of(words, 1.0, 1000)
    assert zone is None
    assert [w.text for w in zone_words] == ["TOVNM1783852600879178385206<<9", "T8OB25EF389B252VNM<<<<2",
                                            "NGUYEN<<NGOC<NHUNG<<<"]
    assert zone_words[2].bbox == (10, 1120, 900, 1160)
    above = (Word("NGAY18THANG01NAM2023<<<", (10, -60, 900, -20), 0.3, (1, 1, 9)),)
    shortened = words[:2] + (Word("<<<", (10, 120, 300, 160), 0.3, (1, 1, 2)),)
    zone, zone_words = zone_of(above + shortened, 1.0, 1000)
    assert zone is None and [w.bbox[1] for w in zone_words] == [1000, 1060, 1120]  # the line above is no zone line


def test_a_face_that_shows_a_zone_gets_every_read_of_it(monkeypatch):
    """GIVEN a face bearing, in the card's mono font, the zone as a hard copy gave it to
    tesseract (zeros taken for 8 and O, 7 for T, filler lost), which no read parses, and
    a blank face WHEN each is read allowing one read before giving up THEN the zone's face
    is read every way (its lines come back as read), the blank one once."""
    from samples.sheet import load_font
    face = Image.new("L", (2520, 1590), 255)
    draw, font = ImageDraw.Draw(face), load_font("mono", "regular", 100)
    for row, text in enumerate(("TOVNM1783852600879178385206<<9", "T8OB25EF389B252VNM<<<<2",
                                "NGUYEN<<NGOC<NHUNG<<<")):
        draw.text((120, 1150 + 140 * row), text, font=font, fill=0)
    reads = []
    real = TesseractEngine.recognize
    monkeypatch.setattr(TesseractEngine, "recognize", lambda self, *a, **k: reads.append(1) or real(self, *a, **k))
    zone, words = read_zone(np.asarray(face), 750, TesseractEngine(), attempts=1)
    assert zone is None and len(words) >= 2 and all("<" in w.text for w in words)
    assert len(reads) == 3
    reads.clear()
    assert read_zone(np.full((1590, 2520), 255, np.uint8), 750, TesseractEngine(), attempts=1) == (None, [])
    assert len(reads) == 1


def test_a_back_whose_zone_does_not_parse_keeps_its_print_and_the_zone_as_read(mild_copy, card_read):
    """GIVEN the mild copy with the back's zone printed over as a hard copy gave it to
    tesseract (zeros taken for 8 and O, filler lost: no read parses it) WHEN the card is
    read THEN there is no zone, the three lines stand in the text as read, after the
    back's own print, which is kept."""
    from samples.sheet import load_font
    image, _ = mild_copy
    page = Image.fromarray(image.copy())
    left, top, right, bottom = find_card_faces(image, DPI)[1].bbox
    height = bottom - top
    draw, font = ImageDraw.Draw(page), load_font("mono", "regular", round(0.075 * height))
    fill = 255 if page.mode == "L" else (255, 255, 255)
    draw.rectangle((left + 20, top + round(0.66 * height), right - 20, bottom - 20), fill=fill)
    for row, text in enumerate(("TOVNM1783852600879178385206<<9", "T8OB25EF389B252VNM<<<<2", "NGUYEN<<NGOC<NHUNG<<<")):
        draw.text((left + 0.05 * (right - left), top + (0.70 + 0.09 * row) * height), text, font=font,
                  fill=0 if page.mode == "L" else (0, 0, 0))
    read = read_card(np.asarray(page), DPI, TesseractEngine())
    assert read is not None and read.zone is None
    text = with_card_words(OcrResult.empty(image.shape[1], image.shape[0]), read).text
    zone_lines = [line for line in text.splitlines() if "<<" in line]
    assert len(zone_lines) >= 2 and "VNM" in zone_lines[1], text
    from_zone_read = [w for w in read.words if w.line[0] % FACE_BLOCK == ZONE_BLOCK]  # not the face's own read
    assert [w.text for w in from_zone_read] == zone_lines
    before = with_card_words(OcrResult.empty(image.shape[1], image.shape[0]), card_read).text
    assert "CỤC TRƯỞNG CỤC CẢNH SÁT" in before and "CỤC TRƯỞNG CỤC CẢNH SÁT" in text
    assert text.index("CỤC TRƯỞNG") < text.index(zone_lines[0])


def test_what_stands_under_the_photo_is_read_on_its_own():
    """GIVEN a straightened front face: the photo (tall art on the left third), the expiry
    printed under it, and the face's read holding a scrap tesseract made of the expiry
    beside a field line
    WHEN what is under the photo is read THEN the scrap is gone and the expiry's three
    lines are there, in the face's pixels; a face without a photo is left as read."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", 44)
    face = Image.new("L", (2500, 1600), 255)
    draw = ImageDraw.Draw(face)
    photo = (90, 650, 640, 1300)
    for top, text in zip((1370, 1440, 1510), ("Có giá trị đến:", "Date of expiry:", "05/06/2038")):
        draw.text((95, top), text, font=font, fill=0)
    draw.text((740, 1400), "phường Nghĩa Đô, quận Cầu Giấy", font=font, fill=0)
    flat = np.asarray(face)
    scrap = Word("Lái", (95, 1380, 330, 1420), 0.35, (1, 1, 9))
    field = Word("phường", (740, 1400, 900, 1450), 0.96, (1, 1, 9))
    words = read_under_photo(flat, (photo,), (scrap, field), TesseractEngine(), 750)
    assert scrap not in words and field in words
    below = [w for w in words if w is not field]
    assert [" ".join(w.text for w in line) for _, line in groupby(below, key=lambda w: w.line)] == [
        "Có giá trị đến:", "Date of expiry:", "05/06/2038"]
    assert all(w.bbox[1] >= 1350 and w.bbox[2] <= 700 for w in below)
    assert read_under_photo(flat, (), (scrap, field), TesseractEngine(), 750) == (scrap, field)
    frame = (0, 0, 1500, 1600)  # the card's edge and what it touched: larger than the photo
    framed = read_under_photo(flat, (frame, photo), (scrap, field), TesseractEngine(), 750)
    assert [w.text for w in framed if w is not field] == [w.text for w in below]


def test_a_line_read_twice_is_kept_once():
    """GIVEN a face read (psm 4) that gave one printed line as two lying over each other,
    the second's word boxes a little to the right WHEN the face's words are taken once
    THEN the fuller line stays and the other goes; lines beside and under it stay."""
    def line(number: int, top: int, *words: tuple[str, int, int]) -> list[Word]:
        return [Word(text, (left, top, right, top + 40), 0.8, (3, 1, number)) for text, left, right in words]

    whole = line(1, 184, ("Sẹo", 87, 143), ("chấm", 214, 265), ("C:2cm", 280, 380), ("dưới", 400, 480))
    again = line(2, 190, ("o", 120, 140), ("chấm", 242, 308), ("C:2cm", 310, 405))
    beside = line(3, 186, ("Ngón", 1560, 1650), ("trỏ", 1660, 1720))
    under = line(4, 240, ("Ngày,", 87, 180), ("tháng,", 190, 300))
    words = again + whole + beside + under
    assert read_once(words) == whole + beside + under


@pytest.fixture(scope="module")
def hard_copy(tmp_path_factory, scan_card_copy):
    """A hard scan (blurred, faded, 200 dpi) of a generated ID card copy whose QR code the
    page-wide barcode pass cannot decode (seed found by trying), saved as a TIFF."""
    image, fields = scan_card_copy(16, Level.HARD, 200)
    path = tmp_path_factory.mktemp("hard") / "hard card copy.tif"
    image.save(path, dpi=(200, 200))
    return path, np.asarray(image), fields


def test_a_hard_copys_lost_print_is_put_back_from_the_chip_cards_own(scan_card_copy):
    """GIVEN a hard copy (seed 6, 200 dpi) whose faces' read lost the heading's English
    motto, the office's English lines and the fingerprints' English labels WHEN the card
    is read THEN the back's zone shows a chip card, and the print stands in the text in the
    card's order, the values around it as read."""
    image, truth = scan_card_copy(6, Level.HARD, 200)
    card = read_card(np.asarray(image), 200, TesseractEngine())
    assert card is not None and card.zone is not None
    lines = [" ".join(w.text for w in line) for _, line in groupby(card.words, key=lambda w: w.line)]
    heading = lines.index("Độc lập - Tự do - Hạnh phúc")
    assert lines[heading + 1:heading + 4] == ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness",
                                              "CĂN CƯỚC CÔNG DÂN"]
    office = lines.index("CỤC TRƯỞNG CỤC CẢNH SÁT")
    assert lines[office + 1:office + 4] == ["QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
                                            "DIRECTOR GENERAL OF THE POLICE DEPARTMENT",
                                            "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER"]
    assert "Left index finger Right index finger" in lines[office + 4:]
    assert any(truth["id_number"] in line for line in lines)


def test_a_blurred_copys_qr_code_is_read_on_its_straightened_face(hard_copy):
    _, image, truth = hard_copy
    assert not chip_cards(barcode.text for barcode in read_barcodes(image))  # the page pass misses it
    without = read_card(image, 200, TesseractEngine())
    assert without is not None and without.codes == ()  # looked for only when asked
    card = read_card(image, 200, TesseractEngine(), find_qr=True)
    cards = chip_cards(card.codes)
    assert len(cards) == 1
    assert (cards[0].id_number, cards[0].birth_date) == (truth["id_number"], truth["dob"])


def test_the_pipeline_takes_a_hard_copys_fields_from_its_face_qr(hard_copy):
    path, _, truth = hard_copy
    page = process_page(path, 0, PipelineOptions(workers=1))
    for key in ("name", "id_number", "dob", "sex"):
        assert page.fields[key].value == truth[key], key
        assert page.fields[key].confidence >= 0.9, key  # the QR's exact value


def test_lines_too_short_for_any_line_of_the_card_are_scraps():
    """GIVEN a face's read with lines of a few letters of art or dust ("8M", "lý" read
    doubtfully, "`": mild dev cards) between its print WHEN the face's text is made THEN
    those lines go; the sex on its label's line, a lone date, a syllable read surely (a
    wrapped residence's last word) and a lone sex however marked stay."""
    def line(number: int, top: int, text: str) -> list[Word]:
        return [Word(word, (100 + 150 * i, top, 230 + 150 * i, top + 40), 0.9, (3, 1, number))
                for i, word in enumerate(text.split())]

    def unsure(words: list[Word]) -> list[Word]:
        return [replace(w, confidence=0.4) for w in words]

    read = (line(1, 100, "Giới tính / Sex: Nữ") + line(2, 150, "8M") + unsure(line(3, 200, "lý"))
            + line(4, 250, "`") + line(5, 300, "22/08/2029") + line(6, 350, "Huế") + line(7, 400, "Nu"))
    kept = face_text_words(tuple(read), (), (2520, 1600))
    assert [" ".join(w.text for w in group) for _, group in groupby(kept, key=lambda w: w.line)] == [
        "Giới tính / Sex: Nữ", "22/08/2029", "Huế", "Nu"]


def test_the_card_numbers_label_read_as_noise_is_restored_not_dropped():
    """GIVEN the number's label read "SốJNo.:" at confidence 0 (a mild copy; mixed case,
    which makes a word of that doubt noise) before the number WHEN the face's words are
    made its text THEN the label is restored as printed and the number kept."""
    read = art_line(("SốJNo.:", 0.0, 695, 900), ("034195402904.", 0.87, 945, 1500))
    assert " ".join(w.text for w in face_text_words(read, (), (2500, 1600))) == "Số / No.: 034195402904"


def _clean(image: np.ndarray, dpi: float = DPI) -> CleanPage:
    return CleanPage("copy.png", 1, image, image, dpi, 1.0, 0, 0.0, False, False, False)


def test_a_card_copy_whose_page_read_names_no_card_is_read_from_its_faces(mild_copy):
    """A card copy's page read can miss every marker of a card (faces faded, tilted, under
    a back's show-through: dev mixed 91 read "CƯỚC CÔNG" and "Piace of olgrf"). Its
    card-sized faces are read all the same, and their read shows a card: its fields."""
    image, truth = mild_copy
    nothing = OcrResult.empty(image.shape[1], image.shape[0])  # the page read named no card
    ocr, zone, _ = read_id_card_faces(_clean(image), TesseractEngine(), nothing, find_qr=False, named=False)
    assert holds_card_faces(ocr)
    assert zone is not None and zone.id_number.value == truth["id_number"]
    found = extract_fields(ocr, zone=zone).fields
    for key in ("id_number", "dob", "name"):
        assert found[key].value == truth[key], key


def test_card_sized_art_that_reads_as_no_card_leaves_the_page_its_own_read(testdata):
    """A real page (tesseract's phototest) with a gray card-sized member card on it: the
    face finder takes the card for a face, but its read shows no ID card, so the page
    keeps its own words, none of them a face's."""
    sheet = Image.new("L", (2480, 3508), 250)
    photo = Image.open(testdata / "tesseract-ocr-test/testing/phototest.tif").convert("L")
    sheet.paste(photo.resize((photo.width * 2, photo.height * 2)), (200, 200))
    draw = ImageDraw.Draw(sheet)
    draw.rounded_rectangle((600, 2200, 600 + 1011, 2200 + 638), radius=40, fill=200)
    draw.rectangle((680, 2300, 930, 2620), fill=120)  # a photo on it
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", 40)
    draw.text((980, 2320), "THẺ THÀNH VIÊN", font=font, fill=20)
    draw.text((980, 2400), "Nguyễn Văn An", font=font, fill=20)
    image = np.asarray(sheet)
    assert find_card_faces(image, DPI)  # the finder does take it for a face
    page_read = TesseractEngine().recognize(image, dpi=DPI)
    assert not looks_like_id_card(page_read.text, 1) and "THÀNH VIÊN" in page_read.text
    ocr, zone, codes = read_id_card_faces(_clean(image), TesseractEngine(), page_read, find_qr=True, named=False)
    assert ocr == page_read and not holds_card_faces(ocr) and zone is None and codes == ()
