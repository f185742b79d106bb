"""Page images for people: the stored archive image, or a preview JPEG scaled to about
``preview_height`` pixels high, made on first request and kept as a blob; and either
turned the way officers turned the page.

The pipeline's image is never overwritten and the page's ``preview_sha`` is always the
preview of that unturned image. A turned image is derived from the unturned one, put in
the blob store (content-addressed: made twice, stored once) and remembered in a small
in-process table keyed by (source blob, turn), so a page turned again never gets the
image of its old turn.
"""

from __future__ import annotations

import io
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable, Hashable

from PIL import Image, JpegImagePlugin, UnidentifiedImageError

from api.options import ApiOptions
from intake.store import BlobError, BlobStore, NotFoundError, Store, get_page, set_page_preview

log = logging.getLogger(__name__)

_CLOCKWISE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
              270: Image.Transpose.ROTATE_90}  # PIL's ROTATE_n turns counter-clockwise


class ImageSize(StrEnum):
    PREVIEW = "preview"
    FULL = "full"


@dataclass(frozen=True, slots=True)
class _PageImages:
    page_id: int
    image_sha: str
    preview_sha: str | None
    turn: int


class DerivedImages:
    """Which blob holds an image derived from a source blob (turned, or rendered at
    another size): a bounded table shared by the request threads, keyed by the source
    and the variant. A blob that went missing is made again."""

    def __init__(self, capacity: int = 4096):
        self._known: OrderedDict[tuple[str, Hashable], str] = OrderedDict()
        self._lock = threading.Lock()
        self._capacity = capacity

    def get(self, blobs: BlobStore, source_sha: str, variant: Hashable,
            derive: Callable[[bytes], bytes]) -> str:
        key = (source_sha, variant)
        with self._lock:
            known = self._known.get(key)
            if known is not None:
                self._known.move_to_end(key)
        if known is not None and blobs.exists(known):
            return known
        with blobs.open(source_sha) as stream:
            derived = blobs.put(derive(stream.read()))
        with self._lock:
            self._known[key] = derived
            while len(self._known) > self._capacity:
                self._known.popitem(last=False)
        return derived


TURNED = DerivedImages()


def turned_sha(blobs: BlobStore, source_sha: str, turn: int) -> str:
    """The blob of ``source_sha`` turned ``turn`` degrees clockwise (itself at 0)."""
    turn %= 360
    if turn == 0:
        return source_sha
    return TURNED.get(blobs, source_sha, turn, lambda data: turn_image(data, turn))


def current_page_image_sha(store: Store, dossier_id: int, number: int, size: ImageSize,
                           unit: str | None, options: ApiOptions) -> str:
    """The blob showing page ``number`` as it stands now: its archive image or preview,
    turned by the page's ``turn``."""
    page = _read_page(store, dossier_id, number, unit)
    return turned_sha(store.blobs, _unturned_sha(store, page, size, options), page.turn)


def rendered_page_image_sha(store: Store, renderings: DerivedImages, dossier_id: int,
                            number: int, height: int, unit: str | None,
                            options: ApiOptions) -> str:
    """The blob of page ``number``'s archive image as a JPEG ``height`` pixels high,
    turned as the page stands (``renderings`` remembers the unturned renderings)."""
    page = _read_page(store, dossier_id, number, unit)
    rendered = renderings.get(store.blobs, page.image_sha, height,
                              lambda data: render_preview(data, height, options.preview_quality))
    return turned_sha(store.blobs, rendered, page.turn)


def page_image_sha(store: Store, dossier_id: int, number: int, size: ImageSize,
                   unit: str | None, options: ApiOptions) -> str:
    """The blob of the pipeline's image, or its preview (made if missing), unturned."""
    return _unturned_sha(store, _read_page(store, dossier_id, number, unit), size, options)


def render_preview(image_data: bytes, height: int, quality: int = 80) -> bytes:
    """A JPEG of the image at most ``height`` pixels high (never enlarged)."""
    try:
        with Image.open(io.BytesIO(image_data)) as image:
            if image.format == "JPEG":
                image.draft("RGB", (image.width * height // max(1, image.height), height))
            picture = image.convert("RGB" if image.mode not in ("1", "L", "I;16") else "L")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise BlobError(f"the page image cannot be read: {exc}") from exc
    if picture.height > height:
        width = max(1, round(picture.width * height / picture.height))
        picture = picture.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def turn_image(image_data: bytes, degrees: int) -> bytes:
    """The image turned ``degrees`` (a multiple of 90) clockwise: a JPEG stays a JPEG
    with its own quantisation tables and subsampling; anything else becomes a lossless
    PNG (a 1-bit page stays 1-bit)."""
    try:
        with Image.open(io.BytesIO(image_data)) as image:
            image.load()
            turned = image.transpose(_CLOCKWISE[degrees % 360]) if degrees % 360 else image.copy()
            out = io.BytesIO()
            if image.format == "JPEG":
                _save_jpeg_like(turned, image, out)
            else:
                turned.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, KeyError) as exc:
        raise BlobError(f"the page image cannot be turned: {exc}") from exc
    return out.getvalue()


def _save_jpeg_like(turned: Image.Image, source: Image.Image, out: io.BytesIO) -> None:
    sampling = JpegImagePlugin.get_sampling(source)
    options = {"qtables": source.quantization} if getattr(source, "quantization", None) else {
        "quality": 90}
    if sampling >= 0 and turned.mode != "L":
        options["subsampling"] = sampling
    picture = turned if turned.mode in ("L", "RGB") else turned.convert("RGB")
    dpi = source.info.get("dpi", (72, 72))
    if turned.size != source.size:
        dpi = dpi[::-1]
    picture.save(out, "JPEG", optimize=True, dpi=dpi, **options)


def _read_page(store: Store, dossier_id: int, number: int, unit: str | None) -> _PageImages:
    with store.read_session() as session:
        page = get_page(session, dossier_id, number, unit)
        if page.image_sha is None:
            raise NotFoundError(f"page {number} of dossier {dossier_id} has no image")
        return _PageImages(page.id, page.image_sha, page.preview_sha, page.turn)


def _unturned_sha(store: Store, page: _PageImages, size: ImageSize, options: ApiOptions) -> str:
    if size == ImageSize.FULL:
        return page.image_sha
    if page.preview_sha is not None and store.blobs.exists(page.preview_sha):
        return page.preview_sha
    with store.blobs.open(page.image_sha) as stream:
        preview = render_preview(stream.read(), options.preview_height, options.preview_quality)
    preview_sha = store.blobs.put(preview)
    with store.session() as session:
        set_page_preview(session, page.page_id, preview_sha)
    log.info("preview of page %s made (%d bytes)", page.page_id, len(preview))
    return preview_sha
