"""The samples generator: deterministic scanner batches whose ground truth is true."""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np
import pikepdf
import pytest
import pytesseract
import zxingcpp
from PIL import Image, ImageSequence

from intake.separate import SeparationOptions, classify_separator, read_barcodes
from intake.settings import DEFAULT_DOSSIER_CODE_PATTERN
from samples.citizens import Citizen, Sex
from samples.degrade import Level, choose_defects, defect_names
from samples.dossiers import FormPaper
from samples.forms import render_form
from samples.generate import generate_batch, main
from samples.id_card import IdCard, card_expiry, mrz_check_digit, mrz_lines
from samples.id_card_faces import render_front
from samples.offices import BIRTH, UNITS

DOSSIER_CODE = re.compile(
    r"(?:(?:\d{2,3}\.){1,3}[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){0,3})"
    r"-\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{4,8}"
)
PROCEDURE_CODE = re.compile(r"\d\.\d{6}(?:\.[A-Z]\d{2})?")
MOBILE = re.compile(r"0[35789]\d{8}")
A4_MM = (210, 297)
KINDS = {"receipt", "form", "certified_copy", "id_card_copy", "text", "blank"}
CONTENT_KINDS = ("form", "certified_copy", "id_card_copy", "text")
DEFECTS = {"seal_over_text", "turned", "skew", "faded_toner", "bleed_through", "blur", "noise", "speckle",
           "lid_border", "dust"}


