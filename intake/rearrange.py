"""Officers' page operations on a dossier PDF: pages turned, moved and removed, without
re-encoding a single image.

``rearrange_pdf`` takes the pipeline's own PDF/A-2b and a layout (which original pages
to keep, in which order, each with a clockwise quarter turn) and returns the rebuilt
PDF: the kept page objects in the new order, each ``/Rotate`` raised by its turn, the
modification date updated in DocInfo and XMP, everything else (images, text layers,
OutputIntent, XMP identification) as it was. Removed pages and whatever only they used
are not written. The same original, layout and date always give the same bytes.

``turned_box`` maps a box in the archive image's pixels onto the page as the officer
turned it, for highlighting a field on a turned page.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pikepdf

from intake.bundle import save_pdfa
from intake.errors import OutputError
from ocr.model import BBox

log = logging.getLogger(__name__)

QUARTER_TURNS = (0, 90, 180, 270)


@dataclass(frozen=True, slots=True)
class PagePlacement:
    """One page of the rebuilt PDF: its place in the original PDF (1-based) and the
    clockwise turn (0, 90, 180, 270) to add to that page's own ``/Rotate``."""

    original_number: int
    turn: int = 0


def rearrange_pdf(original: bytes, layout: Sequence[PagePlacement], modified: datetime) -> bytes:
    """``original``'s pages as ``layout`` places them, as the bytes of a PDF/A-2b file.

    ``modified`` becomes the document's modification date (a naive one is local time).
    Raises ``ValueError`` for a layout that cannot be (empty, a page twice, a turn that
    is not a quarter turn) and ``OutputError`` when the original cannot be read or has
    no page the layout names.
    """
    check_layout(layout)
    try:
        with pikepdf.open(io.BytesIO(original)) as pdf:
            _place_pages(pdf, layout)
            _mark_modified(pdf, modified)
            rebuilt = save_pdfa(pdf)
    except OutputError:
        raise
    except (OSError, ValueError, pikepdf.PdfError) as exc:
        raise OutputError(f"cannot rebuild the dossier PDF: {exc}") from exc
    log.info("dossier PDF rebuilt: %d pages, %d bytes", len(layout), len(rebuilt))
    return rebuilt


def check_layout(layout: Sequence[PagePlacement]) -> None:
    """Raise ``ValueError`` unless ``layout`` names at least one page, each page once,
    each with a quarter turn."""
    if not layout:
        raise ValueError("a dossier PDF keeps at least one page")
    numbers = [placement.original_number for placement in layout]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"a page is placed twice: {numbers}")
    for placement in layout:
        if placement.original_number < 1:
            raise ValueError(f"page numbers start at 1, got {placement.original_number}")
        if placement.turn not in QUARTER_TURNS:
            raise ValueError(f"a turn is 0, 90, 180 or 270 degrees, got {placement.turn}")


def turned_box(bbox: BBox | Sequence[int], width: int, height: int, degrees: int) -> BBox:
    """``bbox`` (left, top, right, bottom in the pixels of a ``width`` x ``height``
    image, origin top-left, right and bottom exclusive; ``ocr.model.BBox``) in that
    image turned ``degrees`` clockwise (a multiple of 90; 90 and 270 swap the sides)."""
    if degrees % 90:
        raise ValueError(f"a turn is a multiple of 90 degrees, got {degrees}")
    left, top, right, bottom = (int(v) for v in bbox)
    turn = degrees % 360
    if turn == 90:
        return height - bottom, left, height - top, right
    if turn == 180:
        return width - right, height - bottom, width - left, height - top
    if turn == 270:
        return top, width - right, bottom, width - left
    return left, top, right, bottom


def _place_pages(pdf: pikepdf.Pdf, layout: Sequence[PagePlacement]) -> None:
    """Keep the pages ``layout`` names, in its order, each turned by its ``turn``."""
    pages = list(pdf.pages)
    missing = [p.original_number for p in layout if p.original_number > len(pages)]
    if missing:
        raise OutputError(f"the original PDF has {len(pages)} pages; asked for page {missing[0]}")
    kept = [pages[placement.original_number - 1] for placement in layout]
    del pdf.pages[:]
    for page in kept:
        pdf.pages.append(page)
    for page, placement in zip(pdf.pages, layout):
        if placement.turn:
            page.rotate(placement.turn, relative=True)


def _mark_modified(pdf: pikepdf.Pdf, modified: datetime) -> None:
    """The modification date in XMP (``xmp:ModifyDate``, ``xmp:MetadataDate``) and, kept in
    sync by pikepdf, DocInfo's ``/ModDate``; nothing else of the metadata changes."""
    when = (modified if modified.tzinfo else modified.astimezone()).isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
        xmp["xmp:ModifyDate"] = when
        xmp["xmp:MetadataDate"] = when
