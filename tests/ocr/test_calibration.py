"""Calibrated field confidences (ocr.calibration) and their use by the extractor."""

import random

import pytest

from ocr.calibration import (ALL_GROUP, MIN_AUTO_ACCEPT, Curve, Example, FieldCalibration, auto_accepted,
                             expected_calibration_error, fit_calibration, isotonic_curve, pick_threshold,
                             shipped_auto_accept, shipped_calibration)
from ocr.fields import extract_fields
from ocr.model import Field, OcrResult, Word


def one_line_page(line: str, confidence: float = 0.9) -> OcrResult:
    words, x = [], 100
    for text in line.split():
        words.append(Word(text, (x, 50, x + 30 * len(text), 95), confidence, (1, 1, 1)))
        x += 30 * (len(text) + 1)
    return OcrResult(tuple(words), line, confidence, 2480, 3508)


def test_isotonic_curve_never_goes_down_and_never_says_certain():
    """GIVEN reads whose chance of being right grows with their raw confidence, with noise
    WHEN a curve is fitted THEN it is non-decreasing and stays strictly between 0 and 1."""
    rng = random.Random(5)
    points = [(raw, rng.random() < raw) for raw in (rng.random() for _ in range(2000))]
    curve = isotonic_curve(points)
    assert list(curve.rates) == sorted(curve.rates) and len(curve.rates) > 3
    assert 0 < curve.rates[0] < 0.2 and 0.8 < curve.rates[-1] < 1
    assert [curve(x / 100) for x in range(101)] == sorted(curve(x / 100) for x in range(101))
    assert sum(curve.counts) == len(points)


def test_isotonic_curve_pools_a_violation_and_shrinks_by_half_a_hit_and_half_a_miss():
    """GIVEN 0.5 read right once, 0.6 wrong once, 0.9 right 8 times WHEN fitted THEN 0.5 and
    0.6 pool into one block (1 of 2: rate 1.5/3) and 0.9 is (8+0.5)/(8+1)."""
    curve = isotonic_curve([(0.5, True), (0.6, False)] + [(0.9, True)] * 8)
    assert curve.starts == (0.5, 0.9) and curve.counts == (2, 8)
    assert curve.rates == pytest.approx((0.5, 8.5 / 9))
    assert curve(0.1) == curve(0.7) == pytest.approx(0.5) and curve(1.0) == pytest.approx(8.5 / 9)


def test_expected_calibration_error_of_a_known_example():
    """Two fields at 0.9, one right (bin error |1.8 - 1|), two at 0.1, both wrong (|0.2 - 0|):
    ECE = (0.8 + 0.2) / 4."""
    ece = expected_calibration_error([0.9, 0.9, 0.1, 0.1], [True, False, False, False])
    assert ece == pytest.approx(0.25)
    assert expected_calibration_error([1.0, 0.0], [True, False]) == 0
    assert expected_calibration_error([], []) is None


def test_threshold_keeps_auto_accepted_fields_995_exact_with_a_margin():
    """GIVEN 400 fields at 0.99 all right, 300 at 0.95 with 1 wrong, 100 at 0.8 with 10 wrong
    WHEN the threshold is picked THEN it takes 0.95 (700 accepted, 1 wrong: 99.71% even
    with one error more) but not 0.8 (98.6%)."""
    confidences = [0.99] * 400 + [0.95] * 300 + [0.8] * 100
    outcomes = [True] * 400 + [True] * 299 + [False] + [True] * 90 + [False] * 10
    threshold = pick_threshold(confidences, outcomes, 0.995)
    assert threshold == 0.95
    accepted = [ok for c, ok in zip(confidences, outcomes) if c >= threshold]
    assert sum(accepted) / len(accepted) >= 0.995


def test_threshold_needs_enough_examples_and_otherwise_accepts_nothing_uncertain():
    """50 fields all right are too few to vouch for 99.5% (50/51 < 0.995): threshold 1.0."""
    assert pick_threshold([0.97] * 50, [True] * 50, 0.995) == 1.0
    assert pick_threshold([0.97] * 199, [True] * 199, 0.995) == 0.97


