"""The OCR engine interface and its tesseract implementation.

Tesseract runs as one single-threaded child process per page (``OMP_THREAD_LIMIT=1``;
parallelism comes from running pages side by side). The page goes to the child's stdin
as PNG and the TSV comes back on stdout, so no temporary files are left behind. With
``correct_syllables`` (the default) the same run also writes hOCR with tesseract's
per-character alternatives (``ocr.hocr``), both into a temporary folder removed at once,
and words that are no Vietnamese syllable are corrected (``ocr.correct``), then family
names that lost their marks where a name stands ("NGUYÊN VĂN AN", ``ocr.names``). The words
and their confidences still come from the TSV (hOCR rounds confidences to integers,
which moved lines across the noise filter's threshold). Measured cost: no tesseract
time; reading the alternatives and correcting, about 10 ms per form page.

The CLI is called directly rather than through ``pytesseract.image_to_data``, for
reasons measured on pytesseract 0.3.13: its ``tesseract_cmd`` is a process-wide global
(an engine could not carry its own), the child's environment is ``os.environ`` (forcing
``OMP_THREAD_LIMIT`` would mean changing the parent's), a timeout kills only the direct
child (a wrapper script's own children were left running as orphans), and stderr comes
back joined into one line. Here the child gets its own session and, on a timeout, the
whole process group is killed and reaped.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import signal
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Protocol, runtime_checkable

import cv2
import numpy as np

from ocr.correct import correct_words, needs_checking
from ocr.hocr import CharChoices, read_choices
from ocr.layout import page_psm
from ocr.letter_spacing import is_letter_spaced, line_image
from ocr.model import OcrResult, Word, enclosing_box
from ocr.names import mend_family_names
from ocr.reading_order import reading_order_text
from ocr.scribbles import drop_scribbles
from ocr.text import to_nfc

log = logging.getLogger(__name__)

_HELPER_TIMEOUT_S = 30.0


class OcrEngineError(Exception):
    """The OCR engine failed on one page. ``code`` is stable; the message is for people."""

    code = "ocr_failed"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OcrTimeout(OcrEngineError):
    code = "ocr_timeout"


class OcrEngineMissing(OcrEngineError):
    code = "ocr_engine_missing"


@runtime_checkable
class OcrEngine(Protocol):
    name: str

    def recognize(self, image: np.ndarray, *, dpi: int) -> OcrResult: ...


@dataclass(frozen=True, slots=True)
class TesseractEngine:
    """Tesseract through its command line. ``image`` is uint8 gray, or RGB."""

    languages: str = "vie"  # measured: vie+eng drops tone marks on capitals (TRẦN -> TRAN)
    psm: int | None = None  # None: per page, psm 4 unless the page is set in columns (ocr.layout)
    timeout_s: float = 120
    extra_config: str = ""
    tesseract_cmd: str = "tesseract"
    min_word_confidence: float = 0.0  # lines/symbol words below it are noise: see drop_noise
    correct_syllables: bool = True  # measured: lowers CER a little, changes no right word
    keeps_line: Callable[[list[Word]], bool] | None = None  # lines the noise filter keeps all the same
    name: str = field(default="tesseract", init=False)

    def recognize(self, image: np.ndarray, *, dpi: int) -> OcrResult:
        if dpi <= 0:
            raise ValueError(f"dpi must be positive, not {dpi}")
        height, width = image.shape[:2]
        if height == 0 or width == 0:
            return OcrResult.empty(width, height)
        psm = self.psm if self.psm is not None else page_psm(image, dpi)
        options = ["--dpi", str(int(round(dpi))), "--psm", str(psm), "-l", self.languages,
                   *shlex.split(self.extra_config)]
        if not self.correct_syllables:
            tsv = run_tesseract([self.tesseract_cmd, "stdin", "stdout", *options, "tsv"],
                                encode_png(image), timeout_s=self.timeout_s)
            return build_result(self._without_noise(parse_tsv(tsv), image, dpi), width, height)
        tsv, hocr = self._read_tsv_and_hocr(options, encode_png(image))
        words = self._without_noise(parse_tsv(tsv), image, dpi)
        words = correct_words(words, choices_for(words, hocr))
        return build_result(mend_family_names(words), width, height)

    def _without_noise(self, words: list[Word], image: np.ndarray, dpi: int) -> list[Word]:
        """``words`` through the noise filter, letter-spaced lines of ``image`` kept as text;
        with the filter on, signatures read as words go first (``ocr.scribbles``)."""
        if self.min_word_confidence > 0:
            words = drop_scribbles(words)
        keeps = self.keeps_line
        return drop_noise(words, self.min_word_confidence,
                          is_text=lambda line: bool(keeps and keeps(line)) or is_letter_spaced_line(line, image, dpi))

    def _read_tsv_and_hocr(self, options: list[str], png: bytes) -> tuple[str, str]:
        """One tesseract run writing TSV (the words, as without correction) and hOCR with
        LSTM choices (the alternatives) side by side into a temporary folder."""
        with tempfile.TemporaryDirectory(prefix="intake-ocr-") as work:
            base = os.path.join(work, "page")
            run_tesseract([self.tesseract_cmd, "stdin", base, *options,
                           "-c", "lstm_choice_mode=2", "tsv", "hocr"], png, timeout_s=self.timeout_s)
            return _read_output(base + ".tsv"), _read_output(base + ".hocr")


def _read_output(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as output:
            return output.read()
    except FileNotFoundError as exc:
        raise OcrEngineError(f"tesseract wrote no {os.path.basename(path)}") from exc


def choices_for(words: list[Word], hocr: str) -> list[tuple[CharChoices, ...]]:
    """Per word, tesseract's per-character alternatives from ``hocr`` (the same run's),
    read only for the words the corrector checks; matched by text and box."""
    by_word = read_choices(hocr, needs_checking)
    return [by_word.get((word.text, word.bbox), ()) for word in words]


def encode_png(image: np.ndarray) -> bytes:
    """PNG bytes of a uint8 gray or RGB(A) image (fast compression: it is only piped)."""
    if image.dtype == np.bool_:
        image = image.astype(np.uint8) * 255
    if image.dtype != np.uint8:
        raise ValueError(f"OCR images must be uint8, not {image.dtype}")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    elif image.ndim == 3 and image.shape[2] in (3, 4):
        code = cv2.COLOR_RGB2BGR if image.shape[2] == 3 else cv2.COLOR_RGBA2BGR
        image = cv2.cvtColor(image, code)
    elif image.ndim != 2:
        raise ValueError(f"OCR images must be gray or RGB, not shape {image.shape}")
    ok, buffer = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise ValueError("could not encode the page as PNG")
    return buffer.tobytes()


def tesseract_env() -> dict[str, str]:
    """The parent's environment with tesseract held to one thread."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def run_tesseract(args: list[str], stdin: bytes, *, timeout_s: float) -> str:
    """Run tesseract ``args`` with ``stdin``, return stdout; translate every failure.

    The child leads its own process group; on a timeout (or any interruption) the whole
    group is killed and the child reaped before the error is raised.
    """
    log.debug("running %s", shlex.join(args))
    try:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=tesseract_env(),
                                start_new_session=True)
    except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
        raise OcrEngineMissing(f"tesseract not runnable at {args[0]!r}: {exc}") from exc
    try:
        stdout, stderr = proc.communicate(stdin, timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise OcrTimeout(f"tesseract took longer than {timeout_s:g} s") from exc
    except BaseException:
        _kill_group(proc)
        raise
    if proc.returncode != 0:
        raise OcrEngineError(f"tesseract exited with {proc.returncode}: {last_line(stderr)}")
    return stdout.decode("utf-8", errors="replace")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()  # reap the child and close its pipes


def last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1] if lines else "(no message)"


