"""Render one PDF page with poppler's ``pdftoppm``, reading its output straight into numpy.

The page arrives as PGM (gray) or PPM (RGB) on a pipe and is read into one
preallocated array, so a page costs its own size in memory once. A page that takes
longer than the timeout is stopped.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO

import numpy as np

from intake.errors import PageProcessingError

log = logging.getLogger(__name__)

PDFTOPPM = "pdftoppm"
_CHANNELS = {b"P5": 1, b"P6": 3}


class RenderFailed(Exception):
    """pdftoppm produced no page; the message is what poppler said."""


class RenderTimedOut(Exception):
    """pdftoppm took longer than allowed and was stopped."""


def render_page(path: Path, number: int, dpi: float, *, gray: bool, timeout_s: float) -> np.ndarray:
    """Page ``number`` (1-based) of the PDF at ``dpi``: uint8 2-D gray or 3-D RGB."""
    command = [PDFTOPPM, "-f", str(number), "-l", str(number), "-r", f"{dpi:.3f}", "-cropbox"]
    if gray:
        command.append("-gray")
    command.append(str(path.absolute()))  # absolute: a name starting with "-" is no option
    expired = threading.Event()
    with tempfile.TemporaryFile() as messages:
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=messages, stdin=subprocess.DEVNULL)
        except FileNotFoundError as exc:
            raise PageProcessingError("pdftoppm (poppler-utils) is not installed") from exc
        with process:
            timer = threading.Timer(timeout_s, lambda: (expired.set(), process.kill()))
            timer.start()
            failure: RenderFailed | None = None
            try:
                pixels = read_pnm(process.stdout)
            except RenderFailed as exc:
                pixels, failure = None, exc
            finally:
                timer.cancel()
                process.stdout.close()
                process.wait()
        messages.seek(0)
        said = messages.read().decode("utf-8", errors="replace").strip()
    if expired.is_set():
        raise RenderTimedOut(f"rendering the page took longer than {timeout_s:g} s")
    if failure is not None or process.returncode != 0 or pixels is None:
        reasons = [str(failure) if failure else "", _summary(said)]
        raise RenderFailed("; ".join(r for r in reasons if r) or f"pdftoppm exited with {process.returncode}")
    if said:
        log.debug("pdftoppm on %s page %d: %s", path.name, number, _summary(said))
    return pixels


def read_pnm(stream: BinaryIO) -> np.ndarray | None:
    """One binary PGM/PPM image from ``stream``, or None when the stream holds none."""
    tokens = _header_tokens(stream)
    if tokens is None:
        return None
    magic, width, height, maxval = tokens
    if magic not in _CHANNELS or maxval != 255 or width <= 0 or height <= 0:
        raise RenderFailed(f"unexpected pdftoppm output {magic!r} {width}x{height} max {maxval}")
    channels = _CHANNELS[magic]
    shape = (height, width) if channels == 1 else (height, width, channels)
    pixels = np.empty(shape, dtype=np.uint8)
    view = memoryview(pixels).cast("B")
    filled = 0
    while filled < len(view):
        count = stream.readinto(view[filled:])
        if not count:
            raise RenderFailed(f"pdftoppm output ended after {filled} of {len(view)} bytes")
        filled += count
    return pixels


def _header_tokens(stream: BinaryIO) -> tuple[bytes, int, int, int] | None:
    """Magic, width, height and maxval; the single whitespace after maxval is consumed."""
    tokens: list[bytes] = []
    token = b""
    while len(tokens) < 4:
        byte = stream.read(1)
        if not byte:
            return None
        if byte == b"#" and not token:
            while byte not in (b"\n", b""):
                byte = stream.read(1)
            continue
        if byte.isspace():
            if token:
                tokens.append(token)
                token = b""
            continue
        token += byte
        if len(token) > 16:
            raise RenderFailed("pdftoppm output is not a PNM image")
    try:
        return tokens[0], int(tokens[1]), int(tokens[2]), int(tokens[3])
    except ValueError as exc:
        raise RenderFailed("pdftoppm output is not a PNM image") from exc


def _summary(said: str, lines: int = 3) -> str:
    unique = list(dict.fromkeys(line.strip() for line in said.splitlines() if line.strip()))
    return "; ".join(unique[:lines])
