"""The benchmark's field figures: exact match, auto-accept rate and precision, ECE, the
peers' fields through the same extractor, and the calibration script's arithmetic."""

import pytest

from benchmarks.calibrate import calibrate, examples_of, final_confidence
from benchmarks.field_scores import field_scores, ocr_result_from_text
from benchmarks.metrics import FieldScore, auto_accept_figures, exact_match_by_field
from benchmarks.run import SystemTally, _exact_by, dossier_figures
from benchmarks.systems import SystemRun, load_saved_run
from ocr.calibration import ALL_GROUP, Curve, Example, FieldCalibration
from ocr.validate import FieldWarning


def score(key="dob", truth="1990-01-02", value="1990-01-02", confidence=0.99, raw=0.9, warnings=()):
    return FieldScore(key, "form", "mild", truth, value, confidence, raw, tuple(warnings))


def test_exact_match_forgives_only_nfc_and_spacing():
    assert score(truth="Lê  Văn", value="Le\u0302 Văn").correct
    assert not score(truth="Lê Văn", value="LÊ VĂN").correct
    assert not score(value=None).correct


def test_exact_match_by_field_counts_missing_fields_as_wrong():
    scores = [score(), score(value="1990-01-03"), score(key="name", truth="An", value=None)]
    assert exact_match_by_field(scores) == {"dob": 0.5, "name": 0.0}


def test_auto_accept_takes_values_above_the_threshold_without_warnings():
    """GIVEN 4 fields of the truth: right at 0.99, wrong at 0.98, right at 0.99 with a warning,
    and one not found WHEN scored at 0.98 THEN 2 of 4 are auto-accepted, half of them right."""
    scores = [score(), score(value="1990-01-03", confidence=0.98),
              score(warnings=("id_birth_year_mismatch",)), score(value=None, confidence=0.0)]
    figures = auto_accept_figures(scores, 0.98)
    assert (figures["auto_accept_rate"], figures["auto_accept_precision"]) == (0.5, 0.5)
    assert figures["auto_accepted_wrong"] == 1 and figures["fields"] == 4
    assert auto_accept_figures(scores, 0.995)["auto_accept_precision"] is None
    # ECE over the 3 found: one bin [0.9, 1): mean confidence 0.9867, 2 of 3 right
    assert figures["ece"] == pytest.approx(abs((0.99 + 0.98 + 0.99) / 3 - 2 / 3))


TRUTH = {"files": [{"pages": [
    {"source": "scan_001.png", "source_page": 1, "kind": "form", "level": "clean",
     "text": "Họ và tên: LÊ VĂN TÁM\nNgày sinh: 05/02/1999\nSố điện thoại: 0912345678",
     "fields": {"name": "LÊ VĂN TÁM", "dob": "1999-02-05", "phone": "0912345678"}},
    {"source": "scan_001.png", "source_page": 2, "kind": "blank", "level": "clean", "text": ""}]}],
    "dossiers": []}


def test_peer_text_goes_through_the_same_extractor():
    """GIVEN plain text a peer read (phone misread) WHEN scored THEN the extractor's fields
    are compared with the truth, every truth field once."""
    text = "Họ và tên: LÊ VĂN TÁM\nNgày sinh: 05/02/1999\nSố điện thoại: 09123A5678"
    run = SystemRun("tesseract", 1.0, 1.0, {("scan_001.png", 1): text})
    scores = {s.key: s for s in field_scores(run, TRUTH)}
    assert set(scores) == {"name", "dob", "phone"}
    assert scores["name"].correct and scores["dob"].correct and not scores["phone"].correct
    assert 0 < scores["dob"].confidence < 1 and scores["dob"].raw_confidence == 1.0
    assert len(ocr_result_from_text(text).words) == 13


def test_tally_gives_cer_by_level_and_kind_and_fields_per_field():
    text = "Họ và tên: LÊ VĂN TÁM\nNgày sinh: 05/02/1999\nSố điện thoại: 0912345678"
    run = SystemRun("tesseract", 6.0, 1.0, {("scan_001.png", 1): text})
    tally = SystemTally()
    tally.add(run, TRUTH)
    figures = tally.figures(threshold=0.5)
    assert figures["cer"] == {"clean": 0.0} and figures["cer_by_kind"] == {"form": 0.0}
    assert figures["field_exact_match_by_field"] == {"dob": 100.0, "name": 100.0, "phone": 100.0}
    assert figures["pages_per_minute"] == 20.0 and figures["auto_accept_rate"] == 100.0


def test_kept_receipts_are_not_dossier_pages_in_the_split_figures():
    truth = {"files": [{"pages": [
        {"source": "a.png", "source_page": 1, "kind": "receipt", "rotation": 0},
        {"source": "a.png", "source_page": 2, "kind": "form", "rotation": 90}]}],
        "dossiers": [{"dossier_code": "X-240105-0001", "pages": [["a.png", 2]]}]}
    sidecars = [{"dossier_code": "X-240105-0001", "dropped_pages": [], "pages": [
        {"source": "a.png", "source_page": 1, "kind": "separator", "rotation": 0},
        {"source": "a.png", "source_page": 2, "kind": "content", "rotation": 270}]}]
    figures = dossier_figures(sidecars, truth)
    assert figures["split"] == (1, 1) and figures["quarter_turns_corrected"] == (1, 1)
    assert figures["content_pages_dropped"][0] == 0


