"""Dossier PDFs: page images, the invisible text layer, PDF/A-2b, atomic writes.

Pages are Vietnamese text rendered with Liberation Serif; their words come from real
tesseract (vie); the PDFs are read back with poppler (pdftotext, pdftoppm), pikepdf,
fontTools, and two PDF/A validators where installed (pikepdf.pdfa, page-validation).
"""

from __future__ import annotations

import io
import pickle
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pikepdf
import pytest
import pytesseract
from fontTools.ttLib import TTFont
from PIL import Image, ImageCms, ImageDraw, ImageFont, JpegImagePlugin
from pikepdf import Name
from pikepdf.models.metadata import decode_pdf_date

from intake.bundle import BundlePage, DossierMeta, build_dossier_pdf, encode_page_image, save_pdfa, write_dossier_pdf
from intake.errors import OutputError
from intake.model import PageImage
from intake.textlayer import encode_cids
from ocr.model import OcrResult, Word

SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
DOSSIER_CODE = "000.00.19.H55-240419-0001"
CREATED = datetime(2024, 4, 19, 9, 30, 5, tzinfo=timezone(timedelta(hours=7)))
APPLICANT_LINES = ("Họ và tên: NGUYỄN THỊ HOÀ", "Nơi cư trú: Phường Quang Trung, tỉnh Thái Nguyên")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def render_lines(lines, *, dpi: int, size=(1400, 420), colour=False) -> np.ndarray:
    """Black text at about 10 pt (Liberation Serif) on white; a red seal ring when ``colour``."""
    if not SERIF.exists():
        pytest.skip(f"font not found: {SERIF}")
    font = ImageFont.truetype(str(SERIF), round(42 * dpi / 300))
    picture = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(picture)
    step = round(110 * dpi / 300)
    for number, line in enumerate(lines):
        draw.text((round(80 * dpi / 300), step * (number + 1) - step // 2), line, font=font, fill="black")
    if colour:
        w, h = size
        draw.ellipse((w - h + 40, 40, w - 40, h - 40), outline=(200, 30, 40), width=12)
        return np.asarray(picture)
    return np.asarray(picture.convert("L"))


def read_words(image: np.ndarray) -> OcrResult:
    """Real tesseract (vie) words as an OcrResult, boxes in ``image`` pixels."""
    gray = Image.fromarray(image).convert("L")
    data = pytesseract.image_to_data(gray, lang="vie", output_type=pytesseract.Output.DICT)
    words = tuple(
        Word(nfc(text), (left, top, left + width, top + height), float(conf) / 100, (block, par, line))
        for text, left, top, width, height, conf, block, par, line in zip(
            data["text"], data["left"], data["top"], data["width"], data["height"], data["conf"],
            data["block_num"], data["par_num"], data["line_num"])
        if text.strip())
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrResult(words, " ".join(w.text for w in words), mean, gray.width, gray.height)


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def lines_of(ocr: OcrResult) -> list[str]:
    lines: dict[tuple[int, int, int], list[str]] = {}
    for word in ocr.words:
        lines.setdefault(word.line, []).append(word.text)
    return [" ".join(words) for words in lines.values()]


@pytest.fixture(scope="module")
def applicant_page() -> BundlePage:
    image = render_lines(APPLICANT_LINES, dpi=300)
    return BundlePage(encode_page_image(image, 300, bilevel=False, has_colour=False), read_words(image))


@pytest.fixture(scope="module")
def applicant_pdf(tmp_path_factory, applicant_page) -> Path:
    path = tmp_path_factory.mktemp("applicant") / f"{DOSSIER_CODE}.pdf"
    write_dossier_pdf([applicant_page], path, DossierMeta(DOSSIER_CODE, CREATED, subject="1.001193"))
    return path


@pytest.fixture(scope="module")
def three_pages() -> list[tuple[np.ndarray, BundlePage]]:
    """GIVEN a colour page at 200 dpi, a gray page and a bilevel page at 300 dpi."""
    colour = render_lines(["Giấy khai sinh: Trần Văn Đức"], dpi=200, size=(1000, 300), colour=True)
    gray = render_lines(["Sổ hộ khẩu: Lê Thị Hường"], dpi=300, size=(1300, 400))
    bilevel = np.where(render_lines(["Chứng minh nhân dân: Phạm Quốc Việt"], dpi=300,
                                    size=(1200, 420)) >= 128, 255, 0).astype(np.uint8)
    return [
        (colour, BundlePage(encode_page_image(colour, 200, bilevel=False, has_colour=True), read_words(colour))),
        (gray, BundlePage(encode_page_image(gray, 300, bilevel=False, has_colour=False), read_words(gray))),
        (bilevel, BundlePage(encode_page_image(bilevel, 300, bilevel=True, has_colour=False), read_words(bilevel))),
    ]


@pytest.fixture(scope="module")
def three_page_pdf(tmp_path_factory, three_pages) -> Path:
    path = tmp_path_factory.mktemp("three") / "unassigned-1.pdf"
    write_dossier_pdf([page for _, page in three_pages], path,
                      DossierMeta("unassigned-1", CREATED, keywords=("1.001193",)))
    return path


# --- the text layer -------------------------------------------------------------------

def test_pdftotext_finds_vietnamese_words_with_diacritics(applicant_pdf, applicant_page):
    """GIVEN words tesseract read on a rendered Vietnamese page
    WHEN they are bundled THEN pdftotext gives them back exactly, spaced and in lines."""
    text = nfc(pdftotext(applicant_pdf))
    assert [line for line in text.splitlines() if line.strip()] == lines_of(applicant_page.ocr)
    for word in ("NGUYỄN", "THỊ", "HOÀ", "Phường", "tỉnh", "Thái", "Nguyên"):
        assert word in text.split()


def test_word_boxes_land_where_the_words_are_in_the_image(applicant_pdf, applicant_page):
    """THEN each word's box from ``pdftotext -bbox`` is within a few points of its image box:
    left and right within 1 pt (Tz fits the advance to the box), top and bottom within 3 pt
    (one font size per line, so a word gets its line's height)."""
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                       pdftotext(applicant_pdf, "-bbox"))
    words = applicant_page.ocr.words
    assert [nfc(text) for *_, text in found] == [w.text for w in words]
    point = 72 / applicant_page.image.dpi
    for (x0, y0, x1, y1, _), word in zip(found, words):
        left, top, right, bottom = (v * point for v in word.bbox)
        assert abs(float(x0) - left) < 1 and abs(float(x1) - right) < 1, word
        assert abs(float(y0) - top) < 3 and abs(float(y1) - bottom) < 3, word


def test_ocr_boxes_from_a_larger_ocr_image_are_scaled_to_the_page(tmp_path, applicant_page):
    """GIVEN boxes measured on an OCR image twice the archive image's size
    WHEN bundled with the archive image THEN the words still land on the page's words."""
    path = tmp_path / "scaled.pdf"
    doubled = BundlePage(applicant_page.image, applicant_page.ocr.scaled(2.0))
    write_dossier_pdf([doubled], path, DossierMeta("x", CREATED))
    lefts = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', pdftotext(path, "-bbox"))]
    point = 72 / applicant_page.image.dpi
    assert lefts == pytest.approx([w.bbox[0] * point for w in applicant_page.ocr.words], abs=1)


def test_text_is_invisible(applicant_pdf, applicant_page, tmp_path):
    """THEN the page renders exactly as the same page bundled without words: no ink added."""
    image_only = tmp_path / "image-only.pdf"
    write_dossier_pdf([BundlePage(applicant_page.image, None)], image_only, DossierMeta("x", CREATED))
    assert np.array_equal(render_page(applicant_pdf, 1, 150), render_page(image_only, 1, 150))
    with pikepdf.open(applicant_pdf) as pdf:
        render_mode = None
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(operator) == "Tr":
                render_mode = int(operands[0])
            elif str(operator) == "Tj":
                assert render_mode == 3  # neither fill nor stroke


def test_characters_outside_the_bmp_are_replaced_and_controls_dropped():
    assert encode_cids("Hoà\x07😀") == "Hoà\ufffd".encode("utf-16-be")


def test_font_is_embedded_once_and_shared_by_every_page(three_page_pdf):
    with pikepdf.open(three_page_pdf) as pdf:
        fonts = {page.Resources.Font.FGlyphLess.objgen for page in pdf.pages}
        programs = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and Name.FontFile2 in o]
    assert len(fonts) == 1 and len(programs) == 1


