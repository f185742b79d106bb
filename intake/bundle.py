"""Bundle a dossier's pages into one searchable PDF/A-2b file.

Each page image is encoded once for the archive (``encode_page_image``): RGB JPEG where
the page has colour (stamps, photos, handwriting), gray JPEG for gray pages, CCITT G4 for
bilevel pages. ``write_dossier_pdf`` places the encoded images with img2pdf (JPEG and G4
pass through without re-encoding), adds the invisible text layer (``intake.textlayer``)
and the PDF/A-2b parts with pikepdf, and writes the file atomically.

PDF/A-2b parts: XMP with ``pdfaid`` part 2 / conformance B kept in sync with the DocInfo
dictionary, an sRGB OutputIntent (``GTS_PDFA1``), a trailer ``/ID``, no encryption, no
transparency, every font embedded. Images stay DeviceRGB / DeviceGray: ISO 19005-2
6.2.4.3 allows DeviceRGB when the OutputIntent profile is RGB, and DeviceGray whenever a
PDF/A OutputIntent is present (any colour space), so no DefaultGray is needed.
"""

from __future__ import annotations

import io
import logging
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import cv2
import img2pdf
import numpy as np
import pikepdf
from PIL import Image, ImageCms
from pikepdf import Array, Dictionary, Name

from intake import __version__
from intake.atomic import write_atomic
from intake.errors import OutputError
from intake.model import PageImage
from intake.textlayer import FONT_RESOURCE, add_glyphless_font, text_layer_content
from ocr.model import OcrResult

log = logging.getLogger(__name__)

JPEG = "jpeg"
CCITT = "ccitt"
LOW_DPI = 250  # below this, colour is not subsampled: a red stamp's strokes are few pixels wide
IMG2PDF_ERRORS = (img2pdf.ImageOpenError, img2pdf.UnsupportedColorspaceError,
                  img2pdf.JpegColorspaceError, img2pdf.PdfTooLargeError, img2pdf.AlphaChannelError,
                  img2pdf.NegativeDimensionError)


@dataclass(frozen=True, slots=True)
class BundlePage:
    """One page for the dossier PDF; ``ocr`` word boxes are in ``image``'s pixels."""

    image: PageImage
    ocr: OcrResult | None = None


@dataclass(frozen=True, slots=True)
class DossierMeta:
    """What the PDF says about itself (XMP and DocInfo).

    ``title`` is the dossier code, or ``unassigned-<n>``. A naive ``created`` is taken
    as local time.
    """

    title: str
    created: datetime
    producer: str = f"Intake {__version__}"
    subject: str | None = None  # e.g. the procedure code
    keywords: tuple[str, ...] = ()


def encode_page_image(image: np.ndarray, dpi: float, *, bilevel: bool, has_colour: bool,
                      jpeg_quality: int = 80) -> PageImage:
    """Encode an archive image for the PDF, keeping colour only where the page has it.

    ``image`` is uint8 gray (H, W) or RGB/RGBA (H, W, 3|4); alpha is flattened onto white.
    Colour wins over ``bilevel``: a page with colour is never reduced to black and white.
    At ``LOW_DPI`` and above colour JPEGs use 4:2:0 chroma subsampling (a stroke of a red
    seal is still several chroma samples wide); below it, 4:4:4.
    """
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    pixels = _flatten_alpha(_check_pixels(image))
    height, width = pixels.shape[:2]
    if has_colour:
        subsampling = "4:2:0" if dpi >= LOW_DPI else "4:4:4"
        data = _encode_jpeg(Image.fromarray(_as_rgb(pixels), "RGB"), dpi, jpeg_quality, subsampling)
        encoding = JPEG
    elif bilevel:
        data, encoding = _encode_ccitt(_as_gray(pixels) >= 128, dpi), CCITT
    else:
        data = _encode_jpeg(Image.fromarray(_as_gray(pixels), "L"), dpi, jpeg_quality, "4:4:4")
        encoding = JPEG
    log.debug("encoded %dx%d page as %s: %d bytes", width, height, encoding, len(data))
    return PageImage(data=data, encoding=encoding, width=width, height=height, dpi=float(dpi))


