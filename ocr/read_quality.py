"""Whether a page's read is too poor to trust, so that the paper is better scanned again.

Capture products check each page's image and read before an operator files it, and ask
for a rescan where the page cannot be read: a scan too faint, too blurred or too noisy
leaves tesseract unsure of most of its words or keeps nothing of them. Two signs tell it,
both kept with every page (the page text and its length-weighted word confidence):

- ``little_text_read``: fewer than ``MIN_LETTERS`` letters and digits, read unsure, on a
  page that is not blank (blank pages are dropped before), such as a faded bilevel copy
  whose strokes broke into dots, read as nothing at all (a page of a few sure words, a
  photo's caption, is not marked; one of no text at all is, and the officer's message
  says "if the page holds text");
- ``low_read_confidence``: a mean word confidence under ``RESCAN_CONFIDENCE``.

The confidence is judged as the sidecar shows it, to three decimals, so that the sidecar,
the stored page (four decimals) and the API agree at the threshold.

Measured on the dev corpora (mixed 54, 55, mild 56, hard 57; 234 pages): every page read
at a confidence under 0.70 had a character error rate of 29% or more (hard ID card copies,
a hard form), and every page under 5% read at 0.739 or more.
"""

from __future__ import annotations

from enum import StrEnum

RESCAN_CONFIDENCE = 0.7
MIN_LETTERS = 40  # a title and a line or two: a page of paper holds more


class RescanReason(StrEnum):
    LITTLE_TEXT_READ = "little_text_read"
    LOW_READ_CONFIDENCE = "low_read_confidence"


def rescan_reason(text: str, confidence: float) -> RescanReason | None:
    """Why a page that is not blank, read as ``text`` at mean word ``confidence`` (0..1),
    had better be scanned again; None when its read can be worked with."""
    if round(confidence, 3) >= RESCAN_CONFIDENCE:
        return None
    if sum(ch.isalnum() for ch in text) < MIN_LETTERS:
        return RescanReason.LITTLE_TEXT_READ
    return RescanReason.LOW_READ_CONFIDENCE