# --- pages, sizes and encodings ----------------------------------------------------------

def test_pages_keep_their_order_and_their_size_from_dpi(three_page_pdf, three_pages):
    """GIVEN a 200 dpi page and two 300 dpi pages WHEN bundled THEN page n is image n, its
    MediaBox is pixels / dpi * 72 pt, and its text layer carries image n's words."""
    with pikepdf.open(three_page_pdf) as pdf:
        assert len(pdf.pages) == 3
        for number, (pdf_page, (_, page)) in enumerate(zip(pdf.pages, three_pages), start=1):
            box = [float(v) for v in pdf_page.MediaBox]
            assert box[2] == pytest.approx(page.image.width / page.image.dpi * 72, abs=0.01)
            assert box[3] == pytest.approx(page.image.height / page.image.dpi * 72, abs=0.01)
            (image,) = pdf_page.get_images().values()
            assert (image.Width, image.Height) == (page.image.width, page.image.height)
            text = nfc(pdftotext(three_page_pdf, "-f", str(number), "-l", str(number)))
            assert text.split() == [w.text for w in page.ocr.words]


def test_each_page_is_stored_in_its_encoding(three_page_pdf, three_pages):
    """THEN colour is DCT RGB, gray DCT gray, bilevel CCITT G4 at 1 bit, each stored as encoded."""
    expected = [(Name.DCTDecode, Name.DeviceRGB, 8), (Name.DCTDecode, Name.DeviceGray, 8),
                (Name.CCITTFaxDecode, Name.DeviceGray, 1)]
    with pikepdf.open(three_page_pdf) as pdf:
        for pdf_page, (filter_, space, bits), (_, page) in zip(pdf.pages, expected, three_pages):
            (image,) = pdf_page.get_images().values()
            filters = image.Filter if isinstance(image.Filter, pikepdf.Array) else [image.Filter]
            assert (list(filters), image.ColorSpace, image.BitsPerComponent) == ([filter_], space, bits)
            if filter_ == Name.DCTDecode:
                assert image.read_raw_bytes() == page.image.data  # passed through, not re-encoded
            else:
                assert image.DecodeParms[0].K == -1  # Group 4