def write_dossier_pdf(pages: Sequence[BundlePage], path: Path, meta: DossierMeta) -> int:
    """Write ``pages``, in order, as a searchable PDF/A-2b file at ``path``; returns bytes written.

    The file appears whole or not at all (temp file in the same folder, fsync, rename,
    fsync folder). Raises ``OutputError`` when the PDF cannot be made or written.
    """
    data = build_dossier_pdf(pages, meta, source=str(path))
    try:
        written = write_atomic(path, data)
    except OSError as exc:
        raise OutputError(f"cannot write dossier PDF: {exc}", source=str(path)) from exc
    log.info("wrote %s: %d pages, %d bytes", path.name, len(pages), written)
    return written


def build_dossier_pdf(pages: Sequence[BundlePage], meta: DossierMeta, *, source: str | None = None) -> bytes:
    """``pages``, in order, as the bytes of a searchable PDF/A-2b file.

    Each page is ``width / dpi * 72`` by ``height / dpi * 72`` points. Raises
    ``OutputError`` when the PDF cannot be made; ``source`` names it in the error.
    """
    if not pages:
        raise OutputError("a dossier PDF needs at least one page", source=source)
    try:
        with _place_images(pages) as pdf:
            _add_text_layers(pdf, pages)
            _add_pdfa_parts(pdf, meta)
            return save_pdfa(pdf)
    except OutputError:
        raise
    except (OSError, ValueError, pikepdf.PdfError, *IMG2PDF_ERRORS) as exc:
        raise OutputError(f"cannot write dossier PDF: {exc}", source=source) from exc


def save_pdfa(pdf: pikepdf.Pdf) -> bytes:
    """The bytes of a dossier PDF whose PDF/A parts are in place: PDF 1.7, the XMP left
    as written, a file id from the content (same pages, same bytes), object streams.

    A stream whose bytes end in CR would be written ``CR LF endstream``, which a reader
    can take for the end-of-line marker and then count one byte short of ``/Length``
    (PDF/A requires the two to agree). Zlib ends a stream with its Adler-32, so that
    happens to about one stream in 256; such streams get an ASCIIHex wrapping, which
    ends in ``>``.
    """
    data = _save(pdf)
    if CR_BEFORE_ENDSTREAM not in data:
        return data
    with pikepdf.open(io.BytesIO(data)) as saved:
        for stream in saved.objects:
            if isinstance(stream, pikepdf.Stream) and stream.read_raw_bytes().endswith(b"\r"):
                _wrap_in_hex(stream)
        # Every stream is compressed by now; qpdf would unwrap ASCIIHex to compress again.
        return _save(saved, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)


CR_BEFORE_ENDSTREAM = b"\r\nendstream"


def _save(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, min_version="1.7", fix_metadata_version=False, deterministic_id=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate, **options)
    return buffer.getvalue()


def _wrap_in_hex(stream: pikepdf.Stream) -> None:
    """Add ASCIIHexDecode in front of the stream's filters, its data unchanged."""
    filters = stream.get(Name.Filter)
    filters = [] if filters is None else list(filters) if isinstance(filters, Array) else [filters]
    parms = stream.get(Name.DecodeParms)
    if parms is not None:
        parms = [None] + (list(parms) if isinstance(parms, Array) else [parms])
    stream.write(stream.read_raw_bytes().hex().encode() + b">",
                 filter=[Name.ASCIIHexDecode, *filters], decode_parms=parms, type_check=False)


def _check_pixels(image: np.ndarray) -> np.ndarray:
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or min(image.shape[:2]) < 1:
        raise ValueError(f"expected a uint8 image, got {image.dtype} {image.shape}")
    if image.ndim == 3 and image.shape[2] not in (1, 3, 4):
        raise ValueError(f"expected 1, 3 or 4 channels, got {image.shape[2]}")
    return image[:, :, 0] if image.ndim == 3 and image.shape[2] == 1 else image


def _flatten_alpha(image: np.ndarray) -> np.ndarray:
    """RGBA onto a white page, so no transparency reaches the PDF."""
    if image.ndim != 3 or image.shape[2] != 4:
        return image
    alpha = image[:, :, 3:4].astype(np.float32) / 255.0
    rgb = image[:, :, :3].astype(np.float32) * alpha + 255.0 * (1.0 - alpha)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def _as_rgb(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB) if image.ndim == 2 else image


