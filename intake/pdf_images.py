"""What a PDF page shows: its images, where they are placed, and whether any is coloured.

The images are found by walking the page's content stream (and the form XObjects it
draws) while keeping the current transformation matrix, so an image's displayed size
is known however it is scaled or rotated. From that comes the page's ``PagePlan``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
MIN_RENDER_DPI = 72.0
NO_IMAGE_DPI = 300.0
MAX_FORM_DEPTH = 4

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_GRAY_SPACES = frozenset({"/DeviceGray", "/CalGray", "/G"})
_OPERATORS = "q Q cm Do rg RG k K"


@dataclass(frozen=True, slots=True)
class PlacedImage:
    """An image drawn on a page: its pixel size and its displayed size in points."""

    width_px: int
    height_px: int
    width_pt: float
    height_pt: float
    gray: bool
    one_bit: bool

    @property
    def dpi(self) -> tuple[float, float]:
        return (
            self.width_px * POINTS_PER_INCH / self.width_pt,
            self.height_px * POINTS_PER_INCH / self.height_pt,
        )


@dataclass(frozen=True, slots=True)
class PagePlan:
    """How to render one page: its displayed size, resolution and colour."""

    width_pt: float
    height_pt: float
    dpi: float
    native_dpi: tuple[float, float] | None  # of the largest image; None when there is none
    gray: bool
    bilevel: bool


@dataclass(frozen=True, slots=True)
class PageContent:
    images: tuple[PlacedImage, ...]
    coloured_drawing: bool  # a non-gray fill or stroke colour is set (rg/RG/k/K)


def plan_page(page: pikepdf.Page, max_render_dpi: float) -> PagePlan:
    """Resolution and colour to render ``page`` at; see the module docstring of ``pdf_pages``."""
    width_pt, height_pt = displayed_size(page)
    content = read_page_content(page)
    images = content.images or _images_from_resources(page, width_pt, height_pt)
    if not images:
        return PagePlan(width_pt, height_pt, min(NO_IMAGE_DPI, max_render_dpi), None, gray=False, bilevel=False)
    largest = max(images, key=lambda image: image.width_px * image.height_px)
    native = largest.dpi
    dpi = min(max(max(native), MIN_RENDER_DPI), float(max_render_dpi))
    has_annotations = _has_visible_annotations(page)
    gray = all(image.gray for image in images) and not content.coloured_drawing and not has_annotations
    bilevel = gray and all(image.one_bit for image in images)
    return PagePlan(width_pt, height_pt, round(dpi, 3), native, gray, bilevel)


def displayed_size(page: pikepdf.Page) -> tuple[float, float]:
    """The crop box's width and height in points, as displayed after /Rotate."""
    x0, y0, x1, y1 = (float(value) for value in page.cropbox)
    width, height = abs(x1 - x0), abs(y1 - y0)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    return (height, width) if rotate in (90, 270) else (width, height)


def read_page_content(page: pikepdf.Page) -> PageContent:
    """The images placed on the page and whether colour is drawn, or nothing if unreadable."""
    found: list[PlacedImage] = []
    coloured = [False]
    try:
        found.extend(_walk(page, page.resources, IDENTITY, 0, coloured))
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("page content could not be read (%s); judging by its images alone", exc)
        return PageContent((), coloured_drawing=False)
    return PageContent(tuple(found), coloured_drawing=coloured[0])


def _walk(
    owner: pikepdf.Page | pikepdf.Object, resources, ctm: Matrix, depth: int, coloured: list[bool]
) -> Iterator[PlacedImage]:
    saved: list[Matrix] = []
    for operands, operator in pikepdf.parse_content_stream(owner, _OPERATORS):
        name = str(operator)
        if name == "q":
            saved.append(ctm)
        elif name == "Q":
            ctm = saved.pop() if saved else ctm
        elif name == "cm" and len(operands) == 6:
            ctm = multiply(tuple(float(value) for value in operands), ctm)
        elif name in ("rg", "RG", "k", "K"):
            coloured[0] = coloured[0] or not _is_gray_colour(name, [float(value) for value in operands])
        elif name == "Do" and operands:
            yield from _draw_xobject(resources, operands[0], ctm, depth, coloured)


