"""The "does this file look like a scan" check run before a file is claimed.

``intake.sources.sniff_format`` is the real check where it exists; ``check_scan_file``
is a cheap built-in stand-in: the magic bytes of the formats scanners write, and the
end marker of a PDF or PNG (a file still being written usually lacks it).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from intake.errors import EmptyFileError, TruncatedFileError, UnsupportedFormatError

log = logging.getLogger(__name__)

TAIL_BYTES = 4096
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),
    (b"MM\x00+", "tiff"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
_END_MARKERS = {"pdf": b"%%EOF", "png": b"IEND"}


def check_scan_file(path: Path) -> None:
    """Raise an ``InputError`` unless ``path`` starts like a PDF, TIFF, JPEG or PNG and is not cut short."""
    with open(path, "rb") as stream:
        head = stream.read(16)
        if not head:
            raise EmptyFileError("file is empty", source=path.name)
        kind = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
        if kind is None:
            raise UnsupportedFormatError(f"not a PDF, TIFF, JPEG or PNG (starts with {head[:8]!r})", source=path.name)
        marker = _END_MARKERS.get(kind)
        if marker is None:
            return
        stream.seek(0, 2)
        stream.seek(max(0, stream.tell() - TAIL_BYTES))
        if marker not in stream.read():
            raise TruncatedFileError(f"{kind} has no {marker.decode()} end marker", source=path.name)


def default_check_file() -> Callable[[Path], None]:
    """``intake.sources.sniff_format`` when that module is available, else ``check_scan_file``."""
    try:
        from intake.sources import sniff_format
    except ImportError:
        log.info("intake.sources is not available; using the built-in scan file check")
        return check_scan_file
    return sniff_format
