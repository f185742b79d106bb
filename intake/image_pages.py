"""Raster scanner files (TIFF, JPEG, PNG, WebP) as pages, one frame decoded at a time.

Every frame is checked against the pixel limit from its header before it is decoded.
Pixels come out as uint8: 2-D gray (0/255 for bilevel pages) or 3-D RGB; alpha is
composited on white, palettes become gray or RGB, CMYK and 16-bit are converted.
"""

from __future__ import annotations

import logging
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from intake.errors import CorruptFileError, IntakeError, TruncatedFileError, UnsupportedFormatError
from intake.model import SourcePage
from intake.resolution import page_dpi
from intake.sniff import FileFormat, ends_early
from intake.source_limits import SourceLimits, check_page_limit, check_pixel_limit

log = logging.getLogger(__name__)

_PIL_FORMATS = {
    FileFormat.TIFF: "TIFF",
    FileFormat.JPEG: "JPEG",
    FileFormat.PNG: "PNG",
    FileFormat.WEBP: "WEBP",
}
_EXIF_ORIENTATION = 0x0112
_QUARTER_TURN_ORIENTATIONS = frozenset({5, 6, 7, 8})
_TIFF_DATA_TAGS = ((273, 279), (324, 325))  # (strip offsets, byte counts), (tile offsets, byte counts)
_STRIP_BYTES = 4 << 20
_SIXTEEN_BIT_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I"})

# Image.MAX_IMAGE_PIXELS is process-wide: change it only while holding this lock, and
# only for the instant Image.open reads a header.
_PIL_OPEN_LOCK = threading.Lock()


def count_frames(path: Path, file_format: FileFormat, limits: SourceLimits) -> int:
    """How many pages the file holds, reading only headers."""
    with _reading(path, file_format), open_image(path, file_format, limits) as image:
        return _frame_count(image, path, file_format, limits)


def load_frame(path: Path, file_format: FileFormat, index: int, limits: SourceLimits) -> SourcePage:
    """Decode frame ``index`` (0-based) of the file."""
    with _reading(path, file_format, page=index + 1), open_image(path, file_format, limits) as image:
        frames = _frame_count(image, path, file_format, limits)
        if not 0 <= index < frames:
            raise IndexError(f"{path.name} has {frames} page(s); there is no page index {index}")
        image.seek(index)
        return _decode_frame(image, path, file_format, index, limits)


def iter_frames(path: Path, file_format: FileFormat, limits: SourceLimits) -> Iterator[SourcePage]:
    """Decode the file's frames in order, one at a time."""
    image = _open_checked(path, file_format, limits)
    with image:
        with _reading(path, file_format):
            frames = _frame_count(image, path, file_format, limits)
        for index in range(frames):
            with _reading(path, file_format, page=index + 1):
                image.seek(index)
                page = _decode_frame(image, path, file_format, index, limits)
            yield page
            del page  # hold no page while decoding the next


@contextmanager
def open_image(path: Path, file_format: FileFormat, limits: SourceLimits) -> Iterator[Image.Image]:
    """Open ``path`` with PIL as ``file_format`` only, reading the header but no pixels."""
    image = _open_checked(path, file_format, limits)
    with image:
        yield image


def _open_checked(path: Path, file_format: FileFormat, limits: SourceLimits) -> Image.Image:
    """Image.open with PIL's decompression-bomb guard set to our limit; the first frame is checked."""
    try:
        image = _open_with_pil_limit(path, file_format, limits.max_pixels_per_page)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse_bomb(path, file_format, limits)
        raise  # PIL only refuses above the limit, so _refuse_bomb has raised
    except (OSError, ValueError, TypeError, SyntaxError, EOFError, struct.error) as exc:
        raise damage_error(path, file_format, exc, page=None, header_read=False) from exc
    return image


def _refuse_bomb(path: Path, file_format: FileFormat, limits: SourceLimits) -> None:
    image = _open_with_pil_limit(path, file_format, None)  # header only, to name the size
    with image:
        check_pixel_limit(*image.size, limits.max_pixels_per_page, source=path.name, page=1)


