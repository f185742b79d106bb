"""Rebuilding a dossier PDF after officers turned, moved and removed pages.

The original is a real dossier PDF made by ``intake.bundle`` from real scanned pages
(tesseract's phototest and eurotext, 1-bit, with their words read by real tesseract),
plus a sideways copy of phototest. The rebuilt PDFs are read back with pikepdf, poppler
(pdftotext, pdftoppm), tesseract OSD and the PDF/A validators the bundle tests use.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pikepdf
import pytest
import pytesseract
from PIL import Image
from pikepdf.models.metadata import decode_pdf_date

from intake.bundle import BundlePage, DossierMeta, build_dossier_pdf, encode_page_image
from intake.errors import OutputError
from intake.rearrange import PagePlacement, rearrange_pdf, turned_box
from ocr.model import OcrResult, Word

PAGES = "tesseract-ocr-test/testing"
CREATED = datetime(2024, 4, 19, 9, 30, 5, tzinfo=timezone(timedelta(hours=7)))
MODIFIED = datetime(2024, 4, 22, 14, 5, 0, tzinfo=timezone(timedelta(hours=7)))


def read_words(image: np.ndarray) -> OcrResult:
    """Real tesseract (eng) words, boxes in ``image`` pixels."""
    data = pytesseract.image_to_data(Image.fromarray(image), lang="eng",
                                     output_type=pytesseract.Output.DICT)
    words = tuple(Word(text, (left, top, left + width, top + height), float(conf) / 100,
                       (block, par, line))
                  for text, left, top, width, height, conf, block, par, line in zip(
                      data["text"], data["left"], data["top"], data["width"], data["height"],
                      data["conf"], data["block_num"], data["par_num"], data["line_num"])
                  if text.strip())
    return OcrResult(words, " ".join(w.text for w in words), 0.9, image.shape[1], image.shape[0])


def scanned_page(path: Path, *, sideways: bool = False) -> BundlePage:
    """A 1-bit scan as the pipeline bundles it (CCITT G4 with its words); ``sideways``:
    turned a quarter counter-clockwise first, as a page fed in sideways, without words."""
    with Image.open(path) as picture:
        dpi = float(picture.info["dpi"][0])
        pixels = np.asarray(picture.convert("L"))
    if sideways:
        pixels = np.ascontiguousarray(np.rot90(pixels))
    image = encode_page_image(pixels, dpi, bilevel=True, has_colour=False)
    return BundlePage(image, None if sideways else read_words(pixels))


@pytest.fixture(scope="module")
def pages(testdata: Path) -> list[BundlePage]:
    """GIVEN page 1 phototest, page 2 eurotext, page 3 phototest lying sideways."""
    return [scanned_page(testdata / PAGES / "phototest.tif"),
            scanned_page(testdata / PAGES / "eurotext.tif"),
            scanned_page(testdata / PAGES / "phototest.tif", sideways=True)]


@pytest.fixture(scope="module")
def original(pages: list[BundlePage]) -> bytes:
    return build_dossier_pdf(pages, DossierMeta("000.00.19.H55-240419-0001", CREATED,
                                                subject="1.001193"))


@pytest.fixture(scope="module")
def rebuilt(original: bytes, tmp_path_factory) -> Path:
    """WHEN the sideways page is turned 90 degrees clockwise and moved to the front, and
    eurotext removed: layout [3 turned 90, 1]."""
    path = tmp_path_factory.mktemp("rearranged") / "rebuilt.pdf"
    path.write_bytes(rearrange_pdf(original, [PagePlacement(3, 90), PagePlacement(1)], MODIFIED))
    return path


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def osd_rotate(path: Path, number: int) -> int:
    """How far tesseract OSD says page ``number``, rendered at 150 dpi, must turn clockwise."""
    png = subprocess.run(["pdftoppm", "-r", "150", "-f", str(number), "-l", str(number), "-png",
                          "-gray", str(path)], check=True, capture_output=True).stdout
    out = subprocess.run(["tesseract", "-", "-", "--psm", "0"], input=png, check=True,
                         capture_output=True).stdout.decode()
    found = re.search(r"^Rotate:\s*(\d+)", out, re.MULTILINE)
    assert found, out
    confidence = float(re.search(r"^Orientation confidence:\s*([\d.]+)", out, re.MULTILINE)[1])
    assert confidence > 2, out
    return int(found[1])


def images_of(path_or_bytes: Path | bytes) -> list[bytes]:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [next(iter(page.get_images().values())).read_raw_bytes() for page in pdf.pages]


def test_kept_pages_are_in_the_new_order_with_their_images_untouched(rebuilt, original):
    """THEN the PDF holds page 3 then page 1, their image streams byte for byte the
    original's (no re-encoding), and eurotext's image is not in the file at all."""
    first, second, third = images_of(original)
    assert len({first, second, third}) == 3
    assert images_of(rebuilt) == [third, first]
    with pikepdf.open(rebuilt) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                   and o.get("/Subtype") == pikepdf.Name.Image]
        assert len(streams) == 2


def test_turned_page_gets_rotate_and_the_other_keeps_none(rebuilt):
    with pikepdf.open(rebuilt) as pdf:
        assert [int(page.obj.get("/Rotate", 0)) for page in pdf.pages] == [90, 0]


def test_sideways_page_stands_upright_after_the_turn(original, rebuilt, tmp_path):
    """GIVEN the original's page 3 reads sideways (OSD: turn 90 clockwise)
    WHEN rendered from the rebuilt PDF (its page 1) THEN OSD finds it upright."""
    original_path = tmp_path / "original.pdf"
    original_path.write_bytes(original)
    assert osd_rotate(original_path, 3) == 90
    assert osd_rotate(rebuilt, 1) == 0


def test_text_layer_follows_its_page_and_removed_text_is_gone(rebuilt):
    """THEN page 2's text is phototest's words, page 1 (no words) has none, and no word
    only eurotext has is left anywhere."""
    assert pdftotext(rebuilt, "-f", "1", "-l", "1").strip() == ""
    second = pdftotext(rebuilt, "-f", "2", "-l", "2")
    assert "quick brown dog" in " ".join(second.split())
    assert "Bibliothek" not in pdftotext(rebuilt) and "Dienstag" not in pdftotext(rebuilt)


def test_text_of_a_turned_page_is_still_extractable(original, tmp_path):
    """WHEN phototest is turned upside down THEN pdftotext still reads its words in order."""
    path = tmp_path / "upside-down.pdf"
    path.write_bytes(rearrange_pdf(original, [PagePlacement(1, 180)], MODIFIED))
    with pikepdf.open(path) as pdf:
        assert int(pdf.pages[0].Rotate) == 180
    assert "quick brown dog" in " ".join(pdftotext(path).split())


def test_turns_add_to_an_existing_rotate(original):
    """GIVEN a page already at /Rotate 270 WHEN turned 180 THEN /Rotate 90."""
    with pikepdf.open(io.BytesIO(original)) as pdf:
        pdf.pages[0].rotate(270, relative=False)
        buffer = io.BytesIO()
        pdf.save(buffer)
    rebuilt = rearrange_pdf(buffer.getvalue(), [PagePlacement(1, 180)], MODIFIED)
    with pikepdf.open(io.BytesIO(rebuilt)) as pdf:
        assert int(pdf.pages[0].Rotate) == 90


def test_modification_date_is_updated_and_the_rest_of_the_metadata_kept(rebuilt):
    with pikepdf.open(rebuilt) as pdf:
        xmp = pdf.open_metadata()
        assert datetime.fromisoformat(xmp["xmp:ModifyDate"]) == MODIFIED
        assert datetime.fromisoformat(xmp["xmp:MetadataDate"]) == MODIFIED
        assert datetime.fromisoformat(xmp["xmp:CreateDate"]) == CREATED
        assert decode_pdf_date(str(pdf.docinfo.ModDate)) == MODIFIED
        assert decode_pdf_date(str(pdf.docinfo.CreationDate)) == CREATED
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
        assert xmp["dc:title"] == str(pdf.docinfo.Title) == "000.00.19.H55-240419-0001"
        assert xmp["pdf:Producer"].startswith("Intake ") and "pikepdf" not in xmp["pdf:Producer"]
        assert len(pdf.Root.OutputIntents) == 1 and len(pdf.trailer.ID) == 2


def test_rebuilt_pdf_is_valid_pdfa_2b(rebuilt, original, tmp_path):
    """Both validators the bundle tests use approve the rebuilt file (and the original)."""
    original_path = tmp_path / "original.pdf"
    original_path.write_bytes(original)
    validator = pytest.importorskip("pikepdf.pdfa")
    page_validation = pytest.importorskip("page")
    for path in (rebuilt, original_path):
        report = validator.validate_written(path, "2b")
        assert report.passed, report.findings
        checked = page_validation.validate_pdf(path, profile="2b")
        assert checked.is_compliant, [(f.rule_id, f.message) for f in checked.failures]
    with pikepdf.open(rebuilt) as pdf:
        assert pdf.check_pdf_syntax() == []


def test_same_input_gives_the_same_bytes_and_another_date_other_bytes(original, rebuilt):
    layout = [PagePlacement(3, 90), PagePlacement(1)]
    assert rearrange_pdf(original, layout, MODIFIED) == rebuilt.read_bytes()
    assert rearrange_pdf(original, layout, MODIFIED + timedelta(seconds=1)) != rebuilt.read_bytes()


@pytest.mark.parametrize("layout", [[], [PagePlacement(1), PagePlacement(1)],
                                    [PagePlacement(0)], [PagePlacement(1, 45)],
                                    [PagePlacement(1, 360)]])
def test_impossible_layouts_are_refused(original, layout):
    with pytest.raises(ValueError):
        rearrange_pdf(original, layout, MODIFIED)


def test_a_page_the_original_does_not_have_is_an_output_error(original):
    with pytest.raises(OutputError, match="has 3 pages"):
        rearrange_pdf(original, [PagePlacement(4)], MODIFIED)


def test_an_original_that_is_not_a_pdf_is_an_output_error():
    with pytest.raises(OutputError):
        rearrange_pdf(b"%PDF-1.7 but nothing more", [PagePlacement(1)], MODIFIED)


# --- boxes on a turned page ----------------------------------------------------------------

@pytest.mark.parametrize("degrees", [0, 90, 180, 270, -90, 450])
def test_turned_box_matches_the_same_turn_of_the_pixels(degrees):
    """GIVEN a 60 x 40 image with one marked box WHEN the image is turned clockwise with
    numpy THEN the marked pixels are exactly ``turned_box`` of the box."""
    width, height, box = 60, 40, (7, 5, 19, 31)
    image = np.zeros((height, width), np.uint8)
    image[box[1]:box[3], box[0]:box[2]] = 1
    turned = np.rot90(image, k=-(degrees // 90))  # k < 0: clockwise
    rows, cols = np.nonzero(turned)
    found = (cols.min(), rows.min(), cols.max() + 1, rows.max() + 1)
    assert turned_box(box, width, height, degrees) == found


def test_turned_box_refuses_a_turn_that_is_not_a_quarter():
    with pytest.raises(ValueError):
        turned_box((0, 0, 1, 1), 10, 10, 45)


@pytest.fixture(autouse=True, scope="module")
def _needs_poppler_and_tesseract():
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("tesseract")):
        pytest.skip("poppler-utils or tesseract not installed")
