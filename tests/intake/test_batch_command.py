"""`intake process`: the batch contract of DESIGN.md, end to end with real files.

One module-scoped batch is run through the real command (a subprocess, real tesseract):
a receipt cover sheet with a QR dossier code, a real scan (phototest.tif), a blank
duplex back, and every kind of bad file between them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from samples.marks import draw_qr

DOSSIER_CODE = "000.00.19.H55-240419-0001"
SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
INTAKE = Path(sys.executable).with_name("intake")


def receipt_page(path: Path) -> None:
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SERIF, 54)
    draw.text((300, 400), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", font=font, fill=0)
    draw.text((300, 600), f"Mã hồ sơ: {DOSSIER_CODE}", font=font, fill=0)
    draw_qr(page, DOSSIER_CODE, right=2280, top=200, size_px=400)
    page.save(path, dpi=(300, 300))


def blank_back(path: Path) -> None:
    rng = np.random.default_rng(3)
    paper = np.clip(rng.normal(242, 4, (3508, 2480)), 0, 255).astype(np.uint8)
    for y, x in rng.integers(200, 2300, (12, 2)):
        paper[y:y + 3, x:x + 3] = 40  # dust
    Image.fromarray(paper).save(path, quality=70, dpi=(300, 300))


@pytest.fixture(scope="module")
def batch(tmp_path_factory, testdata):
    folder = tmp_path_factory.mktemp("batch")
    receipt_page(folder / "01 receipt.png")
    shutil.copy(testdata / "tesseract-ocr-test/testing/phototest.tif", folder / "02 phototest.tif")
    blank_back(folder / "03 back.jpg")
    (folder / "04 empty.pdf").write_bytes(b"")
    real_pdf = (testdata / "OCRmyPDF/tests/resources/skew.pdf").read_bytes()
    (folder / "05 truncated.pdf").write_bytes(real_pdf[: len(real_pdf) // 2])
    with pikepdf.open(testdata / "OCRmyPDF/tests/resources/skew.pdf") as pdf:
        pdf.save(folder / "06 encrypted.pdf", encryption=pikepdf.Encryption(owner="o", user="u"))
    (folder / "07 notes.pdf").write_text("this is not a PDF\n")
    shutil.copy(folder / "01 receipt.png", folder / "08 receipt-as.pdf")
    out = folder / "out"
    files = sorted(p for p in folder.iterdir() if p.is_file())
    run = subprocess.run([str(INTAKE), "process", *map(str, files), "--out", str(out), "--workers", "2"],
                         capture_output=True, text=True, timeout=600)
    return run, out


def test_dossier_pdf_and_sidecar_follow_the_contract(batch):
    run, out = batch
    sidecar = json.loads((out / f"{DOSSIER_CODE}.json").read_text())
    assert sidecar["dossier_code"] == DOSSIER_CODE
    assert sidecar["pdf"] == f"{DOSSIER_CODE}.pdf"
    assert [(p["source"], p["source_page"]) for p in sidecar["pages"]] == [("02 phototest.tif", 1)]
    assert sidecar["separator_pages"] == [
        {"source": "01 receipt.png", "source_page": 1, "dossier_code": DOSSIER_CODE, "kind": "dossier_receipt"}]
    assert sidecar["dropped_pages"] == [{"source": "03 back.jpg", "source_page": 1, "reason": "blank"}]
    page = sidecar["pages"][0]
    assert {"number", "source", "source_page", "rotation", "skew_deg", "text", "confidence",
            "document_type", "fields"} <= set(page)
    assert "quick brown dog" in page["text"]
    with pikepdf.open(out / f"{DOSSIER_CODE}.pdf") as pdf:
        assert len(pdf.pages) == 1
        assert str(pdf.open_metadata()["dc:title"]) == DOSSIER_CODE


def test_dossier_pdf_is_searchable(batch):
    _, out = batch
    text = subprocess.run(["pdftotext", str(out / f"{DOSSIER_CODE}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "quick brown dog" in text


@pytest.mark.parametrize("name, code", [
    ("04 empty.pdf", "empty_file"),
    ("05 truncated.pdf", "truncated_file"),
    ("06 encrypted.pdf", "encrypted_pdf"),
    ("07 notes.pdf", "format_mismatch"),
    ("08 receipt-as.pdf", "format_mismatch"),
])
def test_each_bad_file_gets_one_line_with_its_code(batch, name, code):
    run, _ = batch
    lines = [line for line in run.stderr.splitlines() if line.startswith(name + ":")]
    assert len(lines) == 1, run.stderr
    assert lines[0].split(": ")[1] == code


def test_bad_files_do_not_stop_the_batch_and_exit_code_says_so(batch):
    run, out = batch
    assert run.returncode == 2, run.stderr
    assert (out / f"{DOSSIER_CODE}.pdf").exists()
    assert len(run.stderr.strip().splitlines()) == 5, run.stderr