def test_threshold_never_accepts_a_field_its_own_confidence_calls_doubtful():
    """GIVEN 800 fields at 0.99 all right and 5 at 0.6 that happen to be right too (the
    aggregate would stay 99.5% exact down to 0.6)
    THEN the threshold stops at the floor: a field the calibration gives 0.6 is wrong
    four times in ten, and an officer must see it."""
    confidences = [0.99] * 800 + [0.6] * 5
    assert pick_threshold(confidences, [True] * 805, 0.995) == MIN_AUTO_ACCEPT
    assert pick_threshold([0.99] * 800, [True] * 800, 0.995) == 0.99


def test_fit_gives_keys_with_enough_examples_their_own_curve():
    examples = ([Example("dob", 0.9, True)] * 40 + [Example("name", 0.9, False)] * 40
                + [Example("sex", 0.9, True)] * 5)
    curves = fit_calibration(examples, min_group_size=30)
    assert set(curves) == {ALL_GROUP, "dob", "name"}
    calibration = FieldCalibration(curves, 0.9)
    assert calibration.probability("dob", 0.9) > 0.95 > 0.05 > calibration.probability("name", 0.9)
    assert calibration.probability("sex", 0.9) == curves[ALL_GROUP](0.9)  # too few: the common curve


def test_a_failed_check_never_raises_the_shipped_confidence():
    """Each warning halves the raw confidence; the shipped curves keep that order."""
    calibration = shipped_calibration()
    for key in [*calibration.curves, "unknown_key"]:
        for raw in (x / 50 for x in range(51)):
            assert calibration.probability(key, raw / 2) <= calibration.probability(key, raw), (key, raw)


def test_calibrated_field_keeps_its_raw_confidence_and_an_empty_value_stays_at_zero():
    calibration = FieldCalibration({ALL_GROUP: Curve((0.0, 0.5), (0.2, 0.97), (10, 10))}, 0.97)
    read = calibration.calibrated("dob", Field("1990-01-02", 0.8, None))
    assert (read.confidence, read.raw_confidence) == (0.97, 0.8)
    assert read.as_dict()["raw_confidence"] == 0.8
    assert calibration.calibrated("dob", read) == read  # calibrating twice changes nothing
    assert calibration.calibrated("dob", Field("", 0.0, None, warnings=("unreadable",))).confidence == 0.0
    assert auto_accepted(read, 0.97) and not auto_accepted(read, 0.98)


def test_shipped_calibration_loads_round_trips_and_sets_the_threshold():
    calibration = shipped_calibration()
    assert calibration is not None and ALL_GROUP in calibration.curves
    assert 0.5 < calibration.auto_accept <= 1 and shipped_auto_accept() == calibration.auto_accept
    assert FieldCalibration.from_dict(calibration.as_dict()).as_dict() == calibration.as_dict()
    for curve in calibration.curves.values():
        assert list(curve.rates) == sorted(curve.rates) and all(0 < r < 1 for r in curve.rates)
    assert calibration.figures["calibration_seeds"] and calibration.figures["held_out"]["ece"] is not None


def test_unknown_calibration_version_is_refused():
    data = shipped_calibration().as_dict() | {"version": 99}
    with pytest.raises(ValueError, match="version"):
        FieldCalibration.from_dict(data)


def test_extractor_confidences_are_the_shipped_calibration_of_the_raw_ones():
    """GIVEN a date of birth read at word confidence 0.9 WHEN extracted THEN its confidence
    is the shipped curve's value at 0.9, the raw 0.9 is kept, and ``calibration=None``
    gives the raw confidence back."""
    page = one_line_page("Ngày sinh: 05/02/1999")
    read = extract_fields(page).fields["dob"]
    calibration = shipped_calibration()
    assert read.value == "1999-02-05" and read.raw_confidence == pytest.approx(0.9)
    assert read.confidence == pytest.approx(calibration.probability("dob", 0.9))
    raw = extract_fields(page, calibration=None).fields["dob"]
    assert (raw.confidence, raw.raw_confidence) == (pytest.approx(0.9), None)


