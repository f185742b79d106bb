"""The chip card's QR code read again on a straightened card face.

On a blurred or faded copy the page-wide barcode pass cannot decode the card's QR: its
modules (about 0.25 mm) run together. Cut out, enlarged and sharpened (an unsharp mask
about half a module wide), the same code decodes on most such copies (measured on the
fronts of a generated hard corpus whose QR the page pass missed: 5 of the 6 tried). Its
values are the card's exact ones (see :mod:`ocr.id_card`).

Where neither decodes, the face is brought down to ``THRESHOLD_DPI`` and thresholded
against each pixel's neighbourhood (a few modules wide) before zxing sees it: blur and
faded toner leave the modules' gray levels drifting across the code, and a module that
one threshold for the whole code takes for light is dark against its own neighbours.
On the fronts of four generated hard corpora (dev seeds 95 to 98) whose QR neither try
decoded (7 of 35), this decoded one; the rest are blurred past any threshold (a bilevel
copy's modules already run together).
"""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from ocr.units import MM_PER_INCH

SHARPEN_MM = 0.14  # the unsharp mask's blur: about half a module of the card's QR
SHARPEN_AMOUNT = 2.5
THRESHOLD_DPI = 450.0  # about six pixels a module of the card's QR (14-16 mm, ~45 modules)
THRESHOLD_BLOCK_MM = 3.0  # the neighbourhood a module is judged against: about nine modules
THRESHOLD_OFFSET = 2  # gray levels under the neighbourhood's mean that count as dark


def read_face_qr(face: np.ndarray, dpi: float) -> tuple[str, ...]:
    """The QR texts decoded on a straightened face (gray, ``dpi`` its resolution): as it
    is, then sharpened, then thresholded locally."""
    for prepared in (lambda: face, lambda: _sharpened(face, dpi), lambda: _thresholded(face, dpi)):
        image = prepared()  # each made only when the one before gave nothing
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


def _thresholded(face: np.ndarray, dpi: float) -> np.ndarray:
    """The face at ``THRESHOLD_DPI`` or below, black where a pixel is darker than its
    neighbourhood's Gaussian mean, white elsewhere."""
    scale = min(1.0, THRESHOLD_DPI / dpi)
    small = cv2.resize(face, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else face
    block = max(3, round(THRESHOLD_BLOCK_MM / MM_PER_INCH * dpi * scale) | 1)
    return cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block,
                                 THRESHOLD_OFFSET)
