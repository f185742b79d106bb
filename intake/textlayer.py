"""The invisible text layer of a dossier PDF: a glyphless font and the words placed with it.

Each OCR word is drawn in text render mode 3 (neither filled nor stroked) over the page
image, at its box, so a viewer's search and selection find it where the eye sees it.

The font is a TrueType font with one empty glyph of a fixed advance. It is embedded as a
Type0 font with Identity-H encoding: the text is written as UTF-16BE code units, which
are the CIDs; ``CIDToGIDMap`` sends every CID to the empty glyph, and an identity
``ToUnicode`` CMap turns the CIDs back into the Unicode text on copy. Widths in the PDF
(``DW``/``W``) equal the glyph's advance in the font's ``hmtx``, as PDF/A requires, and no
text showing operator ever reaches ``.notdef`` (glyph 0).
"""

from __future__ import annotations

import io
import itertools
import logging
import zlib
from collections.abc import Iterable, Sequence
from functools import cache

import pikepdf
from fontTools.fontBuilder import FontBuilder
from fontTools.misc.timeTools import timestampFromString
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pikepdf import Array, Dictionary, Name

from ocr.model import OcrResult, Word

log = logging.getLogger(__name__)

FONT_NAME = "GlyphLessFont"
FONT_RESOURCE = Name("/FGlyphLess")
UNITS_PER_EM = 1000
GLYPH_ADVANCE = 500  # font units; every CID is this wide
ASCENT = 800
DESCENT = -200  # so a line's box is exactly one em: ascent - descent == UNITS_PER_EM
DESCENT_FRACTION = -DESCENT / UNITS_PER_EM
REPLACEMENT = "\ufffd"  # stands in for a character outside the Basic Multilingual Plane
SPACE_CID = b"\x00\x20"
MIN_SCALE_PERCENT = 1.0  # Tz for a zero-width gap: tiny but never negative


@cache
def build_glyphless_font() -> bytes:
    """The TrueType program: ``.notdef`` and one empty glyph, both ``GLYPH_ADVANCE`` wide.

    Built once per process; the bytes are the same every time.
    """
    glyph_order = [".notdef", "blank"]
    builder = FontBuilder(UNITS_PER_EM, isTTF=True)
    builder.setupGlyphOrder(glyph_order)
    builder.setupCharacterMap({0x20: "blank"})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty for name in glyph_order})
    builder.setupHorizontalMetrics({name: (GLYPH_ADVANCE, 0) for name in glyph_order})
    builder.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    builder.setupNameTable({"familyName": FONT_NAME, "styleName": "Regular",
                            "psName": FONT_NAME})
    builder.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, sTypoLineGap=0,
                     usWinAscent=ASCENT, usWinDescent=-DESCENT, sxHeight=500, sCapHeight=ASCENT)
    builder.setupPost(keepGlyphNames=False)
    # Fixed dates keep the program, and so the PDF, the same from run to run.
    fixed = timestampFromString("Mon Jan  1 00:00:00 2024")
    builder.updateHead(created=fixed, modified=fixed)
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def identity_to_unicode_cmap() -> bytes:
    """A ToUnicode CMap mapping each 2-byte CID to the same UTF-16 code unit.

    One ``bfrange`` per high byte, since a range may only run through its last byte;
    the surrogate high bytes D8-DF are left out (the text layer never writes them).
    """
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>"
              for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    blocks = []
    for start in range(0, len(ranges), 100):  # at most 100 entries per block
        chunk = ranges[start:start + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n"
            ).encode("ascii")


