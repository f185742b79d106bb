"""Quarter-turn detection with tesseract's orientation and script detection (OSD).

``detect_orientation`` runs ``tesseract --psm 0`` on the image it is given (callers pass
a small binarised copy: OSD needs only a few lines of text, and a 150 dpi copy reads as
well as 300 dpi in a third of the time). It never raises: a page with too few
characters, a timeout, a crash or a missing engine all mean "leave the page as it is"
(rotate 0, confidence 0), and the OCR step reports a missing engine on its own.

OSD's answer is taken as it is only when it is sure and the script it saw is an alphabet
our papers are written in (Latin; Cyrillic and Greek share its letter shapes and come up
on plain Latin pages). Photocopied ID cards are where this matters: their grain, guilloche
and MRZ read to OSD as Bengali or Arabic, and its turn for them is usually upside down.
Such an unsure answer is re-checked by reading the page at each quarter turn (four quick
OCR passes, only on those pages): the page turns only when one way reads clearly best.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.model import Orientation

log = logging.getLogger(__name__)

TESSERACT_COMMAND = "tesseract"

DEFAULT_MIN_CONFIDENCE = 2.0
"""Tesseract's orientation confidence below which a turn is not trusted.

Measured on the test pages (cardinal.pdf, paperless rotated.pdf, phototest-rotated-*,
eurotext90): every right answer had confidence >= 5 at 150 dpi; wrong or doubtful
answers on sparse pages come with confidence well under 1.
"""

TRUSTED_SCRIPTS = frozenset({"Latin", "Cyrillic", "Greek"})
"""Scripts whose OSD turn is taken without a re-check. On 54 generated pages fed at each
quarter turn, every Latin-script page came back Latin or Cyrillic with the right turn;
every photocopied ID card came back Bengali, Arabic or Han, 25 of 32 times turned wrong."""

RECHECK_LANGUAGES = "vie"
RECHECK_MIN_CHARACTERS = 20
"""Letters and digits read with confidence >= ``RECHECK_WORD_CONFIDENCE`` the best way up
must number at least this many, and ``RECHECK_MIN_RATIO`` times the next best's, to turn.
Upright ID card copies: 129-153 such characters, 2-27 at the other turns."""
RECHECK_MIN_RATIO = 2.0
RECHECK_WORD_CONFIDENCE = 60.0

_ROTATE = re.compile(rb"^Rotate:\s*(\d+)", re.MULTILINE)
_CONFIDENCE = re.compile(rb"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)
_SCRIPT = re.compile(rb"^Script:\s*(\S+)", re.MULTILINE)
_UNKNOWN = Orientation(rotate=0, confidence=0.0)


@dataclass(frozen=True, slots=True)
class OsdAnswer:
    """What ``tesseract --psm 0`` printed: the clockwise turn, its confidence, the script."""

    rotate: int
    confidence: float
    script: str


def detect_orientation(image: np.ndarray, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                       timeout_s: float = 15, recheck: bool = True) -> Orientation:
    """How far ``image`` must be turned clockwise (0/90/180/270) to stand upright.

    Returns rotate 0 when tesseract finds too few characters, fails, is missing, or takes
    longer than ``timeout_s`` seconds. An answer under ``min_confidence`` or in a script
    outside ``TRUSTED_SCRIPTS`` is re-checked by OCR (``recheck``), else left at rotate 0.
    """
    png = _encode_png(image)
    if png is None:
        return _UNKNOWN
    output = _run_tesseract(png, ["--psm", "0"], timeout_s)
    answer = parse_osd_answer(output) if output is not None else None
    if answer is None:
        return _UNKNOWN
    if answer.confidence >= min_confidence and answer.script in TRUSTED_SCRIPTS:
        return Orientation(rotate=answer.rotate, confidence=answer.confidence)
    if recheck and answer.confidence > 0:
        rotate = recheck_turn(image, timeout_s=timeout_s)
        log.info("orientation re-checked by OCR: OSD said %d (%s, confidence %.2f), turning %d",
                 answer.rotate, answer.script, answer.confidence, rotate)
        return Orientation(rotate=rotate, confidence=answer.confidence)
    log.debug("orientation not trusted: rotate %d (%s) at confidence %.2f",
              answer.rotate, answer.script, answer.confidence)
    return Orientation(rotate=0, confidence=answer.confidence)


def recheck_turn(image: np.ndarray, *, timeout_s: float = 15) -> int:
    """The quarter turn under which ``image`` reads clearly best, 0 when none does (or a
    read fails). Read as one block of lines (``--psm 6``): page segmentation would find
    sideways lines and read them nearly as well as upright ones."""
    scores = {}
    for turn in (0, 90, 180, 270):
        score = _legible_characters(_turn(image, turn), timeout_s)
        if score is None:
            return 0
        scores[turn] = score
    log.debug("orientation re-check: legible characters %s", scores)
    (best, best_score), (_, runner_up) = sorted(scores.items(), key=lambda item: -item[1])[:2]
    clear = best_score >= RECHECK_MIN_CHARACTERS and best_score >= RECHECK_MIN_RATIO * runner_up
    return best if clear else 0


def parse_osd_answer(output: bytes) -> OsdAnswer | None:
    """The turn, confidence and script from ``tesseract --psm 0`` output; None when absent."""
    rotate = _ROTATE.search(output)
    confidence = _CONFIDENCE.search(output)
    if not rotate or not confidence:
        return None
    degrees = int(rotate.group(1)) % 360
    if degrees not in (0, 90, 180, 270):
        return None
    script = _SCRIPT.search(output)
    return OsdAnswer(degrees, float(confidence.group(1)),
                     script.group(1).decode(errors="replace") if script else "")


def _legible_characters(image: np.ndarray, timeout_s: float) -> int | None:
    """Letters and digits in words tesseract reads with some confidence, None on failure."""
    png = _encode_png(image)
    options = ["--psm", "6", "-l", RECHECK_LANGUAGES, "tsv"]
    output = _run_tesseract(png, options, timeout_s) if png is not None else None
    if output is None:
        return None
    count = 0
    for row in output.decode(errors="replace").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[11].strip() and _confidence(cells[10]) >= RECHECK_WORD_CONFIDENCE:
            count += sum(char.isalnum() for char in cells[11])
    return count


def _confidence(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return -1.0


def _turn(image: np.ndarray, rotate: int) -> np.ndarray:
    turns = (rotate // 90) % 4
    return np.ascontiguousarray(np.rot90(image, k=-turns)) if turns else image


def _encode_png(image: np.ndarray) -> bytes | None:
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    if image.ndim != 2 or image.size == 0 or image.dtype != np.uint8:
        log.warning("orientation skipped: expected a non-empty uint8 image, got %s %s",
                    image.dtype, image.shape)
        return None
    ok, encoded = cv2.imencode(".png", image)
    return encoded.tobytes() if ok else None


def _run_tesseract(png: bytes, options: list[str], timeout_s: float) -> bytes | None:
    command = [TESSERACT_COMMAND, "stdin", "stdout", *options]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, input=png, capture_output=True, timeout=timeout_s,
                              env=environment, check=False)
    except subprocess.TimeoutExpired:
        log.warning("orientation detection timed out after %.1f s; page left as it is", timeout_s)
        return None
    except OSError as exc:
        log.warning("orientation detection could not run tesseract: %s", exc)
        return None
    if done.returncode != 0:
        # "Too few characters. Skipping this page" is the common, harmless case.
        log.debug("tesseract found no orientation: %s", done.stderr.decode(errors="replace").strip())
        return None
    return done.stdout
