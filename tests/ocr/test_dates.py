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