def add_glyphless_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """Embed the glyphless font in ``pdf`` once; returns the Type0 font to share across pages."""
    program = build_glyphless_font()
    font_file = pdf.make_stream(zlib.compress(program), Filter=Name.FlateDecode,
                                Length1=len(program))
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/" + FONT_NAME), Flags=4,  # symbolic
        FontBBox=Array([0, DESCENT, GLYPH_ADVANCE, ASCENT]), ItalicAngle=0,
        Ascent=ASCENT, Descent=DESCENT, CapHeight=ASCENT, StemV=80, FontFile2=font_file))
    every_cid_to_glyph_1 = b"\x00\x01" * 65536
    cid_to_gid = pdf.make_stream(zlib.compress(every_cid_to_glyph_1, 9), Filter=Name.FlateDecode)
    scale = 1000 / UNITS_PER_EM
    width = round(GLYPH_ADVANCE * scale)
    cid_font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + FONT_NAME),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=descriptor, DW=width, W=Array([0, 65535, width]),
        CIDToGIDMap=cid_to_gid))
    to_unicode = pdf.make_stream(zlib.compress(identity_to_unicode_cmap(), 9),
                                 Filter=Name.FlateDecode)
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + FONT_NAME),
        Encoding=Name("/Identity-H"), DescendantFonts=Array([cid_font]), ToUnicode=to_unicode))


def encode_cids(text: str) -> bytes:
    """``text`` as UTF-16BE code units (the CIDs); controls dropped, non-BMP replaced."""
    kept = []
    for char in text:
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code <= 0xDFFF:
            continue
        kept.append(REPLACEMENT if code > 0xFFFF else char)
    return "".join(kept).encode("utf-16-be")


def text_layer_content(ocr: OcrResult, dpi: float) -> bytes:
    """The page content stream that writes ``ocr``'s words invisibly at their boxes.

    Boxes are in image pixels; the stream scales pixels to points itself, so it fits a
    page of ``ocr.width / dpi * 72`` by ``ocr.height / dpi * 72`` points.
    """
    lines = [_line_operators(words, ocr.height) for words in group_lines(ocr.words)]
    lines = [ops for ops in lines if ops]
    if not lines:
        return b""
    unit = 72.0 / dpi
    head = [b"q", f"{_num(unit)} 0 0 {_num(unit)} 0 0 cm".encode(), b"BT", b"3 Tr"]
    return b"\n".join(head + list(itertools.chain.from_iterable(lines)) + [b"ET", b"Q", b""])


def group_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Consecutive words that share ``Word.line``, each line ordered left to right."""
    return [sorted(group, key=lambda w: w.bbox[0])
            for _, group in itertools.groupby(words, key=lambda w: w.line)]


def _line_operators(words: Sequence[Word], page_height: int) -> list[bytes]:
    """Operators for one line: each word at the line's baseline, a stretched space between."""
    placed = [(word.bbox, cids) for word in words if (cids := encode_cids(word.text.strip()))]
    if not placed:
        return []
    top = min(box[1] for box, _ in placed)
    bottom = max(box[3] for box, _ in placed)
    font_size = max(bottom - top, 1)
    baseline = page_height - bottom + DESCENT_FRACTION * font_size  # PDF y grows upwards
    ops = [f"{FONT_RESOURCE} {_num(font_size)} Tf".encode()]
    for (box, cids), following in itertools.zip_longest(placed, placed[1:]):
        ops.append(f"{_scale(box[2] - box[0], len(cids) // 2, font_size)} Tz".encode())
        ops.append(f"1 0 0 1 {_num(box[0])} {_num(baseline)} Tm".encode())
        ops.append(b"<" + cids.hex().upper().encode() + b"> Tj")
        if following is not None:
            gap = following[0][0] - box[2]
            ops.append(f"{_scale(gap, 1, font_size)} Tz <{SPACE_CID.hex()}> Tj".encode())
    return ops


def _scale(width: float, glyphs: int, font_size: float) -> str:
    """Horizontal scaling (percent) that makes ``glyphs`` glyphs span ``width`` pixels."""
    natural = glyphs * GLYPH_ADVANCE / UNITS_PER_EM * font_size
    return _num(max(100.0 * width / natural, MIN_SCALE_PERCENT))


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"

