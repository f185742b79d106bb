"""Page images for people: the stored archive image, or a preview JPEG scaled to about
``preview_height`` pixels high, made on first request and kept as a blob."""

from __future__ import annotations

import io
import logging
from enum import StrEnum

from PIL import Image, UnidentifiedImageError

from api.options import ApiOptions
from intake.store import BlobError, NotFoundError, Store, get_page, set_page_preview

log = logging.getLogger(__name__)


class ImageSize(StrEnum):
    PREVIEW = "preview"
    FULL = "full"


def page_image_sha(store: Store, dossier_id: int, number: int, size: ImageSize,
                   unit: str | None, options: ApiOptions) -> str:
    """The blob to answer with: the archive image, or its preview (made if missing)."""
    with store.read_session() as session:
        page = get_page(session, dossier_id, number, unit)
        page_id, image_sha, preview_sha = page.id, page.image_sha, page.preview_sha
    if image_sha is None:
        raise NotFoundError(f"page {number} of dossier {dossier_id} has no image")
    if size == ImageSize.FULL:
        return image_sha
    if preview_sha is not None and store.blobs.exists(preview_sha):
        return preview_sha
    with store.blobs.open(image_sha) as stream:
        preview = render_preview(stream.read(), options.preview_height, options.preview_quality)
    preview_sha = store.blobs.put(preview)
    with store.session() as session:
        set_page_preview(session, page_id, preview_sha)
    log.info("preview of dossier %s page %s made (%d bytes)", dossier_id, number, len(preview))
    return preview_sha


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