_DIGIT_SLASH = re.compile(r"(?<=\d)[\u2044\u2215](?=\d)")
"""A fraction or division slash between digits: a date's slash as tesseract sometimes
writes it ("18\u204401/2023"); one-stop papers print no other."""


def parse_tsv(tsv: str) -> list[Word]:
    """Words from tesseract's TSV, in its block/paragraph/line/word order.

    Rows that are not words (level < 5), have no confidence (-1) or hold only
    whitespace are dropped; text becomes NFC (a slash between digits the ASCII one) and
    confidence 0..1.
    """
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t", 11)
        if len(cells) < 12 or cells[0] != "5":
            continue
        text, conf = _DIGIT_SLASH.sub("/", to_nfc(cells[11].strip())), float(cells[10])
        if not text or conf < 0:
            continue
        left, top, width, height = (int(v) for v in cells[6:10])
        line = (int(cells[2]), int(cells[3]), int(cells[4]))
        words.append(Word(text, (left, top, left + width, top + height),
                          min(max(conf / 100.0, 0.0), 1.0), line))
    return words


def drop_noise(words: list[Word], min_confidence: float,
               is_text: Callable[[list[Word]], bool] | None = None) -> list[Word]:
    """Words without the marks tesseract took for text: a line whose words average below
    ``min_confidence`` (a signature, a seal's ring, a scribble) unless ``is_text`` says
    it is text all the same (letter-spaced), and a word below it with more symbols than
    letters or digits ("—⁄Z", "‹¿"). Low-confidence words inside a line of good ones
    stay: a foreign word or a hard name is text all the same."""
    if min_confidence <= 0:
        return words
    kept = []
    for _, group in groupby(words, key=lambda w: w.line):
        line = list(group)
        if mean_confidence(line) < min_confidence and not (is_text and is_text(line)):
            continue
        kept.extend(w for w in line if w.confidence >= min_confidence or _mostly_letters(w.text))
    return kept


