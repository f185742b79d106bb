"""Which files in a watched folder are not scans: temp files, system files, our own folders.

Scanners and copy tools write ``.tmp``/``.part`` files and rename them when done; Windows,
macOS and NAS boxes leave thumbnails, index folders and recycle bins on shares. Names are
compared case-insensitively (SMB shares are), and a rule on a folder name covers
everything inside it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

log = logging.getLogger(__name__)

TEMP_PATTERNS = (
    "*.tmp", "*.temp", "*.part", "*.partial", "*.filepart", "*.crdownload", "*.download",
    "*.swp", "~$*", "~*.tmp",
)
SYSTEM_NAMES = (
    "thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "@eadir", "#recycle", "#snapshot",
    ".trashes", "$recycle.bin", "system volume information", "lost+found",
)


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """``patterns`` are shell patterns matched, case-insensitively, against each path part."""

    patterns: tuple[str, ...] = TEMP_PATTERNS + SYSTEM_NAMES
    own_folders: tuple[Path, ...] = ()
    ignore_hidden: bool = True


def make_ignore_rules(
    *, extra_patterns: tuple[str, ...] | list[str] = (), own_folders: tuple[Path, ...] | list[Path] = ()
) -> IgnoreRules:
    """The default rules plus ``extra_patterns``, skipping the service's ``own_folders``."""
    defaults = IgnoreRules()
    return IgnoreRules(
        patterns=defaults.patterns + tuple(pattern.casefold() for pattern in extra_patterns),
        own_folders=tuple(Path(os.path.abspath(folder)) for folder in own_folders),
    )


def is_ignored(path: Path, root: Path, rules: IgnoreRules) -> bool:
    """Whether ``path``, found under the watched folder ``root``, is to be left alone."""
    absolute = Path(os.path.abspath(path))
    if any(absolute == own or absolute.is_relative_to(own) for own in rules.own_folders):
        return True
    try:
        parts = absolute.relative_to(os.path.abspath(root)).parts
    except ValueError:
        return True  # not under this station's folder at all
    return any(_is_ignored_name(part, rules) for part in parts)


def _is_ignored_name(name: str, rules: IgnoreRules) -> bool:
    if rules.ignore_hidden and name.startswith("."):
        return True
    folded = name.casefold()
    return any(fnmatchcase(folded, pattern) for pattern in rules.patterns)
