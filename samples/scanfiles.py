"""Writing scanned pages as desk scanners save them: multi-page TIFF (LZW, JPEG or CCITT G4),
image-only PDF (img2pdf, pages as JPEG, PNG or G4, with their dpi), single JPEG and PNG.
Every writer is deterministic: the same pages give the same bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import img2pdf
from PIL import Image


class FileFormat(StrEnum):
    TIFF = "tiff"
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"


class Encoding(StrEnum):
    LZW = "lzw"
    JPEG = "jpeg"
    G4 = "group4"
    PNG = "png"


SUFFIXES = {FileFormat.TIFF: ".tif", FileFormat.PDF: ".pdf", FileFormat.JPEG: ".jpg", FileFormat.PNG: ".png"}
MULTI_PAGE = (FileFormat.TIFF, FileFormat.PDF)


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """How one scanner file is saved; all its pages share the settings."""

    format: FileFormat
    encoding: Encoding
    dpi: int
    quality: int = 85  # JPEG quality where the encoding is JPEG

    @property
    def bilevel(self) -> bool:
        return self.encoding is Encoding.G4

    @property
    def suffix(self) -> str:
        return SUFFIXES[self.format]


def encode_page(page: Image.Image, settings: ScanSettings) -> bytes:
    """One page as a standalone JPEG, PNG or single-page G4 TIFF, carrying its dpi."""
    buffer = io.BytesIO()
    dpi = (settings.dpi, settings.dpi)
    if settings.encoding is Encoding.JPEG:
        page.save(buffer, "JPEG", quality=settings.quality, dpi=dpi, optimize=True)
    elif settings.encoding is Encoding.G4:
        page.convert("1").save(buffer, "TIFF", compression="group4", dpi=dpi)
    else:
        page.save(buffer, "PNG", dpi=dpi, compress_level=6)
    return buffer.getvalue()


def write_tiff(path: Path, pages: list[Image.Image], settings: ScanSettings) -> None:
    compression = {Encoding.LZW: "tiff_lzw", Encoding.JPEG: "jpeg", Encoding.G4: "group4"}[settings.encoding]
    options: dict = {"compression": compression, "dpi": (settings.dpi, settings.dpi)}
    if settings.encoding is Encoding.JPEG:
        options["quality"] = settings.quality
    if settings.bilevel:
        pages = [page.convert("1") for page in pages]
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], **options)


def write_pdf(path: Path, pages: list[Image.Image], settings: ScanSettings) -> None:
    images = [encode_page(page, settings) for page in pages]
    # img2pdf's own writer: its pikepdf writer asks for a deterministic /ID only when
    # pikepdf.__version__ >= "6.2.0" as strings, which "10.x" is not, so the ID is random.
    path.write_bytes(img2pdf.convert(images, nodate=True, engine=img2pdf.Engine.internal))


def write_scan_file(path: Path, pages: list[Image.Image], settings: ScanSettings) -> None:
    """Write ``pages`` to ``path`` in ``settings.format``; single-image formats take one page."""
    if settings.format is FileFormat.TIFF:
        write_tiff(path, pages, settings)
    elif settings.format is FileFormat.PDF:
        write_pdf(path, pages, settings)
    else:
        if len(pages) != 1:
            raise ValueError(f"{settings.format} holds one page, got {len(pages)}")
        path.write_bytes(encode_page(pages[0], settings))
