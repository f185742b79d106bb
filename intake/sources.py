"""Scanner files in, ``SourcePage``s out: PDF, multi-page TIFF, JPEG, PNG and WebP, safely.

Every call first checks what the file really is (``sniff_format``) and how big it is;
pages are counted without rendering and decoded one at a time, each checked against
the pixel limit before any pixel is decoded. Whatever is wrong with a file is raised
as the specific ``InputError`` (empty, unsupported, mismatch, truncated, corrupt,
encrypted, too large, too many pages or pixels).

Resolution: a PDF page is rendered at the resolution of its largest image (square
pixels, clamped to [72, ``max_render_dpi``], 300 when it has no image); a raster
frame keeps its own dpi when plausible, else it is estimated from the paper size (see
``intake.resolution``). Frames with different x and y resolutions are resampled to
square pixels at the higher one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from intake.image_pages import count_frames, iter_frames, load_frame
from intake.model import SourcePage
from intake.pdf_pages import PdfSource
from intake.sniff import FileFormat, detect_format
from intake.source_limits import SourceLimits

__all__ = ["FileFormat", "SourceLimits", "count_pages", "iter_pages", "load_page", "sniff_format"]

log = logging.getLogger(__name__)

DEFAULT_LIMITS = SourceLimits()


def sniff_format(path: Path, limits: SourceLimits = DEFAULT_LIMITS) -> FileFormat:
    """The format of ``path`` by its content ("pdf", "tiff", "jpeg", "png" or "webp").

    Raises EmptyFileError, FileTooLargeError (over ``limits.max_bytes``),
    UnsupportedFormatError (content no scan format, named so or not at all) or
    FormatMismatchError (the extension names one supported format, the content is
    another or no image at all).
    """
    return detect_format(Path(path), max_bytes=limits.max_bytes)


def count_pages(path: Path, limits: SourceLimits = DEFAULT_LIMITS) -> int:
    """The number of pages in the file, without rendering or decoding any of them."""
    path = Path(path)
    file_format = sniff_format(path, limits)
    if file_format is FileFormat.PDF:
        with PdfSource(path, limits) as pdf:
            return pdf.page_count
    return count_frames(path, file_format, limits)


def load_page(path: Path, index: int, limits: SourceLimits = DEFAULT_LIMITS) -> SourcePage:
    """Page ``index`` (0-based) of the file; its ``source_page`` is ``index + 1``."""
    path = Path(path)
    file_format = sniff_format(path, limits)
    if file_format is FileFormat.PDF:
        with PdfSource(path, limits) as pdf:
            return pdf.load(index)
    return load_frame(path, file_format, index, limits)


def iter_pages(path: Path, limits: SourceLimits = DEFAULT_LIMITS) -> Iterator[SourcePage]:
    """The file's pages in order, decoded lazily: one page in memory at a time.

    The file is checked (format, size, page count) before the first page is made. A
    page that fails ends the iteration with its error; to go on past a bad page, use
    ``count_pages`` and ``load_page`` per index.
    """
    path = Path(path)
    file_format = sniff_format(path, limits)
    if file_format is FileFormat.PDF:
        return _iter_pdf_pages(PdfSource(path, limits))
    count_frames(path, file_format, limits)  # refuse a bad file before the first page is asked for
    return iter_frames(path, file_format, limits)


def _iter_pdf_pages(pdf: PdfSource) -> Iterator[SourcePage]:
    with pdf:
        for index in range(pdf.page_count):
            yield pdf.load(index)