def test_warned_fields_have_curves_of_their_own_that_never_raise_a_confidence():
    """GIVEN phones read at 0.9 all right, and phones with a warning (halved to 0.45) mostly
    wrong WHEN fitted THEN a warned phone at 0.45 is doubtful, while an unwarned one at
    0.45 keeps the phone curve's value; a warned field never stands above the unwarned."""
    examples = ([Example("phone", 0.9, True)] * 60 + [Example("phone", 0.45, True)] * 5
                + [Example("phone", 0.45, False, warned=True)] * 30 + [Example("phone", 0.45, True, warned=True)] * 5
                + [Example("dob", 0.4, True, warned=True)] * 3)
    curves = fit_calibration(examples, min_group_size=30)
    assert {"!", "!phone", "phone"} <= set(curves)
    calibration = FieldCalibration(curves, 0.9)
    assert calibration.probability("phone", 0.45, warned=True) < 0.2
    assert calibration.probability("phone", 0.45) > 0.5
    for key in ("phone", "dob", "name"):
        for raw in (x / 20 for x in range(21)):
            assert calibration.probability(key, raw, warned=True) <= calibration.probability(key, raw)
    read = calibration.calibrated("phone", Field("03556509111", 0.45, None, warnings=("phone_prefix",)))
    assert read.confidence == calibration.probability("phone", 0.45, warned=True)


def test_fields_of_pages_marked_for_rescanning_have_curves_of_their_own_that_never_raise_a_confidence():
    """GIVEN issue dates read at 0.985 all right on readable pages, and at 0.985 one in five
    wrong on pages marked for rescanning (a faded copy's date read a day off, hard dev 57)
    WHEN fitted THEN such a date on a marked page is shown at about 0.8, one on a readable
    page keeps the high figure, and a marked page never raises a confidence."""
    examples = ([Example("issue_date", 0.985, True)] * 200
                + [Example("issue_date", 0.985, True, poor_page=True)] * 32
                + [Example("issue_date", 0.985, False, poor_page=True)] * 8
                + [Example("name", 0.6, True, poor_page=True)] * 4)
    curves = fit_calibration(examples, min_group_size=30)
    assert {"~", "~issue_date", "issue_date"} <= set(curves) and "~name" not in curves
    calibration = FieldCalibration(curves, 0.9)
    assert calibration.probability("issue_date", 0.985, poor_page=True) == pytest.approx(32.5 / 41)
    assert calibration.probability("issue_date", 0.985) > 0.99
    for key in ("issue_date", "name", "dob"):
        for raw in (x / 20 for x in range(21)):
            for warned in (False, True):
                assert (calibration.probability(key, raw, warned, poor_page=True)
                        <= calibration.probability(key, raw, warned))
    read = calibration.calibrated("issue_date", Field("2022-12-08", 0.985, None), poor_page=True)
    assert read.confidence == calibration.probability("issue_date", 0.985, poor_page=True)
    assert not auto_accepted(read, calibration.auto_accept)


def test_below_the_reads_a_keys_curve_was_fitted_on_it_says_no_more_than_all_fields_do():
    """GIVEN addresses read only at 0.9 or more, all right, and other fields read at 0.3,
    mostly wrong WHEN an address read at 0.3 is calibrated THEN it is no surer than the
    curve of all fields says at 0.3 (the address curve, one step from 0.9, knows nothing
    there); at 0.95 the address curve stands."""
    examples = ([Example("address", 0.95, True)] * 60 + [Example("name", 0.3, False)] * 20
                + [Example("name", 0.3, True)] * 2)
    curves = fit_calibration(examples, min_group_size=30)
    calibration = FieldCalibration(curves, 0.9)
    assert curves["address"](0.3) > 0.98  # the curve's first step reaches down to 0
    assert calibration.probability("address", 0.3) == pytest.approx(curves[ALL_GROUP](0.3))
    assert calibration.probability("address", 0.3) < 0.5
    assert calibration.probability("address", 0.95) == pytest.approx(curves["address"](0.95))
