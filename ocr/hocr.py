"""Tesseract's per-character alternatives (LSTM choices) from its hOCR output.

With ``-c lstm_choice_mode=2`` tesseract 5 writes, inside each ``ocrx_word``, one
``ocrx_cinfo`` group per character it read, holding the characters the LSTM weighed at
that place with their confidences (``x_confs``, 0-100)::

    <span class='ocrx_word' id='word_1_1' title='bbox 100 104 212 169; x_wconf 96'>tiếng
     <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
      <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 90.89'>t</span> ...

A group whose best choice is a space stands for the gap before the word and is left
out, so a word has one group per character (measured: 99.4% of 15,670 words on 71
generated pages; the rest get none). The words themselves come from the TSV of the
same run: hOCR rounds confidences to whole percents.

Only the words the caller asks about are read, with regular expressions: the corrector
needs alternatives for a handful of words per page, and parsing the whole hOCR as XML
took 35-60 ms per form page.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Callable

from ocr.model import BBox
from ocr.text import to_nfc

log = logging.getLogger(__name__)

CharChoices = tuple[tuple[str, float], ...]
"""The characters tesseract weighed at one place, with confidences 0..1, best first."""

_WORD = re.compile(r"<span class='ocrx_word' id='[^']*' title='bbox (\d+) (\d+) (\d+) (\d+);"
                   r"[^']*'>([^<]*)")
_NEXT_WORD = "<span class='ocrx_word'"
_GROUP = re.compile(r"id='lstm_choices[^']*'>((?:\s*<span class='ocrx_cinfo'[^>]*>[^<]*</span>)*)")
_CHOICE = re.compile(r"title='x_confs (-?[\d.]+)'>([^<]*)</span>")


def read_choices(hocr: str, wants_choices: Callable[[str], bool]) -> dict[tuple[str, BBox], tuple[CharChoices, ...]]:
    """(text, box) -> per character alternatives, for the words of ``hocr`` whose NFC
    text ``wants_choices``; words without alternatives are left out."""
    found: dict[tuple[str, BBox], tuple[CharChoices, ...]] = {}
    for match in _WORD.finditer(hocr):
        text = to_nfc(html.unescape(match.group(5)).strip())
        if not text or not wants_choices(text):
            continue
        end = hocr.find(_NEXT_WORD, match.end())
        groups = [_choices(group) for group in _GROUP.findall(hocr, match.end(), end if end >= 0 else len(hocr))]
        choices = tuple(group for group in groups if group and group[0][0].strip())
        if choices:
            box = tuple(int(v) for v in match.group(1, 2, 3, 4))
            found[(text, box)] = choices  # type: ignore[index]
    return found


def _choices(group: str) -> CharChoices:
    """One place's alternatives, best first (a space first: the gap before the word)."""
    out = [(to_nfc(html.unescape(char)), min(max(float(conf) / 100.0, 0.0), 1.0))
           for conf, char in _CHOICE.findall(group)]
    return tuple(sorted((c for c in out if c[0]), key=lambda c: -c[1]))