@pytest.fixture(scope="module")
def clean_batch(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("clean")
    return out, generate_batch(out, dossiers=2, level="clean", seed=11)


@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("mixed")
    return out, generate_batch(out, dossiers=2, level="mixed", seed=21)


def file_digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def page_sizes(path: Path) -> list[tuple[int, int]]:
    """Pixel size of every page image in a scanner file, in page order."""
    if path.suffix == ".pdf":
        with pikepdf.open(path) as pdf:
            sizes = []
            for page in pdf.pages:
                (image,) = page.get_images().values()
                sizes.append((int(image.Width), int(image.Height)))
            return sizes
    with Image.open(path) as image:
        return [frame.size for frame in ImageSequence.Iterator(image)]


def load_page(path: Path, number: int) -> Image.Image:
    if path.suffix == ".pdf":
        with pikepdf.open(path) as pdf:
            (image,) = pdf.pages[number - 1].get_images().values()
            return pikepdf.PdfImage(image).as_pil_image()
    with Image.open(path) as image:
        image.seek(number - 1)
        return image.copy()


def all_pages(truth: dict) -> list[dict]:
    return [page for file_truth in truth["files"] for page in file_truth["pages"]]


def fuzzy_distance(needle: str, haystack: str) -> int:
    """Fewest edits turning ``needle`` into some substring of ``haystack``."""
    previous = [0] * (len(haystack) + 1)
    for i, char in enumerate(needle, start=1):
        current = [i] + [0] * len(haystack)
        for j, other in enumerate(haystack, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
        previous = current
    return min(previous)


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path):
    """GIVEN one mild dossier generated twice with seed 5 and once with seed 6
    THEN the two seed-5 folders are byte-identical and the seed-6 truth differs."""
    first = generate_batch(tmp_path / "a", dossiers=1, level="mild", seed=5)
    second = generate_batch(tmp_path / "b", dossiers=1, level="mild", seed=5)
    other = generate_batch(tmp_path / "c", dossiers=1, level="mild", seed=6)
    assert first == second
    assert file_digests(tmp_path / "a") == file_digests(tmp_path / "b")
    assert other != first


@pytest.mark.parametrize("batch_name", ["clean_batch", "mixed_batch"])
def test_every_listed_file_exists_with_the_pages_the_truth_says(batch_name, request):
    out, truth = request.getfixturevalue(batch_name)
    listed = [f["source"] for f in truth["files"]]
    assert sorted(listed + ["truth.json"]) == sorted(p.name for p in out.iterdir())
    for file_truth in truth["files"]:
        sizes = page_sizes(out / file_truth["source"])
        assert len(sizes) == len(file_truth["pages"])
        assert [p["source_page"] for p in file_truth["pages"]] == list(range(1, len(sizes) + 1))
        for (width, height), page in zip(sizes, file_truth["pages"]):
            upright = (width, height) if page["rotation"] in (0, 180) else (height, width)
            expected = tuple(round(mm / 25.4 * page["dpi"]) for mm in A4_MM)
            assert abs(upright[0] - expected[0]) <= 2 and abs(upright[1] - expected[1]) <= 2


@pytest.mark.parametrize("batch_name", ["clean_batch", "mixed_batch"])
def test_codes_ids_and_dates_follow_the_domain_rules(batch_name, request):
    _, truth = request.getfixturevalue(batch_name)
    for page in all_pages(truth):
        fields = page["fields"]
        assert unicodedata.is_normalized("NFC", page["text"])
        if page["dossier_code"] is not None:
            assert DOSSIER_CODE.fullmatch(page["dossier_code"])
            date.fromisoformat("20" + page["dossier_code"].split("-")[-2])  # a real YYMMDD
        if "id_number" in fields:
            ppp, sex_century, yy = fields["id_number"][:3], int(fields["id_number"][3]), fields["id_number"][4:6]
            born = date.fromisoformat(fields["dob"])
            assert len(fields["id_number"]) == 12 and 1 <= int(ppp) <= 96
            assert sex_century // 2 == (born.year - 1900) // 100 and yy == f"{born.year % 100:02d}"
            assert fields["id_number"] in page["text"]
        if "phone" in fields:
            assert MOBILE.fullmatch(fields["phone"])
        for key in ("dob", "signed_date", "received_date", "appointment_date"):
            if key in fields:
                date.fromisoformat(fields[key])
        if page["kind"] == "receipt":
            assert f"Mã hồ sơ: {page['dossier_code']}" in page["text"]
            assert PROCEDURE_CODE.fullmatch(fields["procedure_code"])
        if page["kind"] != "blank":
            assert page["document_type"] and page["document_type"] in page["text"]


@pytest.mark.parametrize("batch_name", ["clean_batch", "mixed_batch"])
def test_blank_pages_are_empty_and_dossiers_list_content_pages_in_order(batch_name, request):
    _, truth = request.getfixturevalue(batch_name)
    pages = {(p["source"], p["source_page"]): p for p in all_pages(truth)}
    blanks = [p for p in pages.values() if p["kind"] == "blank"]
    assert blanks, "every test batch has a blank back"
    assert all(p["text"] == "" and p["fields"] == {} and p["document_type"] is None for p in blanks)
    order = list(pages)
    for dossier in truth["dossiers"]:
        listed = [pages[tuple(where)] for where in dossier["pages"]]
        assert all(p["kind"] in CONTENT_KINDS and p["dossier_code"] == dossier["dossier_code"] for p in listed)
        positions = [order.index(tuple(where)) for where in dossier["pages"]]
        assert positions == sorted(positions)
    coded = [d["dossier_code"] for d in truth["dossiers"] if d["dossier_code"]]
    receipts = [p["dossier_code"] for p in pages.values() if p["kind"] == "receipt"]
    assert coded == receipts and len(coded) == truth["generator"]["dossiers"]


def test_clean_receipts_carry_a_qr_code_of_exactly_the_dossier_code(clean_batch):
    out, truth = clean_batch
    for page in (p for p in all_pages(truth) if p["kind"] == "receipt"):
        decoded = [b.text for b in zxingcpp.read_barcodes(load_page(out / page["source"], page["source_page"]))]
        assert decoded == [page["dossier_code"]]


def test_sealed_pages_keep_their_red_unless_saved_bilevel(mixed_batch):
    out, truth = mixed_batch
    sealed = [p for p in all_pages(truth) if p["has_seal"] and not p["bilevel"]]
    assert sealed, "seed 21 has a certified copy"
    for page in sealed:
        pixels = np.asarray(load_page(out / page["source"], page["source_page"]).convert("RGB"), dtype=np.int16)
        red = (pixels[..., 0] - pixels[..., 1] > 60) & (pixels[..., 0] - pixels[..., 2] > 60)
        assert red.sum() > 2000


def test_unknown_level_is_refused(tmp_path):
    with pytest.raises(ValueError, match="level"):
        generate_batch(tmp_path, dossiers=1, level="blurry", seed=1)


def test_command_line_writes_the_batch_and_prints_one_line(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--dossiers", "1", "--level", "clean", "--seed", "2"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and "pages" in printed[0]
    assert json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))["generator"]["seed"] == 2