def test_pages_render_back_as_the_images_given(three_page_pdf, three_pages):
    """THEN rendering each page at its dpi gives back its image: no inverted G4, no lost colour."""
    for number, (original, page) in enumerate(three_pages, start=1):
        rendered = render_page(three_page_pdf, number, page.image.dpi, colour=original.ndim == 3)
        assert rendered.shape == original.shape
        assert np.abs(rendered.astype(int) - original).mean() < 2.0, number


def render_page(path: Path, number: int, dpi: float, *, colour: bool = False) -> np.ndarray:
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number), "-png",
                          str(path)], check=True, capture_output=True).stdout
    return np.asarray(Image.open(io.BytesIO(out)).convert("RGB" if colour else "L"))


def test_encode_page_image_keeps_colour_and_picks_subsampling_by_dpi():
    """GIVEN a page with a red seal THEN it stays RGB JPEG; 4:2:0 at 300 dpi, 4:4:4 at 200 dpi."""
    seal = render_lines(["Chứng thực"], dpi=300, size=(600, 300), colour=True)
    fine = encode_page_image(seal, 300, bilevel=False, has_colour=True)
    coarse = encode_page_image(seal, 200, bilevel=False, has_colour=True)
    for page, sampling in ((fine, 2), (coarse, 0)):
        decoded = Image.open(io.BytesIO(page.data))
        assert (page.encoding, decoded.mode, decoded.size) == ("jpeg", "RGB", (600, 300))
        assert JpegImagePlugin.get_sampling(decoded) == sampling
    red = np.asarray(Image.open(io.BytesIO(fine.data)))[150, 600 - 300 + 40 + 6]
    assert red[0] > 150 and red[1] < 90 and red[2] < 90


def test_encode_page_image_bilevel_is_lossless_g4_and_colour_wins_over_bilevel():
    page = np.where(render_lines(["Số định danh"], dpi=300, size=(500, 120)) >= 128, 255, 0).astype(np.uint8)
    g4 = encode_page_image(page, 300, bilevel=True, has_colour=False)
    decoded = Image.open(io.BytesIO(g4.data))
    assert (g4.encoding, decoded.info["compression"]) == ("ccitt", "group4")
    assert np.array_equal(np.asarray(decoded.convert("L")), page)
    coloured = encode_page_image(np.dstack([page] * 3), 300, bilevel=True, has_colour=True)
    assert coloured.encoding == "jpeg" and Image.open(io.BytesIO(coloured.data)).mode == "RGB"


def test_encode_page_image_flattens_alpha_onto_white():
    rgba = np.zeros((40, 60, 4), np.uint8)  # black, fully transparent
    page = encode_page_image(rgba, 300, bilevel=False, has_colour=True)
    assert np.asarray(Image.open(io.BytesIO(page.data))).min() > 245


# --- PDF/A-2b ------------------------------------------------------------------------------

