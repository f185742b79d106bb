"""Turning pipeline pages into stored files: the page image a browser is given."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from service_helpers import form_page

from intake.bundle import encode_page_image
from intake.service.ingest import page_image_file, unit_of_code


def test_a_bilevel_page_is_kept_as_a_lossless_png_and_a_gray_page_as_its_jpeg():
    """GIVEN a rendered form page encoded for the PDF once as CCITT G4 (bilevel) and once
    as JPEG (gray) THEN the bilevel one becomes a 1-bit PNG with exactly its pixels, and
    the gray one is the PDF's JPEG byte for byte."""
    gray = np.asarray(form_page("TỜ KHAI", "VŨ THỊ HOA"))
    bilevel = encode_page_image(gray, 150, bilevel=True, has_colour=False)
    assert bilevel.encoding == "ccitt"

    png = Image.open(io.BytesIO(page_image_file(bilevel)))
    assert (png.format, png.mode, png.size) == ("PNG", "1", (bilevel.width, bilevel.height))
    assert np.array_equal(np.asarray(png), np.asarray(Image.open(io.BytesIO(bilevel.data))))

    jpeg = encode_page_image(gray, 150, bilevel=False, has_colour=False)
    assert page_image_file(jpeg) == jpeg.data


def test_the_unit_is_read_from_the_front_of_a_dossier_code():
    assert unit_of_code("000.00.19.H55-240419-0001") == "000.00.19.H55"
    assert unit_of_code("H15.50.05.13-250101-12345678") == "H15.50.05.13"