@pytest.mark.slow
def test_tesseract_reads_the_applicant_on_a_clean_form(clean_batch):
    """GIVEN the first filled form of a clean batch
    WHEN plain tesseract (vie) reads the whole page
    THEN the ID number is in its text exactly and the applicant's name at most one edit
    away (tesseract's fast model drops a stacked tone mark now and then: ễ -> ê)."""
    out, truth = clean_batch
    page = next(p for p in all_pages(truth) if p["kind"] == "form")
    image = load_page(out / page["source"], page["source_page"])
    text = unicodedata.normalize("NFC", pytesseract.image_to_string(image, lang="vie"))
    assert page["fields"]["id_number"] in text
    assert fuzzy_distance(page["fields"]["name"], text) <= 1


# --- paper kinds, defects, identity card copies, certified copies ------------------------------

def parse_card_qr(value: str) -> dict[str, str]:
    """The chip card's QR as public code reads it: ID|old CMND|name|DDMMYYYY|sex|residence|DDMMYYYY."""
    id_number, old_id, name, born, sex, residence, issued = value.split("|")
    iso = lambda ddmmyyyy: f"{ddmmyyyy[4:]}-{ddmmyyyy[2:4]}-{ddmmyyyy[:2]}"  # noqa: E731
    assert old_id == "" or re.fullmatch(r"\d{9}", old_id)
    return {"id_number": id_number, "name": name.upper(), "dob": iso(born), "sex": sex, "address": residence,
            "issue_date": iso(issued)}


@pytest.mark.parametrize("batch_name", ["clean_batch", "mixed_batch"])
def test_every_page_names_its_paper_kind_and_the_defects_applied(batch_name, request):
    _, truth = request.getfixturevalue(batch_name)
    pages = all_pages(truth)
    assert all(p["kind"] in KINDS and set(p["defects"]) <= DEFECTS for p in pages)
    assert {"id_card_copy", "form"} <= {p["kind"] for p in pages}
    forms = [p for p in pages if p["kind"] in ("form", "certified_copy")]
    assert all(p["has_seal"] == (p["kind"] == "certified_copy") for p in forms)
    if batch_name == "clean_batch":  # a clean scan adds nothing; a paper may bring its own
        assert all(set(p["defects"]) <= {"seal_over_text"} for p in pages if p["kind"] != "blank")
    else:
        assert any(p["defects"] for p in pages if p["kind"] != "blank")


def test_clean_id_card_copies_carry_a_card_qr_that_gives_the_truth_and_separates_nothing(clean_batch):
    """GIVEN the photocopied ID cards of a clean batch
    WHEN their pages are read the way intake reads codes (intake.separate.read_barcodes)
    THEN the card's QR decodes to the truth's qr_code, its values are the page's fields,
    it neither matches the dossier-code pattern nor makes the page a separator, and each
    card prints its model's labels (the 2021 citizen card's or the 2024 identity card's)."""
    out, truth = clean_batch
    cards = [p for p in all_pages(truth) if p["kind"] == "id_card_copy"]
    assert len(cards) == 2, "seed 11 has two ID card copies"
    options = SeparationOptions(dossier_code_pattern=DEFAULT_DOSSIER_CODE_PATTERN)
    for page in cards:
        image = np.asarray(load_page(out / page["source"], page["source_page"]).convert("L"))
        barcodes = read_barcodes(image)
        assert [b.text for b in barcodes] == [page["qr_code"]]
        fields = parse_card_qr(page["qr_code"])
        assert fields == {key: page["fields"][key] for key in fields}
        assert not re.search(DEFAULT_DOSSIER_CODE_PATTERN, page["qr_code"])
        assert classify_separator(barcodes, options) is None
        labels = CITIZEN_CARD_PRINT if "place_of_origin" in page["fields"] else IDENTITY_CARD_PRINT
        for label in labels:
            assert label in page["text"]
    # one card of each model: the one issued from 1 July 2024 on is the identity card
    assert sorted("birth_place" in page["fields"] for page in cards) == [False, True]


