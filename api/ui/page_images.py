"""Page images as the officer sees them, turned the way the page stands: the API's
preview, or a larger rendering for zooming in on a field.

The larger rendering is a JPEG made from the archive image (which may be a TIFF a
browser cannot show), put in the blob store (content-addressed: made twice, stored
once) and remembered in a small in-process table; the API's ``TURNED`` table turns it.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from enum import StrEnum

from api.options import ApiOptions
from api.previews import TURNED, ImageSize, current_page_image_sha, page_image_sha, render_preview
from intake.store import BlobStore, Store, get_page

log = logging.getLogger(__name__)

LARGE_SCALE = 2.4  # the zoom image is this many times the preview's height


class ShownSize(StrEnum):
    PREVIEW = "preview"  # thumbnails and the page viewer
    LARGE = "large"  # zoomed in on a field


class LargeImages:
    """Which blob holds an archive image rendered as a large JPEG: a bounded table
    shared by the request threads. A blob that went missing is made again."""

    def __init__(self, capacity: int = 1024):
        self._known: OrderedDict[tuple[str, int], str] = OrderedDict()
        self._lock = threading.Lock()
        self._capacity = capacity

    def get(self, blobs: BlobStore, source_sha: str, height: int, quality: int) -> str:
        key = (source_sha, height)
        with self._lock:
            known = self._known.get(key)
            if known is not None:
                self._known.move_to_end(key)
        if known is not None and blobs.exists(known):
            return known
        with blobs.open(source_sha) as stream:
            large = blobs.put(render_preview(stream.read(), height, quality))
        with self._lock:
            self._known[key] = large
            while len(self._known) > self._capacity:
                self._known.popitem(last=False)
        return large


def shown_image_sha(store: Store, large_images: LargeImages, dossier_id: int, number: int,
                    size: ShownSize, unit: str | None, options: ApiOptions) -> str:
    """The blob of page ``number`` as shown at ``size``, turned as the page stands."""
    if size == ShownSize.PREVIEW:
        return current_page_image_sha(store, dossier_id, number, ImageSize.PREVIEW, unit,
                                      options)
    full = page_image_sha(store, dossier_id, number, ImageSize.FULL, unit, options)
    with store.read_session() as session:
        turn = get_page(session, dossier_id, number, unit).turn
    large = large_images.get(store.blobs, full, round(options.preview_height * LARGE_SCALE),
                             options.preview_quality)
    return TURNED.get(store.blobs, large, turn)
