"""Scanner PDFs as pages: opened safely, each page rendered alone at its scan's resolution.

Truncated, damaged and encrypted (even owner-password only) files are refused when
opened. ``intake.pdf_images`` decides each page's resolution and colour; a page poppler
cannot render is tried once more from a copy pikepdf has repaired. Bilevel pages are
thresholded to 0/255 after rendering.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import numpy as np
import pikepdf

from intake.errors import (
    CorruptFileError,
    EncryptedPdfError,
    LimitExceededError,
    NoPagesError,
    TruncatedFileError,
)
from intake.model import SourcePage
from intake.pdf_images import POINTS_PER_INCH, PagePlan, plan_page
from intake.pdf_render import RenderFailed, RenderTimedOut, render_page
from intake.sniff import FileFormat, ends_early
from intake.source_limits import SourceLimits, check_page_limit, check_pixel_limit

log = logging.getLogger(__name__)


def open_pdf(path: Path) -> pikepdf.Pdf:
    """Open a scanner PDF with pikepdf, refusing truncated, damaged and encrypted files."""
    source = path.name
    if ends_early(path, FileFormat.PDF):
        raise TruncatedFileError(
            "the PDF ends early (no end-of-file marker); it was probably cut off while copying or scanning",
            source=source,
        )
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise EncryptedPdfError(_encrypted_message("it needs a password to open"), source=source) from exc
    except pikepdf.PdfError as exc:
        reason = _first_line(exc).replace(f"{path}: ", "")
        raise CorruptFileError(f"the PDF is damaged and cannot be read ({reason})", source=source) from exc
    if pdf.is_encrypted:
        pdf.close()
        how = "it opens without a password but carries security settings"
        raise EncryptedPdfError(_encrypted_message(how), source=source)
    return pdf


def _encrypted_message(how: str) -> str:
    return (
        f"PDF is encrypted; {how}. Save the scan without a password or security "
        "settings (scanner or PDF tool) and submit it again"
    )


class PdfSource:
    """An open scanner PDF whose pages are rendered one at a time; use it with ``with``."""

    def __init__(self, path: Path, limits: SourceLimits):
        self.path = path
        self.limits = limits
        self._pdf = open_pdf(path)
        self._repaired: tempfile.TemporaryDirectory | None = None
        try:
            self.page_count = self._count_pages()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> PdfSource:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._pdf.close()
        if self._repaired is not None:
            self._repaired.cleanup()
            self._repaired = None

    def _count_pages(self) -> int:
        try:
            count = len(self._pdf.pages)
        except pikepdf.PdfError as exc:
            reason = f"the PDF's page list is damaged ({_first_line(exc)})"
            raise CorruptFileError(reason, source=self.path.name) from exc
        if count == 0:
            raise NoPagesError("the PDF has no pages", source=self.path.name)
        check_page_limit(count, self.limits.max_pages, source=self.path.name)
        return count

    def load(self, index: int) -> SourcePage:
        """Render page ``index`` (0-based)."""
        if not 0 <= index < self.page_count:
            raise IndexError(f"{self.path.name} has {self.page_count} page(s); there is no page index {index}")
        number = index + 1
        try:
            plan = plan_page(self._pdf.pages[index], self.limits.max_render_dpi)
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            raise CorruptFileError(
                f"the PDF page is damaged ({_first_line(exc)})", source=self.path.name, page=number
            ) from exc
        width, height = _rendered_size(plan)
        check_pixel_limit(width, height, self.limits.max_pixels_per_page, source=self.path.name, page=number)
        pixels = self._render(number, plan)
        if plan.bilevel:
            np.multiply(pixels >= 128, 255, out=pixels, casting="unsafe")
        return SourcePage(
            source=self.path.name,
            source_page=number,
            image=pixels,
            dpi=(plan.dpi, plan.dpi),
            dpi_estimated=False,
            bilevel=plan.bilevel,
        )

    def _render(self, number: int, plan: PagePlan) -> np.ndarray:
        try:
            return self._render_or_repair(number, plan)
        except RenderTimedOut as exc:
            raise LimitExceededError(str(exc), source=self.path.name, page=number) from exc

    def _render_or_repair(self, number: int, plan: PagePlan) -> np.ndarray:
        timeout = self.limits.render_timeout_s
        if self._repaired is None:
            try:
                return render_page(self.path, number, plan.dpi, gray=plan.gray, timeout_s=timeout)
            except RenderFailed as exc:
                log.warning("%s page %d did not render (%s); rendering a repaired copy", self.path.name, number, exc)
                self._save_repaired_copy()
        try:
            return render_page(self._repaired_path(), number, plan.dpi, gray=plan.gray, timeout_s=timeout)
        except RenderFailed as exc:
            raise CorruptFileError(
                f"the PDF page cannot be rendered, even after repair ({exc})", source=self.path.name, page=number
            ) from exc

    def _save_repaired_copy(self) -> None:
        self._repaired = tempfile.TemporaryDirectory(prefix="intake-pdf-")
        try:
            self._pdf.save(self._repaired_path())
        except pikepdf.PdfError as exc:
            reason = f"the PDF is damaged beyond repair ({_first_line(exc)})"
            raise CorruptFileError(reason, source=self.path.name) from exc

    def _repaired_path(self) -> Path:
        assert self._repaired is not None
        return Path(self._repaired.name) / "repaired.pdf"


def _rendered_size(plan: PagePlan) -> tuple[int, int]:
    scale = plan.dpi / POINTS_PER_INCH
    return max(1, round(plan.width_pt * scale)), max(1, round(plan.height_pt * scale))


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