def test_xmp_says_pdfa_2b_with_title_producer_and_dates_in_sync_with_docinfo(applicant_pdf):
    with pikepdf.open(applicant_pdf) as pdf:
        xmp = pdf.open_metadata()
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
        assert xmp["dc:title"] == DOSSIER_CODE
        assert xmp["pdf:Producer"].startswith("Intake ") and xmp["xmp:CreatorTool"] == xmp["pdf:Producer"]
        assert datetime.fromisoformat(xmp["xmp:CreateDate"]) == CREATED
        assert xmp["dc:description"] == "1.001193"
        info = pdf.docinfo
        assert str(info.Title) == DOSSIER_CODE and str(info.Subject) == "1.001193"
        assert str(info.Producer) == xmp["pdf:Producer"] and str(info.Creator) == xmp["xmp:CreatorTool"]
        assert decode_pdf_date(str(info.CreationDate)) == CREATED
        assert Name.Filter not in pdf.Root.Metadata  # PDF/A: metadata stream unfiltered


def test_keywords_go_to_xmp_and_docinfo(three_page_pdf):
    with pikepdf.open(three_page_pdf) as pdf:
        assert pdf.open_metadata()["pdf:Keywords"] == str(pdf.docinfo.Keywords) == "1.001193"
        assert pdf.open_metadata()["dc:title"] == "unassigned-1"


def test_output_intent_is_srgb_with_a_valid_icc_profile(three_page_pdf):
    with pikepdf.open(three_page_pdf) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == Name.GTS_PDFA1
        profile = intent.DestOutputProfile
        icc = profile.read_bytes()
        assert profile.N == 3 and icc[12:20] == b"mntrRGB " and icc[8] < 5
        assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip() != ""


def test_trailer_id_no_encryption_no_actions_no_transparency(three_page_pdf):
    with pikepdf.open(three_page_pdf) as pdf:
        assert len(pdf.trailer.ID) == 2 and not pdf.is_encrypted and Name.Encrypt not in pdf.trailer
        assert not {Name.OpenAction, Name.AA, Name.Names} & set(pdf.Root.keys())
        for page in pdf.pages:
            assert Name.Group not in page.obj and Name.AA not in page.obj and Name.Annots not in page.obj
        for obj in pdf.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                assert not {"/JS", "/JavaScript", "/SMask", "/AA"} & set(obj.keys()), obj.objgen
                assert not bool(obj.get(Name.Interpolate, False)), obj.objgen
        assert pdf.check_pdf_syntax() == []


def test_glyphless_font_widths_match_its_program_and_never_use_notdef(three_page_pdf):
    """THEN the CIDFont is embedded (FontFile2), every CID maps to glyph 1 (never .notdef),
    and its DW/W widths equal glyph 1's advance in the program's hmtx."""
    with pikepdf.open(three_page_pdf) as pdf:
        font = pdf.pages[0].Resources.Font.FGlyphLess
        assert (font.Subtype, font.Encoding) == (Name.Type0, Name("/Identity-H"))
        cid_font = font.DescendantFonts[0]
        program = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
        gids = np.frombuffer(cid_font.CIDToGIDMap.read_bytes(), ">u2")
        assert len(gids) == 65536 and set(gids.tolist()) == {1}
        advance, _ = program["hmtx"][program.getGlyphOrder()[1]]
        width = advance * 1000 / program["head"].unitsPerEm
        first, last, w = (int(v) for v in cid_font.W)
        assert (first, last) == (0, 65535) and w == width and int(cid_font.DW) == width
        assert b"beginbfrange" in zlib.decompress(font.ToUnicode.read_raw_bytes())


def test_pikepdf_pdfa_validator_passes(three_page_pdf, applicant_pdf):
    """The pikepdf.pdfa allowlist validator (veraPDF's rule set) approves both files, and
    rejects one without its OutputIntent, so it is really looking."""
    validator = pytest.importorskip("pikepdf.pdfa")
    for path in (three_page_pdf, applicant_pdf):
        report = validator.validate_written(path, "2b")
        assert report.passed, report.findings
    assert not validator.validate_written(without_output_intent(three_page_pdf), "2b").passed


def test_page_validation_pdfa_2b_passes(three_page_pdf, applicant_pdf):
    """page-validation (an independent validator that passes the veraPDF corpus) agrees."""
    page = pytest.importorskip("page")
    for path in (three_page_pdf, applicant_pdf):
        report = page.validate_pdf(path, profile="2b")
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    assert not page.validate_pdf(without_output_intent(three_page_pdf), profile="2b").is_compliant


