"""Pages read too poorly to trust are marked for rescanning: a real sample page made faint
(its toner broken into dots, as a faded bilevel copy) reads as garbage and is marked; the
page as scanned is not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from intake.model import Dossier, PageKind
from intake.output import sidecar_dict
from intake.pipeline import PipelineOptions, process_page
from ocr.calibration import shipped_calibration
from ocr.read_quality import RESCAN_CONFIDENCE, RescanReason, rescan_reason

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "batch" / "scan_001.tif"
FORM = 2  # its third page: a form (TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ)


def faded(path: Path, index: int, keep: float, out: Path) -> Path:
    """Page ``index`` of ``path`` with only ``keep`` of its ink pixels left, at random:
    toner that broke into dots."""
    with Image.open(path) as scan:
        scan.seek(index)
        dpi = scan.info.get("dpi", (300, 300))
        gray = np.asarray(scan.convert("L")).copy()
    dropped = (gray < 128) & (np.random.default_rng(7).random(gray.shape) > keep)
    gray[dropped] = 255
    Image.fromarray(gray).save(out, dpi=dpi)
    return out


def test_a_faint_page_reads_next_to_nothing_and_is_marked_for_rescanning(tmp_path):
    """GIVEN a sample form, and the same page with a third of its ink left WHEN each
    goes through the pipeline (real tesseract) THEN the scanned page reads well and is
    not marked; tesseract is unsure of most of what it makes of the faint one, which is
    marked ``low_read_confidence`` in its sidecar and still kept with what was read."""
    options = PipelineOptions(workers=1)
    good = process_page(SAMPLE, FORM, options)
    faint = process_page(faded(SAMPLE, FORM, 0.35, tmp_path / "faint.tif"), 0, options)
    assert good.kind == faint.kind == PageKind.CONTENT  # the faint page is no blank page
    pages = sidecar_dict(Dossier(None, (good, faint)), None, procedure_code=None)["pages"]
    assert pages[0]["rescan_reason"] is None and pages[0]["confidence"] >= RESCAN_CONFIDENCE
    assert pages[1]["text"] and pages[1]["confidence"] < RESCAN_CONFIDENCE  # thickened (faded_bilevel), still unsure
    assert pages[1]["rescan_reason"] == "low_read_confidence"


@pytest.mark.parametrize(("text", "confidence", "reason"), [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.93, None),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.62, RescanReason.LOW_READ_CONFIDENCE),
    ("B fTiHfccc ti HH NM gi c", 0.41, RescanReason.LITTLE_TEXT_READ),
    ("", 0.0, RescanReason.LITTLE_TEXT_READ),
    ("Ảnh chân dung 4x6", 0.95, None),  # a few sure words: a photo's caption, not a faint page
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", 0.69996, None),  # 0.700 as shown
])
def test_the_reason_a_read_is_too_poor(text, confidence, reason):
    assert rescan_reason(text, confidence) == reason


def test_fields_of_a_page_marked_for_rescanning_are_calibrated_as_such(tmp_path):
    """GIVEN the sample form with half its ink left WHEN read THEN the page is marked for
    rescanning and every field it gives is calibrated with the marked pages' curves (never
    above what the same read on a readable page would show); the readable page's fields
    with the readable pages' ones."""
    calibration = shipped_calibration()
    assert "~" in calibration.curves  # the marked pages' curves are shipped
    options = PipelineOptions(workers=1)
    good = process_page(SAMPLE, FORM, options)
    faint = process_page(faded(SAMPLE, FORM, 0.55, tmp_path / "faint.tif"), 0, options)
    assert rescan_reason(faint.ocr.text, faint.ocr.confidence) is not None
    assert rescan_reason(good.ocr.text, good.ocr.confidence) is None
    read = [(key, field) for key, field in faint.fields.items() if field.value]
    assert read, faint.ocr.text
    lowered = 0
    for key, field in read:
        marked = calibration.probability(key, field.raw_confidence, bool(field.warnings), poor_page=True)
        readable = calibration.probability(key, field.raw_confidence, bool(field.warnings))
        assert field.confidence == pytest.approx(marked) and marked <= readable
        lowered += marked < readable
    assert lowered, read  # the faint page's fields stand lower than the same reads elsewhere
    for key, field in good.fields.items():
        if field.value:
            assert field.confidence == pytest.approx(
                calibration.probability(key, field.raw_confidence, bool(field.warnings)))
