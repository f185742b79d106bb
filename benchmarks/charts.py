"""The jTessBoxEditor Vietnamese charts read through Intake's page path, letter by letter.

Each chart (``jTessBoxEditor/samples/vie/vie.{arial,times}.exp0.tif``) is letter-spaced
text: first every letter with every tone mark ("aAàÀảẢ...zZ1234567890"), then Vietnamese
words run together. Its ``.box`` file gives every character in order. The page goes
through ``intake.pipeline.process_page`` (cleanup, OCR, noise filter, corrector) as in
the batch command; the OCR text, whitespace removed, is aligned to the box text by edit
distance, and each truth character counts as read right when the alignment keeps it.

    .venv/bin/python -m benchmarks.charts [--fonts arial times] [--min-confidence 0.4]
        [--tessdata-dir /tmp/vie/best_int] [--no-letter-spacing]

Printed: CER of the whole page and of each part (the letter lines, the words), how many
of the 146 Vietnamese letters (12 vowels x 6 tones x 2 cases, and đ/Đ) are read right in
the letter lines and in the words, and which are never or only sometimes read right.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from intake.pipeline import PipelineOptions, process_page
from ocr.engine import TesseractEngine

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"
CHARTS = TESTDATA / "jTessBoxEditor" / "samples" / "vie"
FONTS = ("arial", "times")
LETTERS_END = "1234567890"  # the letter lines end with the digits

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng


def vietnamese_letters() -> tuple[str, ...]:
    """The 146 letters: every vowel with every tone, both cases, and đ/Đ."""
    small = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES] + ["đ"]
    return tuple(ch for letter in small for ch in (letter, letter.upper()))


@dataclass(frozen=True, slots=True)
class ChartReading:
    """One chart read and aligned: per truth character, whether it was read right."""

    truth: str
    text: str  # OCR text as read (with its spaces and lines)
    right: tuple[bool, ...]  # per truth character
    errors_at: tuple[int, ...]  # edit operations charged to each truth character
    letters_end: int  # truth[:letters_end] is the letter lines
    line_count: int  # text lines in the OCR result (tesseract's lines the filter kept)

    def cer(self, start: int = 0, end: int | None = None) -> float:
        end = len(self.truth) if end is None else end
        return sum(self.errors_at[start:end]) / max(end - start, 1)

    def letter_counts(self, start: int, end: int) -> dict[str, tuple[int, int]]:
        """Per Vietnamese letter in truth[start:end]: (times read right, times present)."""
        present, right = Counter(), Counter()
        wanted = set(vietnamese_letters())
        for i in range(start, end):
            if self.truth[i] in wanted:
                present[self.truth[i]] += 1
                right[self.truth[i]] += self.right[i]
        return {ch: (right[ch], present[ch]) for ch in present}


def chart_truth(box_file: Path) -> str:
    """Every character of the chart in order (box files have no spaces)."""
    lines = box_file.read_text(encoding="utf-8").splitlines()
    return unicodedata.normalize("NFC", "".join(line.split(" ")[0] for line in lines if line))


def align_to_truth(text: str, truth: str) -> tuple[tuple[bool, ...], tuple[int, ...]]:
    """Whitespace-free ``text`` aligned to ``truth``: per truth character whether it was
    kept, and the edit operations charged to it (an insertion to the character after it)."""
    hypothesis = "".join(unicodedata.normalize("NFC", text).split())
    right = [True] * len(truth)
    errors = [0] * (len(truth) + 1)
    for op in Levenshtein.editops(truth, hypothesis):
        errors[op.src_pos] += 1
        if op.tag != "insert":
            right[op.src_pos] = False
    errors[len(truth) - 1] += errors.pop()  # insertions after the last character
    return tuple(right), tuple(errors)


def read_chart(font: str, engine: TesseractEngine) -> ChartReading:
    """The chart in ``font`` through ``process_page`` with ``engine``, aligned to its box file."""
    truth = chart_truth(CHARTS / f"vie.{font}.exp0.box")
    page = process_page(CHARTS / f"vie.{font}.exp0.tif", 0, PipelineOptions(engine=engine, workers=1))
    text = page.ocr.text if page.ocr else ""
    right, errors = align_to_truth(text, truth)
    lines = len({word.line for word in page.ocr.words}) if page.ocr else 0
    return ChartReading(truth, text, right, errors, truth.index(LETTERS_END) + len(LETTERS_END), lines)


def report(font: str, reading: ChartReading) -> list[str]:
    lines_part = reading.letter_counts(0, reading.letters_end)
    words_part = reading.letter_counts(reading.letters_end, len(reading.truth))
    letters = vietnamese_letters()
    in_lines = sum(lines_part.get(ch, (0, 0))[0] > 0 for ch in letters)
    never = [ch for ch in letters if words_part.get(ch, (0, 0))[1] and words_part[ch][0] == 0]
    sometimes = [f"{ch}{r}/{n}" for ch in letters for r, n in [words_part.get(ch, (0, 0))] if 0 < r < n]
    absent = [ch for ch in letters if ch not in words_part]
    wrong_in_lines = [ch for ch in letters if lines_part.get(ch, (0, 0))[0] == 0]
    right_words = sum(r for r, _ in words_part.values())
    total_words = sum(n for _, n in words_part.values())
    return [
        f"== {font}: {reading.line_count} lines kept; CER page {reading.cer():.2%}, letter lines {reading.cer(0, reading.letters_end):.2%}, "
        f"words {reading.cer(reading.letters_end):.2%}",
        f"   letter lines: {in_lines}/{len(letters)} Vietnamese letters right; "
        f"wrong: {''.join(wrong_in_lines)}",
        f"   words: {right_words}/{total_words} Vietnamese letters right "
        f"({sum(1 for ch in letters if ch in words_part)} distinct present)",
        f"   never right in words: {''.join(never) or '-'}",
        f"   sometimes right in words: {' '.join(sometimes) or '-'}",
        f"   not in words: {''.join(absent) or '-'}",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fonts", nargs="+", default=list(FONTS), choices=FONTS)
    parser.add_argument("--min-confidence", type=float, default=0.4, help="the noise filter's (0: off)")
    parser.add_argument("--tessdata-dir", default="", help="e.g. /tmp/vie/best_int")
    parser.add_argument("--no-corrector", action="store_true")
    parser.add_argument("--show-text", action="store_true")
    args = parser.parse_args(argv)
    extra = f"--tessdata-dir {args.tessdata_dir}" if args.tessdata_dir else ""
    engine = TesseractEngine(min_word_confidence=args.min_confidence, extra_config=extra,
                             correct_syllables=not args.no_corrector)
    for font in args.fonts:
        reading = read_chart(font, engine)
        print("\n".join(report(font, reading)))
        if args.show_text:
            print(reading.text)


if __name__ == "__main__":
    main()
