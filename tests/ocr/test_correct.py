"""The syllable-aware corrector: what it mends, what it leaves alone, and on real pages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr.correct import (CorrectionReason, correct_text, correct_word, correct_words,
                         rank_candidates, split_syllables)
from ocr.engine import TesseractEngine, encode_png, run_tesseract
from ocr.hocr import read_choices
from ocr.model import Word


@pytest.mark.parametrize("read, meant", [
    ("NGUYẼN", "NGUYỄN"),  # ẽ: the tone read, the circumflex missed
    ("Nguyẽn,", "Nguyễn,"),  # punctuation around the word is kept
    ("HƯỲNH", "HUỲNH"),  # a horn read on u
    ("hóan", "hoán"),  # the tone on the wrong vowel
    ("thứơng", "thướng"),  # the right tone on the wrong vowel of ươ
])
def test_misread_marks_are_mended_in_the_words_case(read, meant):
    fixed = correct_word(read)
    assert (fixed.text, fixed.changed, fixed.reason) == (meant, True, CorrectionReason.CORRECTED)
    assert 0 < fixed.confidence_factor < 1


@pytest.mark.parametrize("token, reason", [
    ("hòa", CorrectionReason.VALID), ("HOÀ", CorrectionReason.VALID),  # both placements
    ("Cộng", CorrectionReason.VALID), ("người", CorrectionReason.VALID),
    ("12/03/2020", CorrectionReason.NOT_A_WORD), ("0912345678", CorrectionReason.NOT_A_WORD),
    ("CT01", CorrectionReason.NOT_A_WORD), ("1.001234.000.00.00.H12", CorrectionReason.NOT_A_WORD),
    ("a@b.vn", CorrectionReason.NOT_A_WORD), ("—", CorrectionReason.NOT_A_WORD),
    ("UBND", CorrectionReason.ABBREVIATION), ("CCCD", CorrectionReason.ABBREVIATION),
    ("TTHC", CorrectionReason.ABBREVIATION), ("SĐT:", CorrectionReason.ABBREVIATION),
    ("đ", CorrectionReason.ABBREVIATION),
    ("Email", CorrectionReason.FOREIGN), ("Facebook", CorrectionReason.FOREIGN),
])
def test_syllables_numbers_codes_abbreviations_and_foreign_words_are_left_alone(token, reason):
    fixed = correct_word(token)
    assert (fixed.text, fixed.changed, fixed.reason, fixed.confidence_factor) == (token, False, reason, 1.0)


def test_a_word_with_several_equally_close_syllables_is_kept_with_lower_confidence():
    """"tuc" may be "túc" or "tục": nothing tells them apart without tesseract's choices."""
    fixed = correct_word("tuc")
    assert (fixed.text, fixed.changed, fixed.reason) == ("tuc", False, CorrectionReason.AMBIGUOUS)
    assert fixed.confidence_factor < 1
    assert [c.text for c in rank_candidates("tuc")[:2]] == ["túc", "tục"]


def test_tesseracts_alternatives_break_a_tie_only_when_they_back_one_candidate():
    """GIVEN "hoc" read with tesseract weighing ọ (but not ó) for the o
    THEN "học"; when it weighed both equally, or gave no alternatives, the word stays."""
    h, c = (("h", 0.94), ("l", 0.0)), (("c", 0.95),)
    assert correct_word("hoc", (h, (("o", 0.95), ("ọ", 0.0)), c)).text == "học"
    assert correct_word("hoc", (h, (("o", 0.95), ("ọ", 0.0), ("ó", 0.0)), c)).text == "hoc"
    assert correct_word("hoc", (h, (("o", 0.9), ("ọ", 0.6), ("ó", 0.1)), c)).text == "học"
    assert correct_word("hoc").text == "hoc"
    assert correct_word("hoc", (h, c)).text == "hoc"  # not one group per letter: ignored


def test_syllables_run_together_are_cut_only_where_one_cut_works():
    assert correct_word("Giớitính").text == "Giới tính"
    assert correct_word("BẢNCAMKẾT").text == "BẢN CAM KẾT"
    assert correct_word("Dântộc:").text == "Dân tộc:"
    assert set(split_syllables("Quanhệ")) == {("Quan", "hệ"), ("Qua", "nhệ")}
    assert correct_word("Quanhệ").reason is CorrectionReason.AMBIGUOUS
    assert correct_word("NGUYẼN").text == "NGUYỄN"  # a cheap mark fix beats "NGUY ẼN"


