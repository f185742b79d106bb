"""What a scanner file really is, by its content: magic bytes, and whether it ends early.

The name's extension is only a claim. A file whose content is a supported format is
accepted whatever it is called, unless its extension names a *different* supported
format (``report.pdf`` that is a JPEG): then the file is refused as a mismatch, since
something upstream mislabelled it and a person should look.
"""

from __future__ import annotations

import logging
import string
from enum import StrEnum
from pathlib import Path

from intake.errors import EmptyFileError, FileTooLargeError, FormatMismatchError, UnsupportedFormatError

log = logging.getLogger(__name__)

HEAD_BYTES = 1024  # a PDF header may start anywhere in the first KiB
TAIL_BYTES = 4096
_FAR_PAST_END = 16  # a TIFF directory further out than 16 x the file size is garbage, not a cut


class FileFormat(StrEnum):
    PDF = "pdf"
    TIFF = "tiff"
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"


EXTENSIONS: dict[str, FileFormat] = {
    ".pdf": FileFormat.PDF,
    ".tif": FileFormat.TIFF,
    ".tiff": FileFormat.TIFF,
    ".jpg": FileFormat.JPEG,
    ".jpeg": FileFormat.JPEG,
    ".jpe": FileFormat.JPEG,
    ".jfif": FileFormat.JPEG,
    ".png": FileFormat.PNG,
    ".webp": FileFormat.WEBP,
}

_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Content we recognise but do not take, so the message can say what the file is.
_OTHER_CONTENT: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a Word, Excel or OpenDocument file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x97JB2\r\n\x1a\n", "a bare JBIG2 stream"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "a JPEG 2000 image"),
    (b"\xff\x4f\xff\x51", "a JPEG 2000 codestream"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)
_BMP_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)
_TEXT_BYTES = frozenset(string.printable.encode())


def detect_format(path: Path, *, max_bytes: int) -> FileFormat:
    """The supported format ``path``'s content is, or the specific ``InputError`` why not."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError("file is empty (0 bytes)", source=path.name)
    if size > max_bytes:
        raise FileTooLargeError(f"file is {size:,} bytes, more than the limit of {max_bytes:,} bytes", source=path.name)
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
    content = format_of_content(head)
    suffix = path.suffix.lower()
    named = EXTENSIONS.get(suffix)
    if content is not None and named in (None, content):
        return content
    if content is not None:
        raise FormatMismatchError(
            f"named {suffix} but the content is a {content.upper()} file; rename it or rescan",
            source=path.name,
        )
    what = describe_content(head)
    if named is not None:
        raise FormatMismatchError(
            f"named {suffix} but the content is {what}, not a {named.upper()} file", source=path.name
        )
    raise UnsupportedFormatError(f"the content is {what}; scans must be PDF, TIFF, JPEG, PNG or WebP", source=path.name)


def format_of_content(head: bytes) -> FileFormat | None:
    """The supported format the first bytes of a file announce, if any."""
    if head.startswith(_TIFF_MAGIC):
        return FileFormat.TIFF
    if head.startswith(b"\xff\xd8\xff"):
        return FileFormat.JPEG
    if head.startswith(_PNG_MAGIC):
        return FileFormat.PNG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return FileFormat.WEBP
    if b"%PDF-" in head[:HEAD_BYTES]:
        return FileFormat.PDF
    return None


def describe_content(head: bytes) -> str:
    """A few words for a person about content that is not a supported scan format."""
    for magic, description in _OTHER_CONTENT:
        if head.startswith(magic):
            return description
    if head.startswith(b"BM") and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "a BMP image"
    if head[4:8] == b"ftyp":
        return "an ISO media file (HEIC/AVIF photo or video)"
    if all(byte in _TEXT_BYTES for byte in head) or _is_utf8_text(head):
        return "plain text"
    return "not a known file type"


def _is_utf8_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # the cut at HEAD_BYTES may split a character; allow that one
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return bool(text) and all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def ends_early(path: Path, file_format: FileFormat) -> bool:
    """Whether the file looks cut short rather than damaged: its structure starts but stops.

    PDF: objects but no ``%%EOF`` marker near the end. PNG/JPEG: no IEND chunk / EOI
    marker near the end (only asked once PIL has read the header). WebP: the RIFF size
    exceeds the file. TIFF: an image directory lies past the end, but not absurdly far
    past it (a random offset in garbage lies far beyond).
    """
    size = path.stat().st_size
    with open(path, "rb") as stream:
        head = stream.read(16)
        if file_format is FileFormat.TIFF:
            return _tiff_directories_end_early(stream, head, size)
        stream.seek(max(0, size - TAIL_BYTES))
        tail = stream.read()
        if file_format is FileFormat.PDF:
            return b"%%EOF" not in tail and _contains(stream, b"endobj")
    if file_format is FileFormat.JPEG:
        return b"\xff\xd9" not in tail[-HEAD_BYTES:]
    if file_format is FileFormat.PNG:
        return b"IEND" not in tail[-HEAD_BYTES:]
    if file_format is FileFormat.WEBP:
        return int.from_bytes(head[4:8], "little") + 8 > size and head[12:15] == b"VP8"
    return False


def _contains(stream, token: bytes, chunk_size: int = 1 << 20) -> bool:
    stream.seek(0)
    overlap = b""
    while chunk := stream.read(chunk_size):
        if token in overlap + chunk:
            return True
        overlap = chunk[-len(token) :]
    return False


def _tiff_directories_end_early(stream, head: bytes, size: int) -> bool:
    """Walk a classic TIFF's chain of image directories; True when one lies just past the end."""
    order = "little" if head.startswith(b"II") else "big"
    big = head[2:4] in (b"+\x00", b"\x00+")
    offset = int.from_bytes(head[8:16] if big else head[4:8], order)
    seen: set[int] = set()
    while offset and offset not in seen and not big:
        if offset >= size:
            break
        seen.add(offset)
        stream.seek(offset)
        entries = int.from_bytes(stream.read(2), order)
        stream.seek(offset + 2 + 12 * entries)
        next_bytes = stream.read(4)
        if len(next_bytes) < 4:
            return offset + 2 + 12 * entries + 4 <= _FAR_PAST_END * size
        offset = int.from_bytes(next_bytes, order)
    return size <= offset <= _FAR_PAST_END * size