def test_a_stream_whose_bytes_end_in_cr_is_still_read_at_its_length(tmp_path, three_page_pdf):
    """GIVEN a content stream whose compressed bytes end in CR (zlib's Adler-32 ends in 0x0D
    for about one stream in 256), so the file would show ``CR LF endstream``, which readers
    may take for the end-of-line marker (page-validation did, in CI)
    WHEN the dossier is saved THEN no stream's bytes end in CR, the page still draws the
    same, and both validators pass."""
    ending_in_cr = b"q Q \n"
    assert zlib.compress(ending_in_cr)[-1:] == b"\r"
    with pikepdf.open(three_page_pdf) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(ending_in_cr), prepend=False)
        saved = tmp_path / "cr.pdf"
        saved.write_bytes(save_pdfa(pdf))
    assert b"\r\nendstream" not in saved.read_bytes()
    with pikepdf.open(saved) as pdf:
        assert not [obj.objgen for obj in pdf.objects
                    if isinstance(obj, pikepdf.Stream) and obj.read_raw_bytes().endswith(b"\r")]
        assert pdf.pages[0].Contents[-1].read_bytes() == ending_in_cr
    assert pytest.importorskip("page").validate_pdf(saved, profile="2b").is_compliant
    assert pytest.importorskip("pikepdf.pdfa").validate_written(saved, "2b").passed


def test_same_pages_give_the_same_bytes_in_another_process(tmp_path, applicant_page):
    """The OutputIntent profile carries a fixed date, so a dossier's bytes do not depend on
    when the process started (lcms2 stamps a new profile with the current time)."""
    meta = DossierMeta(DOSSIER_CODE, CREATED)
    here = build_dossier_pdf([applicant_page], meta)
    pickled = tmp_path / "page.pickle"
    pickled.write_bytes(pickle.dumps(([applicant_page], meta)))
    script = ("import pickle, sys; from intake.bundle import build_dossier_pdf; "
              f"pages, meta = pickle.loads(open({str(pickled)!r}, 'rb').read()); "
              "sys.stdout.buffer.write(build_dossier_pdf(pages, meta))")
    time.sleep(1.1)  # the profile's date has whole seconds
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                           cwd=Path(__file__).parents[2]).stdout
    assert there == here


def without_output_intent(path: Path) -> Path:
    broken = path.with_name("no-output-intent.pdf")
    with pikepdf.open(path) as pdf:
        del pdf.Root.OutputIntents
        pdf.save(broken)
    return broken


def test_page_without_words_gets_no_font_and_stays_pdfa(tmp_path, applicant_page):
    path = tmp_path / "blank-text.pdf"
    write_dossier_pdf([BundlePage(applicant_page.image, None)], path, DossierMeta("unassigned-2", CREATED))
    with pikepdf.open(path) as pdf:
        assert Name.Font not in pdf.pages[0].Resources
    assert pdftotext(path).strip() == ""
    validator = pytest.importorskip("pikepdf.pdfa")
    assert validator.validate_written(path, "2b").passed


# --- writing -----------------------------------------------------------------------------

def test_write_replaces_an_existing_file_whole_and_leaves_no_temp_file(tmp_path, applicant_page):
    target = tmp_path / f"{DOSSIER_CODE}.pdf"
    target.write_bytes(b"old dossier " * 100_000)
    written = write_dossier_pdf([applicant_page], target, DossierMeta(DOSSIER_CODE, CREATED))
    data = target.read_bytes()
    assert written == len(data) and data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert list(tmp_path.iterdir()) == [target]


def test_failed_write_raises_output_error_and_keeps_the_old_file(tmp_path, applicant_page):
    """GIVEN an existing dossier PDF WHEN a page's image bytes are not an image
    THEN OutputError, the old file is untouched and no temp file is left."""
    target = tmp_path / "dossier.pdf"
    target.write_bytes(b"previous version")
    broken = PageImage(b"not a jpeg", "jpeg", 10, 10, 300.0)
    with pytest.raises(OutputError):
        write_dossier_pdf([applicant_page, BundlePage(broken, None)], target, DossierMeta("x", CREATED))
    assert target.read_bytes() == b"previous version" and list(tmp_path.iterdir()) == [target]


def test_unwritable_folder_raises_output_error(tmp_path, applicant_page):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_bytes(b"")
    with pytest.raises(OutputError) as caught:
        write_dossier_pdf([applicant_page], not_a_folder / "d.pdf", DossierMeta("x", CREATED))
    assert caught.value.code == "output_failed"


def test_no_pages_is_an_output_error(tmp_path):
    with pytest.raises(OutputError):
        write_dossier_pdf([], tmp_path / "empty.pdf", DossierMeta("x", CREATED))
    assert not any(tmp_path.iterdir())


@pytest.fixture(autouse=True, scope="module")
def _needs_poppler():
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed")
