"""Safe, bounded file names for scans the watcher stores in its own folders.

Scanners and people name files freely: spaces, Vietnamese in NFD or NFC, names longer
than a filesystem allows once prefixed, leading dashes that look like options, even
newlines. The watcher keeps the original name in its records and stores the file under
a name made by ``safe_file_name``.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from pathlib import Path

_KEPT_PUNCTUATION = frozenset("._-+()[]@,=")
_RUNS_OF_UNDERSCORES = re.compile(r"_{2,}")
_LONGEST_SUFFIX = 12


def safe_file_name(name: str, *, max_bytes: int = 150, fallback: str = "scan") -> str:
    """Return ``name`` in NFC with unsafe characters replaced and at most ``max_bytes`` UTF-8 bytes.

    Letters and digits of any script are kept, whitespace, control characters, path
    separators and characters that cannot be encoded become ``_``; the extension is kept
    when the name has to be shortened.
    """
    normal = unicodedata.normalize("NFC", name)
    cleaned = _RUNS_OF_UNDERSCORES.sub("_", "".join(_safe_char(ch) for ch in normal))
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or not suffix.isalnum() or len(suffix) > _LONGEST_SUFFIX:
        stem, suffix = cleaned, ""
    else:
        suffix = "." + suffix
    short_stem = _truncate_utf8(stem.strip("._-"), max_bytes - len(suffix.encode())).rstrip("._-")
    return (short_stem or fallback) + suffix


def _safe_char(ch: str) -> str:
    if ch in _KEPT_PUNCTUATION:
        return ch
    if unicodedata.category(ch)[0] in "LNM":
        return ch
    return "_"


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def free_path(path: Path) -> Path:
    """``path`` if nothing is there yet, else ``name (1).ext``, ``name (2).ext``, ..."""
    if not os.path.lexists(path):
        return path
    stem, suffix = path.stem, path.suffix
    for number in itertools.count(1):
        candidate = path.with_name(f"{stem} ({number}){suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise AssertionError("unreachable")