def _open_with_pil_limit(path: Path, file_format: FileFormat, max_pixels: int | None) -> Image.Image:
    with _PIL_OPEN_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")  # damage is raised, not warned
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            return Image.open(path, formats=[_PIL_FORMATS[file_format]])
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _frame_count(image: Image.Image, path: Path, file_format: FileFormat, limits: SourceLimits) -> int:
    if file_format is FileFormat.JPEG:
        return 1  # further frames of a camera's MPO file are previews
    frames = getattr(image, "n_frames", 1)
    check_page_limit(frames, limits.max_pages, source=path.name)
    if frames > 1 and file_format is not FileFormat.TIFF:
        raise UnsupportedFormatError(
            f"animated {file_format.upper()} ({frames} frames) is not a scan; send each page as an image or a PDF",
            source=path.name,
        )
    return frames


def _decode_frame(
    image: Image.Image, path: Path, file_format: FileFormat, index: int, limits: SourceLimits
) -> SourcePage:
    number = index + 1
    width, height = image.size
    declared = _declared_dpi(image)
    orientation = 1 if file_format is FileFormat.TIFF else image.getexif().get(_EXIF_ORIENTATION, 1)
    if orientation in _QUARTER_TURN_ORIENTATIONS:
        width, height = height, width
        declared = (declared[1], declared[0]) if declared else None
    dpi, estimated = page_dpi(declared, width, height)
    check_pixel_limit(*_square_size(width, height, dpi), limits.max_pixels_per_page, source=path.name, page=number)
    if file_format is FileFormat.TIFF and _tiff_data_past_end(image, path):
        raise TruncatedFileError(
            "the TIFF file ends before this page's image data; it was probably cut off while copying or scanning",
            source=path.name,
            page=number,
        )
    if orientation != 1:
        image = ImageOps.exif_transpose(image)
    pixels, bilevel = frame_to_array(image)
    pixels = _make_pixels_square(pixels, dpi, bilevel)
    resolution = max(dpi)
    return SourcePage(
        source=path.name,
        source_page=number,
        image=pixels,
        dpi=(resolution, resolution),
        dpi_estimated=estimated,
        bilevel=bilevel,
    )


def _declared_dpi(image: Image.Image) -> tuple[float, float] | None:
    dpi = image.info.get("dpi")
    try:
        return (float(dpi[0]), float(dpi[1])) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None


def frame_to_array(image: Image.Image) -> tuple[np.ndarray, bool]:
    """The frame's pixels as uint8 gray or RGB, and whether the page is bilevel."""
    mode = image.mode
    if mode == "1":
        return array_of(image.convert("L")), True
    if mode in ("P", "PA"):
        return _palette_to_array(image)
    if mode in ("LA", "La", "RGBA", "RGBa"):
        pixels = _on_white(array_of(image.convert("LA" if mode.startswith("L") else "RGBA")))
    elif mode in ("L", "RGB"):
        pixels = array_of(image)
    elif mode in _SIXTEEN_BIT_MODES:
        pixels = _to_eight_bits(np.array(image))
    elif mode == "F":
        pixels = _float_to_eight_bits(np.array(image))
    else:  # CMYK (PIL undoes Adobe's inverted CMYK JPEGs), YCbCr, LAB, RGBX, ...
        pixels = array_of(image.convert("RGB"))
    return pixels, pixels.ndim == 2 and _only_black_and_white(pixels)


