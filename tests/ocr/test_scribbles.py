"""Signatures read as words are dropped: tall and unsure. Typed words, big titles and
unsure but ordinary-sized words stay."""

from __future__ import annotations

from pathlib import Path

from intake.cleanup import CleanupOptions, clean_page
from intake.sources import SourceLimits, load_page
from ocr.engine import TesseractEngine
from ocr.model import Word
from ocr.scribbles import drop_scribbles

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "batch"


def word(text, top, height, confidence, left=0):
    return Word(text, (left, top, left + 40 * len(text), top + height), confidence, (1, 1, top))


def typed_line(top):
    return [word(text, top, 46, 0.95, left=i * 200) for i, text in enumerate(["NGƯỜI", "NỘP", "HỒ", "SƠ", "TẾ"])]


def test_a_tall_unsure_word_goes_and_a_tall_sure_title_or_a_small_unsure_word_stays():
    words = typed_line(100) + [word("M`z¬—", 300, 140, 0.12), word("ĐƠN", 500, 110, 0.9),
                               word("ghi", 700, 46, 0.2)]
    kept = [w.text for w in drop_scribbles(words)]
    assert "M`z¬—" not in kept
    assert {"ĐƠN", "ghi", "NGƯỜI"} <= set(kept)


def test_too_few_typed_words_to_know_their_height_leaves_the_page_alone():
    words = [word("A", 0, 40, 0.9), word("M`z", 100, 200, 0.1)]
    assert drop_scribbles(words) == words


def test_the_signatures_of_a_generated_receipt_leave_no_words_behind():
    page = load_page(SAMPLES / "scan_001.tif", 0, SourceLimits())
    clean = clean_page(page, CleanupOptions(detect_orientation=False))
    words = list(TesseractEngine(correct_syllables=False).recognize(clean.ocr_image, dpi=300).words)
    signed = [w for w in words if w.confidence < 0.5 and w.bbox[3] - w.bbox[1] > 100]
    assert signed  # tesseract did read the two signatures as words
    kept = drop_scribbles(words)
    assert not [w for w in kept if w in signed]
    assert len(kept) == len(words) - len(signed)  # nothing else went: the typed names under them stay


def test_a_tall_mark_of_no_letter_goes_however_sure_and_stray_symbols_go_at_any_size():
    """GIVEN a black signature on a bilevel receipt read as '`"' and '—~' at 0.7, tall as
    the scribble (mixed dev seed 54), and stray symbols read from stroke ends and specks
    ("_>~——", "`", "⁄", "ˆ") WHEN scribbles are dropped THEN they go; typed punctuation
    standing alone ("-", "/", "(*)", "./."), an MRZ's filler and a sure tall title stay."""
    stray = [word('`"', 300, 120, 0.71), word("—~", 300, 120, 0.76, left=400), word("_>~——", 500, 40, 0.44),
             word("`", 600, 30, 0.9), word("⁄", 650, 46, 0.77), word("¬", 700, 10, 0.85),
             word("ˆ", 750, 12, 0.6)]  # a spacing circumflex under a certified copy's signature (hard seed 57)
    typed = [word("-", 800, 6, 0.9), word("/", 850, 40, 0.9), word("(*)", 900, 46, 0.8),
             word("./.", 950, 46, 0.8), word("<<<<<<<<", 1000, 46, 0.7), word("<<<<<£<<<<<", 1050, 46, 0.6),
             word("ĐƠN", 1100, 110, 0.9)]
    kept = drop_scribbles(typed_line(100) + stray + typed)
    assert kept == typed_line(100) + typed