def test_cross_page_warnings_halve_the_calibrated_confidence():
    calibration = FieldCalibration({ALL_GROUP: Curve((0.0, 0.8), (0.3, 0.98), (5, 5))}, 0.98)
    assert final_confidence(calibration, score(raw=0.9)) == 0.98
    crossed = score(raw=0.9, warnings=(FieldWarning.APPLICANT_MISMATCH,))
    assert final_confidence(calibration, crossed) == pytest.approx(0.49)
    assert examples_of([crossed, score(value=None)]) == [Example("dob", 0.9, True)]  # found fields only


def test_calibrate_fits_picks_a_safe_threshold_and_measures_the_held_out_part():
    """GIVEN 300 right fields at raw 0.95 and 100 at raw 0.5 of which half are wrong
    WHEN calibrated THEN the threshold accepts the 0.95 ones only, at 100% on the held-out set."""
    fitting = [score(raw=0.95)] * 300 + [score(raw=0.5)] * 50 + [score(raw=0.5, value="1990-01-03")] * 50
    held_out = [score(raw=0.95)] * 30 + [score(raw=0.5, value="1990-01-03")] * 10
    calibration = calibrate(fitting, held_out, seeds=[101], held_out_seeds=[201])
    assert calibration.auto_accept == 0.9983  # 300.5/301 = 0.99834 rounded down
    held = calibration.figures["held_out"]
    assert held["auto_accept_rate"] == 0.75 and held["auto_accept_precision"] == 1.0
    assert calibration.figures["calibration_seeds"] == [101]


def test_a_saved_peer_run_comes_back_with_its_texts_and_figures(tmp_path):
    run = SystemRun("ocrmypdf", 12.5, 300.0, {("scan_001.pdf", 2): "Họ và tên: LÊ VĂN A"}, 4096, 1)
    run.save(tmp_path)
    loaded = load_saved_run(tmp_path)
    assert (loaded.name, loaded.wall_s, loaded.peak_rss_mb, loaded.pdf_bytes) == ("ocrmypdf", 12.5, 300.0, 4096)
    assert loaded.page_texts == {("scan_001.pdf", 2): "Họ và tên: LÊ VĂN A"}
    assert loaded.measured_at
    assert load_saved_run(tmp_path / "never-ran") is None


def test_the_bar_figures_group_fields_by_level_and_single_out_ids_and_dates_on_clean_and_mild():
    scores = [score(), score(value="1990-01-03"), score(key="name", truth="An", value="An"),
              FieldScore("id_number", "form", "hard", "001", "001", 0.9, 0.9)]
    assert _exact_by(scores, lambda s: s.level) == {"hard": "100.0 (1)", "mild": "66.67 (3)"}
    tally = SystemTally()
    tally.fields = scores
    figures = tally.figures(0.95)
    assert figures["id_and_dates_clean_mild"] == {"dob": "50.0 (2)"}


def test_intakes_pages_marked_for_rescanning_get_their_own_cer():
    """GIVEN an Intake run whose sidecar marks one of two pages for rescanning (read as
    garbage) WHEN tallied THEN the marked page counts, and CER is given for marked and
    unmarked pages apart."""
    truth = {"files": [{"pages": [
        {"source": "a.png", "source_page": 1, "kind": "form", "level": "hard", "text": "Họ và tên: LÊ VĂN TÁM",
         "rotation": 0},
        {"source": "a.png", "source_page": 2, "kind": "form", "level": "hard", "text": "Ngày sinh: 05/02/1999",
         "rotation": 0}]}], "dossiers": [{"dossier_code": None, "pages": [["a.png", 1], ["a.png", 2]]}]}
    sidecar = {"dossier_code": None, "dropped_pages": [], "pages": [
        {"source": "a.png", "source_page": 1, "kind": "content", "rotation": 0, "text": "Họ và tên: LÊ VĂN TÁM",
         "fields": {}, "rescan_reason": None},
        {"source": "a.png", "source_page": 2, "kind": "content", "rotation": 0, "text": "Nqàv sỉnh: O5IO2",
         "fields": {}, "rescan_reason": "low_read_confidence"}]}
    run = SystemRun("intake", 1.0, 1.0, {("a.png", 1): "Họ và tên: LÊ VĂN TÁM", ("a.png", 2): "Nqàv sỉnh: O5IO2"},
                    sidecars=[sidecar])
    tally = SystemTally()
    tally.add(run, truth)
    figures = tally.figures(0.9)
    assert figures["rescan_marked_pages"] == 1
    assert figures["cer_by_rescan_mark"]["unmarked"] == 0.0 and figures["cer_by_rescan_mark"]["marked"] > 30
