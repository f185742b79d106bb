"""Page images as the officer sees them, turned the way the page stands: the API's
preview, or a larger rendering of the archive image (which may be a TIFF a browser
cannot show) for zooming in on a field. Both come from ``api.previews``; the larger
renderings are remembered in a table of their own (``app.state.ui_images``).
"""

from __future__ import annotations

from enum import StrEnum

from api.options import ApiOptions
from api.previews import DerivedImages, ImageSize, current_page_image_sha, rendered_page_image_sha
from intake.store import Store

LARGE_SCALE = 2.4  # the zoom image is this many times the preview's height


class ShownSize(StrEnum):
    PREVIEW = "preview"  # thumbnails and the page viewer
    LARGE = "large"  # zoomed in on a field


def large_images() -> DerivedImages:
    """The table of large renderings, one per app."""
    return DerivedImages(capacity=1024)


def shown_image_sha(store: Store, large: DerivedImages, dossier_id: int, number: int,
                    size: ShownSize, unit: str | None, options: ApiOptions) -> str:
    """The blob of page ``number`` as shown at ``size``, turned as the page stands."""
    if size == ShownSize.PREVIEW:
        return current_page_image_sha(store, dossier_id, number, ImageSize.PREVIEW, unit,
                                      options)
    return rendered_page_image_sha(store, large, dossier_id, number,
                                   round(options.preview_height * LARGE_SCALE), unit, options)