def is_letter_spaced_line(line: list[Word], image: np.ndarray, dpi: int) -> bool:
    """Whether the words of one line are letter-spaced text in ``image`` ("C Ộ N G  H Ò A"):
    tesseract scores such lines low, and the noise filter would drop them. Measured on the
    jTessBoxEditor charts: page CER 68.8% -> 11.6% (Arial), 84.3% -> 14.6% (Times) with the
    filter at 0.4; see ``ocr.letter_spacing``."""
    if not is_letter_spaced(line_image(image, enclosing_box(w.bbox for w in line)), dpi):
        return False
    log.debug("letter-spaced line kept: %s", " ".join(w.text for w in line))
    return True


def _mostly_letters(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) * 2 > len(text)


def build_result(words: list[Word], width: int, height: int) -> OcrResult:
    """The page's result: text laid out by line and paragraph, length-weighted confidence."""
    if not words:
        return OcrResult.empty(width, height)
    return OcrResult(tuple(words), reading_order_text(words), mean_confidence(words), width, height)


def mean_confidence(words: list[Word]) -> float:
    """Mean word confidence weighted by word length; 0 for no words."""
    total = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / total if total else 0.0


def tesseract_version(tesseract_cmd: str = "tesseract") -> str:
    """Tesseract's version, e.g. ``"5.3.0"``."""
    output = run_tesseract([tesseract_cmd, "--version"], b"", timeout_s=_HELPER_TIMEOUT_S)
    first = output.strip().splitlines()[0] if output.strip() else ""
    parts = first.split()
    if len(parts) < 2 or parts[0].lower() != "tesseract":
        raise OcrEngineError(f"unexpected tesseract --version output: {first!r}")
    return parts[1]


def available_languages(tesseract_cmd: str = "tesseract") -> set[str]:
    """The language models tesseract can load (``{"eng", "osd", "vie"}``)."""
    output = run_tesseract([tesseract_cmd, "--list-langs"], b"", timeout_s=_HELPER_TIMEOUT_S)
    lines = [line.strip() for line in output.splitlines()]
    return {line for line in lines[1:] if line and " " not in line}
