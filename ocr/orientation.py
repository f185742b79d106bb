"""Quarter-turn detection with tesseract's orientation and script detection (OSD).

``detect_orientation`` runs ``tesseract --psm 0`` on the image it is given (callers pass
a small binarised copy: OSD needs only a few lines of text, and a 150 dpi copy reads as
well as 300 dpi in a third of the time). It never raises: a page with too few
characters, a timeout, a crash or a missing engine all mean "leave the page as it is"
(rotate 0, confidence 0), and the OCR step reports a missing engine on its own.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess

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

_ROTATE = re.compile(rb"^Rotate:\s*(\d+)", re.MULTILINE)
_CONFIDENCE = re.compile(rb"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)
_UNKNOWN = Orientation(rotate=0, confidence=0.0)


def detect_orientation(image: np.ndarray, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                       timeout_s: float = 15) -> Orientation:
    """How far ``image`` must be turned clockwise (0/90/180/270) to stand upright.

    Returns rotate 0 when tesseract is not at least ``min_confidence`` sure, finds too
    few characters, fails, is missing, or takes longer than ``timeout_s`` seconds.
    """
    png = _encode_png(image)
    if png is None:
        return _UNKNOWN
    output = _run_osd(png, timeout_s)
    if output is None:
        return _UNKNOWN
    found = parse_osd(output)
    if found.confidence < min_confidence:
        log.debug("orientation not trusted: rotate %d at confidence %.2f", found.rotate, found.confidence)
        return Orientation(rotate=0, confidence=found.confidence)
    return found


def parse_osd(output: bytes) -> Orientation:
    """The turn and confidence from ``tesseract --psm 0`` output; rotate 0 when absent."""
    rotate = _ROTATE.search(output)
    confidence = _CONFIDENCE.search(output)
    if not rotate or not confidence:
        return _UNKNOWN
    degrees = int(rotate.group(1)) % 360
    if degrees not in (0, 90, 180, 270):
        return _UNKNOWN
    return Orientation(rotate=degrees, confidence=float(confidence.group(1)))


def _encode_png(image: np.ndarray) -> bytes | None:
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    if image.ndim != 2 or image.size == 0 or image.dtype != np.uint8:
        log.warning("orientation skipped: expected a non-empty uint8 image, got %s %s",
                    image.dtype, image.shape)
        return None
    ok, encoded = cv2.imencode(".png", image)
    return encoded.tobytes() if ok else None


def _run_osd(png: bytes, timeout_s: float) -> bytes | None:
    command = [TESSERACT_COMMAND, "stdin", "stdout", "--psm", "0"]
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
        log.debug("tesseract OSD found no orientation: %s", done.stderr.decode(errors="replace").strip())
        return None
    return done.stdout