def _as_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def _encode_jpeg(picture: Image.Image, dpi: float, quality: int, subsampling: str) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, subsampling=subsampling, optimize=True,
                 dpi=(round(dpi), round(dpi)))
    return out.getvalue()


def _encode_ccitt(white: np.ndarray, dpi: float) -> bytes:
    """CCITT G4 in a single-strip TIFF, the form img2pdf copies into the PDF as it is."""
    picture = Image.fromarray(white)  # bool -> mode "1"
    stride = (picture.width + 7) // 8
    out = io.BytesIO()
    picture.save(out, "TIFF", compression="group4", dpi=(dpi, dpi),
                 strip_size=stride * picture.height)
    return out.getvalue()


def _place_images(pages: Sequence[BundlePage]) -> pikepdf.Pdf:
    """One page per image, sized from that image's own dpi (not the rounded file header)."""
    dpis = iter([page.image.dpi for page in pages])

    def page_size_from_dpi(width_px: int, height_px: int, _header_dpi) -> tuple[float, ...]:
        dpi = next(dpis)
        width, height = width_px * 72.0 / dpi, height_px * 72.0 / dpi
        return width, height, width, height

    pdf_bytes = img2pdf.convert([page.image.data for page in pages], layout_fun=page_size_from_dpi,
                                nodate=True, engine=img2pdf.Engine.pikepdf)
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    if len(pdf.pages) != len(pages):
        raise OutputError(f"img2pdf made {len(pdf.pages)} pages from {len(pages)} images")
    if Name.ID in pdf.trailer:  # img2pdf's is random; the saved file's comes from content
        del pdf.trailer[Name.ID]
    return pdf


def _add_text_layers(pdf: pikepdf.Pdf, pages: Sequence[BundlePage]) -> None:
    font = None
    for number, (pdf_page, page) in enumerate(zip(pdf.pages, pages), start=1):
        if page.ocr is None or not page.ocr.words:
            continue
        ocr = page.ocr
        if (ocr.width, ocr.height) != (page.image.width, page.image.height):
            log.warning("page %d: OCR size %dx%d differs from image %dx%d; boxes rescaled",
                        number, ocr.width, ocr.height, page.image.width, page.image.height)
            ocr = ocr.scaled(page.image.width / ocr.width)
        content = text_layer_content(ocr, page.image.dpi)
        if not content:
            continue
        font = font if font is not None else add_glyphless_font(pdf)
        pdf_page.add_resource(font, Name.Font, FONT_RESOURCE)
        pdf_page.contents_add(pdf.make_stream(content), prepend=False)


def _add_pdfa_parts(pdf: pikepdf.Pdf, meta: DossierMeta) -> None:
    if Name.Info in pdf.trailer:
        del pdf.trailer[Name.Info]
    pdf.Root.OutputIntents = Array([_srgb_output_intent(pdf)])
    created = meta.created if meta.created.tzinfo else meta.created.astimezone()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
        xmp["pdfaid:part"] = "2"
        xmp["pdfaid:conformance"] = "B"
        xmp["dc:title"] = meta.title
        xmp["pdf:Producer"] = meta.producer
        xmp["xmp:CreatorTool"] = meta.producer
        xmp["xmp:CreateDate"] = created.isoformat()
        xmp["xmp:ModifyDate"] = created.isoformat()
        xmp["xmp:MetadataDate"] = created.isoformat()
        if meta.subject:
            xmp["dc:description"] = meta.subject
        if meta.keywords:
            xmp["pdf:Keywords"] = ", ".join(meta.keywords)


@cache
def srgb_profile() -> bytes:
    """lcms2's sRGB monitor profile (ICC v4), made once per process, with the header's
    creation date fixed, so the same pages give the same bytes in any process."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[ICC_DATE] = PROFILE_DATE
    return bytes(profile)


ICC_DATE = slice(24, 36)  # ICC.1 7.2.8: year, month, day, hours, minutes, seconds (uint16 each)
PROFILE_DATE = struct.pack(">6H", 2024, 1, 1, 0, 0, 0)


def _srgb_output_intent(pdf: pikepdf.Pdf) -> pikepdf.Object:
    stream = pdf.make_stream(srgb_profile(), N=3)
    return pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier="sRGB IEC61966-2.1",
        Info="sRGB IEC61966-2.1", RegistryName="http://www.color.org", DestOutputProfile=stream))