CITIZEN_CARD_PRINT = ("CĂN CƯỚC CÔNG DÂN", "Số / No.:", "Họ và tên / Full name:",
                      "Nơi thường trú / Place of residence:", "Có giá trị đến:",
                      "Đặc điểm nhân dạng / Personal identification:", "IDVNM")
IDENTITY_CARD_PRINT = ("CĂN CƯỚC\nIDENTITY CARD", "Số định danh cá nhân / Personal identification number:",
                       "Họ, chữ đệm và tên khai sinh / Full name:", "Nơi cư trú / Place of residence:",
                       "Nơi đăng ký khai sinh / Place of birth:", "Ngày, tháng, năm cấp / Date of issue:",
                       "Ngày, tháng, năm hết hạn / Date of expiry:", "BỘ CÔNG AN", "IDVNM")


def test_a_mild_scan_of_an_id_card_copy_still_decodes(mixed_batch):
    """GIVEN the mixed batch's ID card copy, scanned at the mild level (200 dpi, seed 21)
    THEN its photocopied QR, about 15 mm wide, still decodes to exactly the card's value."""
    out, truth = mixed_batch
    cards = [p for p in all_pages(truth) if p["kind"] == "id_card_copy" and p["level"] == "mild"]
    assert cards, "seed 21 has a mild ID card copy"
    for page in cards:
        image = np.asarray(load_page(out / page["source"], page["source_page"]).convert("L"))
        assert page["qr_code"] in [b.text for b in read_barcodes(image)]


def test_every_id_card_is_valid_when_copied_and_its_fields_are_printed(clean_batch, mixed_batch):
    for _, truth in (clean_batch, mixed_batch):
        for page in (p for p in all_pages(truth) if p["kind"] == "id_card_copy"):
            fields = page["fields"]
            received = date.fromisoformat("20" + page["dossier_code"].split("-")[-2])
            assert fields["expiry_date"] == "Không thời hạn" or date.fromisoformat(fields["expiry_date"]) > received
            assert date.fromisoformat(fields["issue_date"]) < received
            printed = " ".join(page["text"].split())
            place = "place_of_origin" if "place_of_origin" in fields else "birth_place"
            for key in ("name", "id_number", place, "address"):
                assert fields[key] in printed
            assert f"Giới tính / Sex: {fields['sex']} Quốc tịch / Nationality: Việt Nam" in page["text"]
            assert page["qr_code"].startswith(fields["id_number"] + "|")


def test_mrz_check_digits_follow_icao_9303():
    """ICAO 9303's worked example: L898902C3 -> 6, 740812 -> 2, 120415 -> 9; '<' counts 0."""
    assert [mrz_check_digit(f) for f in ("L898902C3", "740812", "120415", "<<<<<<")] == ["6", "2", "9", "0"]


def test_cards_expire_at_the_25th_40th_or_60th_birthday_or_never():
    born = date(1990, 5, 10)
    assert card_expiry(born, date(2012, 1, 1)) == date(2015, 5, 10)
    assert card_expiry(born, date(2014, 1, 1)) == date(2030, 5, 10)  # within two years of 25
    assert card_expiry(born, date(2021, 6, 1)) == date(2030, 5, 10)
    assert card_expiry(born, date(2048, 6, 1)) is None