def test_a_capital_inside_a_word_run_together_shows_where_to_cut():
    """GIVEN "Hà Nội" read without its space (a hard form's address, hard dev 96), which
    also cuts into "HàN ội" WHEN it is corrected THEN it is cut where its capital starts a
    syllable; without a capital inside, two cuts stay ambiguous."""
    assert set(split_syllables("HàNội")) == {("Hà", "Nội"), ("HàN", "ội")}
    assert correct_word("HàNội,").text == "Hà Nội,"
    assert correct_word("Hànội").reason is CorrectionReason.AMBIGUOUS


def test_an_unsure_reading_is_not_mended_but_a_run_together_one_is_cut():
    """Below tesseract confidence 0.3 an invalid word is mostly noise ("nếhn", "cÊy")."""
    assert correct_word("NGUYẼN", confidence=0.1).reason is CorrectionReason.UNSURE_READING
    assert correct_word("NGUYẼN", confidence=0.1).text == "NGUYẼN"
    assert correct_word("Giớitính", confidence=0.2).text == "Giới tính"


def test_correct_text_keeps_spacing_and_mends_each_word():
    assert correct_text("Họ tên:  NGUYẼN Văn A\nSĐT: 0912 345 678") == \
        "Họ tên:  NGUYỄN Văn A\nSĐT: 0912 345 678"


def test_a_line_of_mostly_foreign_words_is_left_as_read():
    """GIVEN a Spanish line whose "rápido" cuts into valid syllables ("rá pi do")
    THEN the line is left alone, while a Vietnamese line with the same word is corrected."""
    def line(*texts, number=1):
        return [Word(t, (0, 0, 10, 10), 0.9, (1, 1, number)) for t in texts]

    spanish = line("El", "rápido", "zorro", "marrón", "salta")
    assert correct_words(spanish) == spanish
    vietnamese = line("Họ", "tên:", "NGUYẼN", "Văn", "An", number=2)
    assert [w.text for w in correct_words(spanish + vietnamese)][5:] == ["Họ", "tên:", "NGUYỄN", "Văn", "An"]


def test_correct_words_scales_confidences_and_keeps_boxes():
    words = [Word("NGUYẼN", (0, 0, 50, 10), 0.9, (1, 1, 1)), Word("Văn", (55, 0, 80, 10), 0.95, (1, 1, 1)),
             Word("tuc", (85, 0, 99, 10), 0.8, (1, 1, 1)), Word("Hà", (100, 0, 120, 10), 0.9, (1, 1, 1))]
    fixed = correct_words(words)
    assert [w.text for w in fixed] == ["NGUYỄN", "Văn", "tuc", "Hà"]
    assert fixed[1] is words[1]
    assert fixed[0].bbox == words[0].bbox and fixed[0].confidence < 0.9
    assert fixed[2].confidence == pytest.approx(0.4)


def test_tesseract_gives_one_group_of_alternatives_per_letter(testdata: Path):
    """GIVEN viet.tif read by the real tesseract CLI with LSTM choices in hOCR
    THEN "tiếng" has five groups (the gap before it left out), each led by the letter
    read, and tesseract also weighed other tones for ế."""
    image = np.asarray(Image.open(testdata / "tesseract-ocr-test/testing/viet.tif").convert("L"))
    hocr = run_tesseract(["tesseract", "stdin", "stdout", "--dpi", "300", "-l", "vie",
                          "-c", "lstm_choice_mode=2", "hocr"], encode_png(image), timeout_s=60)
    (text, box), groups = next(iter(read_choices(hocr, lambda text: True).items()))
    assert text == "tiếng" and len(groups) == 5 and box[2] > box[0]
    assert [group[0][0] for group in groups] == list("tiếng")
    assert {"ề", "ê"} & {char for char, _ in groups[2][1:]}
    assert all(0 <= p <= 1 for group in groups for _, p in group)
    assert read_choices(hocr, lambda text: False) == {}


@pytest.fixture(scope="module")
def eurotext(testdata: Path) -> np.ndarray:
    return np.asarray(Image.open(testdata / "tesseract-ocr-test/testing/eurotext.tif").convert("L"))


def test_a_european_text_is_read_the_same_with_the_corrector(eurotext):
    """GIVEN eurotext.tif (English, German, French: "für", "Übung", "où", "ça")
    WHEN read with and without the corrector THEN the same words, the same text: the
    hOCR path gives what the TSV path gave, and no foreign word is "corrected"."""
    plain = TesseractEngine(min_word_confidence=0.4, correct_syllables=False).recognize(eurotext, dpi=300)
    checked = TesseractEngine(min_word_confidence=0.4, correct_syllables=True).recognize(eurotext, dpi=300)
    assert checked.text == plain.text
    assert [(w.text, w.bbox, w.line) for w in checked.words] == [(w.text, w.bbox, w.line) for w in plain.words]
    assert all(abs(a.confidence - b.confidence) <= 0.01 or a.confidence < b.confidence
               for a, b in zip(checked.words, plain.words))
