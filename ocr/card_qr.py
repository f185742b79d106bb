"""The chip card's QR code read again on a straightened card face.

On a blurred or faded copy the page-wide barcode pass cannot decode the card's QR: its
modules (about 0.25 mm) run together. Cut out, enlarged and sharpened (an unsharp mask
about half a module wide), the same code decodes on most such copies (measured on the
fronts of a generated hard corpus whose QR the page pass missed: 5 of the 6 tried). Its
values are the card's exact ones (see :mod:`ocr.id_card`).
"""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from ocr.units import MM_PER_INCH

SHARPEN_MM = 0.14  # the unsharp mask's blur: about half a module of the card's QR
SHARPEN_AMOUNT = 2.5


def read_face_qr(face: np.ndarray, dpi: float) -> tuple[str, ...]:
    """The QR texts decoded on a straightened face (gray, ``dpi`` its resolution): as it
    is, then sharpened."""
    for image in (face, _sharpened(face, dpi)):
        found = zxingcpp.read_barcodes(np.ascontiguousarray(image), formats=zxingcpp.BarcodeFormat.QRCode)
        texts = tuple(result.text for result in found if result.text)
        if texts:
            return texts
    return ()


def _sharpened(face: np.ndarray, dpi: float) -> np.ndarray:
    """An unsharp mask: the face plus ``SHARPEN_AMOUNT`` times its difference from a blur."""
    pixels = face.astype(np.float32)
    blurred = cv2.GaussianBlur(pixels, (0, 0), SHARPEN_MM / MM_PER_INCH * dpi)
    return np.clip(cv2.addWeighted(pixels, 1 + SHARPEN_AMOUNT, blurred, -SHARPEN_AMOUNT, 0), 0, 255).astype(np.uint8)
