"""Dates as printed, whatever was misread in them (:mod:`ocr.dates`)."""

from __future__ import annotations

import pytest

from ocr.dates import find_date, printed_numbers


@pytest.mark.parametrize(("text", "numbers"), [
    ("31;10-1590", (31, 10, 1590)), ("Ngày sinh: 1/2/2O24", (1, 2, 2024)), ("05 . 07 . 3025", (5, 7, 3025)),
])
def test_the_numbers_a_date_was_printed_with_are_read_whatever_its_year(text, numbers):
    assert printed_numbers(text) == numbers


def test_no_date_gives_no_numbers():
    assert printed_numbers("Số 12/34, ngõ 5") is None
    assert find_date("31;10-1590", compact=True) is None  # not a date: its year is out of range


def test_a_speck_read_as_a_dot_after_ngay_leaves_the_spelled_date():
    """GIVEN a signing line read "Nghệ An, ngày. 20 tháng 9 năm 2024" (mixed dev 95) WHEN
    its date is looked for THEN it is 20 September 2024."""
    assert find_date("Nghệ An, ngày. 20 tháng 9 năm 2024", spelled_only=True).iso == "2024-09-20"