def array_of(image: Image.Image) -> np.ndarray:
    """An 8-bit image's pixels, copied strip by strip so no second whole-page copy is made."""
    channels = len(image.getbands())
    width, height = image.size
    pixels = np.empty((height, width) if channels == 1 else (height, width, channels), dtype=np.uint8)
    rows = max(1, _STRIP_BYTES // max(1, width * channels))
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        pixels[top:bottom] = np.asarray(image.crop((0, top, width, bottom)))
    return pixels


def _palette_to_array(image: Image.Image) -> tuple[np.ndarray, bool]:
    palette = np.zeros((256, 3), dtype=np.uint8)
    entries = np.array(image.getpalette() or [], dtype=np.uint8).reshape(-1, 3)[:256]
    palette[: len(entries)] = entries
    used = [index for _, index in image.getcolors(256) or []] or list(range(256))
    gray_palette = bool((palette[used, 0] == palette[used, 1]).all() and (palette[used, 1] == palette[used, 2]).all())
    if image.mode == "PA" or "transparency" in image.info:
        pixels = _on_white(array_of(image.convert("RGBA")))
        pixels = pixels[..., 0].copy() if gray_palette else pixels
    elif gray_palette:
        pixels = palette[:, 0][array_of(image)]
    else:
        return array_of(image.convert("RGB")), False
    if not gray_palette:
        return pixels, False
    bilevel = set(palette[used, 0].tolist()) <= {0, 255} or _only_black_and_white(pixels)
    return pixels, bilevel


def _on_white(pixels: np.ndarray) -> np.ndarray:
    """Composite colour-plus-alpha pixels on a white sheet."""
    alpha = pixels[..., -1:].astype(np.uint16)
    colour = pixels[..., :-1].astype(np.uint16)
    composed = ((colour * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)
    return composed[..., 0] if composed.shape[-1] == 1 else composed


def _to_eight_bits(pixels: np.ndarray) -> np.ndarray:
    if pixels.dtype != np.uint16:
        if int(pixels.max(initial=0)) <= 255:
            return np.clip(pixels, 0, 255).astype(np.uint8)
        pixels = np.clip(pixels, 0, 65535)
    return ((pixels.astype(np.uint32) * 255 + 32767) // 65535).astype(np.uint8)


def _float_to_eight_bits(pixels: np.ndarray) -> np.ndarray:
    scale = 255.0 if float(pixels.max(initial=0.0)) <= 1.0 else 1.0
    return np.clip(pixels * scale + 0.5, 0, 255).astype(np.uint8)


def _only_black_and_white(pixels: np.ndarray) -> bool:
    return bool(np.logical_or(pixels == 0, pixels == 255).all())


def _square_size(width: int, height: int, dpi: tuple[float, float]) -> tuple[int, int]:
    """The pixel size once the lower-resolution axis is resampled to the higher one."""
    target = max(dpi)
    return round(width * target / dpi[0]), round(height * target / dpi[1])


def _make_pixels_square(pixels: np.ndarray, dpi: tuple[float, float], bilevel: bool) -> np.ndarray:
    """Resample a page scanned at different x and y resolutions (faxes) to square pixels."""
    if abs(dpi[0] - dpi[1]) <= 0.01 * max(dpi):
        return pixels
    width, height = _square_size(pixels.shape[1], pixels.shape[0], dpi)
    log.info("resampling a %sx%s dpi page to square pixels (%dx%d)", dpi[0], dpi[1], width, height)
    interpolation = cv2.INTER_NEAREST if bilevel else cv2.INTER_LINEAR
    return cv2.resize(pixels, (width, height), interpolation=interpolation)


def _tiff_data_past_end(image: Image.Image, path: Path) -> bool:
    size = path.stat().st_size
    tags = getattr(image, "tag_v2", {})
    for offsets_tag, counts_tag in _TIFF_DATA_TAGS:
        offsets, counts = tags.get(offsets_tag), tags.get(counts_tag)
        if offsets is None or counts is None:
            continue
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        if any(offset + count > size for offset, count in zip(offsets, counts)):
            return True
    return False


@contextmanager
def _reading(path: Path, file_format: FileFormat, page: int | None = None) -> Iterator[None]:
    """Translate what PIL raises on a damaged file into TruncatedFileError or CorruptFileError."""
    try:
        yield
    except (IntakeError, IndexError, MemoryError):
        raise
    except Exception as exc:
        raise damage_error(path, file_format, exc, page) from exc


def damage_error(
    path: Path, file_format: FileFormat, exc: Exception, page: int | None, *, header_read: bool = True
) -> CorruptFileError:
    """TruncatedFileError when the file looks cut short, else CorruptFileError.

    A PNG or JPEG whose header cannot be read is garbage; TIFF and WebP keep their image
    directory or size where a cut removes or contradicts it, so those are checked even then.
    """
    kind = file_format.upper()
    if isinstance(exc, UnidentifiedImageError):
        reason = f"not a readable {kind} image"
    else:
        reason = str(exc) or type(exc).__name__
    structure_known = header_read or file_format in (FileFormat.TIFF, FileFormat.WEBP)
    said_truncated = header_read and ("truncated" in reason.lower() or "broken data stream" in reason)
    if said_truncated or (structure_known and ends_early(path, file_format)):
        return TruncatedFileError(
            f"the {kind} file ends early ({reason}); it was probably cut off while copying or scanning",
            source=path.name,
            page=page,
        )
    return CorruptFileError(f"the {kind} file is damaged and cannot be decoded ({reason})", source=path.name, page=page)
