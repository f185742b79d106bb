"""A page read upside down, told by what the read made of it.

Orientation detection (:mod:`ocr.orientation`) mostly gets a page's quarter turn right,
but on a noisy, faded or blurred scan it can leave the page upside down, or turn an
upright one over. What tesseract then reads is no Vietnamese: a fifth of its words are
syllables ("(HỌI Ô 01 HỊD", "ĐNQH 2đ NVA"), against nine in ten on an upright page, hard
scans and ID card copies included (measured on the hard dev corpus, seed 45: upright
pages 0.66-1.0, the two upside-down ones 0.18 and 0.21; turned over, they read 0.91 and
0.95, and upright pages turned over read at most 0.55).

So a page whose read holds few syllables is read once more turned over; when that read
holds far more, the page is upside down. The check costs a second read only on pages
that read poorly.
"""

from __future__ import annotations

from ocr.model import OcrResult
from ocr.syllables import is_syllable

POOR_SHARE = 0.5
"""A read with fewer of its words Vietnamese syllables than this is worth a second look."""
UPRIGHT_SHARE = 0.8
"""The turned page's read must hold at least this share of syllables ..."""
GAIN = 2.0
"""... and this many times the first read's share."""
MIN_WORDS = 20
"""A read with fewer words than this (a near-empty page) says nothing either way."""
ACROSS_SHARE = 0.8
"""Words of an upright read lying across the page: at least this share of them."""
_PUNCTUATION = ",.:;!?'\"()[]{}|-/"


def syllable_share(read: OcrResult) -> float | None:
    """The share of the read's words (with a letter) that are Vietnamese syllables; None
    when there are too few to tell."""
    words = [w.text.strip(_PUNCTUATION) for w in read.words]
    words = [w for w in words if any(ch.isalpha() for ch in w)]
    if len(words) < MIN_WORDS:
        return None
    return sum(is_syllable(w) for w in words) / len(words)


def reads_poorly(read: OcrResult) -> bool:
    """Whether the read may be of a page upside down."""
    share = syllable_share(read)
    return share is not None and share < POOR_SHARE


def reads_better_turned(read: OcrResult, turned: OcrResult) -> bool:
    """Whether ``turned`` (the page turned over) reads as upright text where ``read`` did
    not. Its words must lie across the page: tesseract also reads a page lying on its
    side, one way round, word boxes standing tall, and turned over it still lies on its side."""
    share, turned_share = syllable_share(read), syllable_share(turned)
    return (share is not None and turned_share is not None
            and turned_share >= UPRIGHT_SHARE and turned_share >= GAIN * share and _lying_across(turned))


def _lying_across(read: OcrResult) -> bool:
    """Whether most of the read's words of three letters or more are wider than tall."""
    words = [w for w in read.words if sum(ch.isalpha() for ch in w.text) >= 3]
    across = sum(w.bbox[2] - w.bbox[0] > w.bbox[3] - w.bbox[1] for w in words)
    return bool(words) and across >= ACROSS_SHARE * len(words)