def long_address_card() -> IdCard:
    address = ("Số 250, ngõ 120, đường Phan Đình Phùng, phường Phan Đình Phùng, thành phố Thái Nguyên, "
               "tỉnh Thái Nguyên")
    holder = Citizen("NGUYỄN THỊ THANH HƯƠNG", Sex.FEMALE, date(2000, 2, 29), "019300012345", "Kinh", address,
                     "0912345678")
    return IdCard(holder, "", "phường Phan Đình Phùng, thành phố Thái Nguyên, tỉnh Thái Nguyên",
                  date(2021, 3, 1), date(2025, 2, 28), "Sẹo chấm C:2cm dưới sau cánh mũi phải", "Trần Văn An")


def test_the_longest_address_fits_on_the_card_and_the_mrz_lines_are_30_long():
    card = long_address_card()
    face = render_front(card, random.Random(3))
    residence = face.lines[face.lines.index("Quê quán / Place of origin:") + 1:]
    assert " ".join(residence).endswith("tỉnh Thái Nguyên")
    assert card.holder.address in " ".join(residence).split("Place of residence: ")[1]
    first, second, third = mrz_lines(card)
    assert [len(line) for line in (first, second, third)] == [30, 30, 30]
    assert first.startswith("IDVNM300012345") and "019300012345" in first
    assert second.startswith("000229") and second[7] == "F" and third.startswith("NGUYEN<<THI<THANH<HUONG<")


def red_and_blue(image) -> tuple[np.ndarray, np.ndarray]:
    pixels = np.asarray(image, dtype=np.int16)
    red = (pixels[..., 0] - pixels[..., 1] > 60) & (pixels[..., 0] - pixels[..., 2] > 60)
    blue = (pixels[..., 2] - pixels[..., 0] > 50) & (pixels[..., 2] - pixels[..., 1] > 30)
    return red, blue


def test_a_certified_copy_seal_lies_over_the_signature_or_higher_over_body_text():
    """GIVEN certified birth forms rendered until one seal was pressed over text and one over
    the signature
    THEN the over-text seal's middle is above the certifier's blue scribble (the left one) and
    the other's within it; the truth text is the same kind of form text either way."""
    applicant = Citizen("TRẦN VĂN AN", Sex.MALE, date(1990, 1, 2), "001090012345", "Kinh",
                        "Xóm Soi, xã Tân Cương, tỉnh Thái Nguyên", "0912345678")
    found = {}
    for seed in range(40):
        paper = render_form(FormPaper(BIRTH, UNITS[0], applicant, date(2024, 5, 6), True), random.Random(seed))
        found.setdefault("seal_over_text" in paper.defects, paper)
        if len(found) == 2:
            break
    assert set(found) == {True, False}
    for over_text, paper in found.items():
        red, blue = red_and_blue(paper.image)
        rows = np.nonzero(red.any(axis=1))[0]
        seal_middle = (rows.min() + rows.max()) / 2
        scribble_rows = np.nonzero(blue[:, : paper.image.width // 2].any(axis=1))[0]
        if over_text:
            assert seal_middle < scribble_rows.min()
        else:
            assert scribble_rows.min() <= seal_middle <= scribble_rows.max()
        assert paper.kind == "certified_copy" and "Số định danh cá nhân: 001090012345" in paper.text


def test_mild_pages_are_sometimes_faded_or_bleeding_and_hard_content_pages_always_faded():
    rng = random.Random(4)
    mild = [defect_names(choose_defects(Level.MILD, rng)) for _ in range(600)]
    for defect in ("faded_toner", "bleed_through"):
        share = sum(defect in names for names in mild) / len(mild)
        assert 0.05 < share < 0.2, (defect, share)
    assert all("faded_toner" in defect_names(choose_defects(Level.HARD, rng)) for _ in range(50))
    assert not any(defect_names(choose_defects(Level.CLEAN, rng)) for _ in range(50))