def _draw_xobject(resources, name, ctm: Matrix, depth: int, coloured: list[bool]) -> Iterator[PlacedImage]:
    xobjects = resources.get("/XObject") if resources is not None else None
    xobject = xobjects.get(name) if xobjects is not None else None
    if xobject is None:
        return
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        placed = _placed_image(xobject, ctm, resources)
        if placed is not None:
            yield placed
    elif subtype == "/Form" and depth < MAX_FORM_DEPTH:
        matrix = xobject.get("/Matrix")
        form_ctm = multiply(tuple(float(value) for value in matrix), ctm) if matrix is not None else ctm
        yield from _walk(xobject, xobject.get("/Resources", resources), form_ctm, depth + 1, coloured)


def multiply(first: Matrix, second: Matrix) -> Matrix:
    """The PDF matrix product ``first x second`` (apply ``first``, then ``second``)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _placed_image(xobject: pikepdf.Object, ctm: Matrix, resources) -> PlacedImage | None:
    """The image with its displayed size: the lengths its unit square's sides take on the page."""
    width_pt = math.hypot(ctm[0], ctm[1])
    height_pt = math.hypot(ctm[2], ctm[3])
    if width_pt < 1e-3 or height_pt < 1e-3:
        return None
    return _described_image(xobject, width_pt, height_pt, resources)


def _described_image(xobject: pikepdf.Object, width_pt: float, height_pt: float, resources) -> PlacedImage:
    is_mask = bool(xobject.get("/ImageMask", False))
    bits = 1 if is_mask else int(xobject.get("/BitsPerComponent", 8))
    gray = is_mask or is_gray_colour_space(xobject.get("/ColorSpace"), resources)
    return PlacedImage(int(xobject.Width), int(xobject.Height), width_pt, height_pt, gray, one_bit=bits == 1)


def is_gray_colour_space(space, resources=None) -> bool:
    """Whether an image colour space can only produce grays (unknown spaces count as colour)."""
    if space is None:
        return False
    if isinstance(space, pikepdf.Name):
        if str(space) in _GRAY_SPACES:
            return True
        spaces = resources.get("/ColorSpace") if resources is not None else None
        named = spaces.get(str(space)) if isinstance(spaces, pikepdf.Dictionary) else None
        return named is not None and is_gray_colour_space(named)
    if not isinstance(space, pikepdf.Array) or len(space) == 0:
        return False
    family = str(space[0])
    if family == "/ICCBased":
        return int(space[1].get("/N", 0)) == 1
    if family == "/CalGray":
        return True
    if family in ("/Indexed", "/I") and len(space) >= 4:
        return is_gray_colour_space(space[1], resources) or _palette_is_gray(space[1], space[3])
    return False


def _palette_is_gray(base, lookup) -> bool:
    """An indexed palette over RGB whose entries all have equal red, green and blue."""
    rgb = base == pikepdf.Name.DeviceRGB or (
        isinstance(base, pikepdf.Array) and str(base[0]) == "/ICCBased" and int(base[1].get("/N", 0)) == 3
    )
    if not rgb:
        return False
    table = bytes(lookup) if isinstance(lookup, pikepdf.String) else lookup.read_bytes()
    return all(table[i] == table[i + 1] == table[i + 2] for i in range(0, len(table) - 2, 3))


def _is_gray_colour(operator: str, values: list[float]) -> bool:
    if operator in ("rg", "RG"):
        return len(values) == 3 and values[0] == values[1] == values[2]
    return len(values) == 4 and values[0] == values[1] == values[2] == 0.0


def _images_from_resources(page: pikepdf.Page, width_pt: float, height_pt: float) -> tuple[PlacedImage, ...]:
    """When the content cannot be followed: assume each image fills the page, matching orientation."""
    images = []
    try:
        xobjects = page.resources.get("/XObject", {})
        for _, xobject in xobjects.items():
            if xobject.get("/Subtype") != "/Image":
                continue
            portrait_image = int(xobject.Height) >= int(xobject.Width)
            portrait_page = height_pt >= width_pt
            shown = (width_pt, height_pt) if portrait_image == portrait_page else (height_pt, width_pt)
            images.append(_described_image(xobject, *shown, page.resources))
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("page images could not be read (%s)", exc)
    return tuple(images)


def _has_visible_annotations(page: pikepdf.Page) -> bool:
    """Annotations other than links (stamps, signatures, notes) may draw in colour."""
    annotations = page.obj.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return False
    return any(isinstance(item, pikepdf.Dictionary) and item.get("/Subtype") != "/Link" for item in annotations)
