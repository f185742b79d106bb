"""The samples generator: deterministic scanner batches whose ground truth is true."""

from __future__ import annotations

import hashlib
import json
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

from samples.generate import generate_batch, main

DOSSIER_CODE = re.compile(
    r"(?:(?:\d{2,3}\.){1,3}[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){0,3})"
    r"-\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{4,8}"
)
PROCEDURE_CODE = re.compile(r"\d\.\d{6}(?:\.[A-Z]\d{2})?")
MOBILE = re.compile(r"0[35789]\d{8}")
A4_MM = (210, 297)


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
        if page["kind"] in ("form", "text", "receipt"):
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
        assert all(p["kind"] in ("form", "text") and p["dossier_code"] == dossier["dossier_code"] for p in listed)
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
