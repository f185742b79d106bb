"""Limits that keep one scanner file from exhausting the machine, and their checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from intake.errors import TooManyPagesError, TooManyPixelsError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceLimits:
    """What a scanner file may cost; the caller chooses, the defaults suit desk scanners.

    ``max_pixels_per_page`` bounds one decoded or rendered page (an A3 page at 600 dpi is
    about 70 million pixels); ``max_render_dpi`` caps the resolution a PDF page is
    rendered at; ``render_timeout_s`` bounds the rendering of one PDF page.
    """

    max_pixels_per_page: int = 150_000_000
    max_pages: int = 1000
    max_bytes: int = 512 * 1024 * 1024
    max_render_dpi: int = 600
    render_timeout_s: float = 120.0


def check_pixel_limit(width: int, height: int, max_pixels: int, *, source: str, page: int) -> None:
    """Raise ``TooManyPixelsError`` naming the size when a page would exceed ``max_pixels``."""
    pixels = width * height
    if pixels > max_pixels:
        raise TooManyPixelsError(
            f"page is {width} x {height} pixels ({pixels:,}), more than the limit of {max_pixels:,} pixels",
            source=source,
            page=page,
        )


def check_page_limit(count: int, max_pages: int, *, source: str) -> None:
    """Raise ``TooManyPagesError`` when a file holds more than ``max_pages`` pages."""
    if count > max_pages:
        raise TooManyPagesError(f"the file has {count} pages, more than the limit of {max_pages}", source=source)
