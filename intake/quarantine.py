"""Quarantine: where unusable scans wait, each with a JSON note saying why.

``<quarantine_dir>/<id>-<safe name>`` holds the file and ``<id>-<safe name>.json`` beside
it the reason: ``{"code", "message", "time", "station", "original_name", "original_path",
"sha256"}``. The file is moved first and the note written after it, so a crash between
leaves a file without a note (listed with code ``unknown``), never a note without a file.
``release`` puts a file back into a watched folder to be taken in again.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from intake.atomic import fsync_dir
from intake.durable import move_file, read_json, write_json
from intake.naming import free_path, safe_file_name

log = logging.getLogger(__name__)

REASON_SUFFIX = ".json"
UNKNOWN_CODE = "unknown"
_QUARANTINED_NAME = re.compile(r"^[0-9a-f]{32}-")


@dataclass(frozen=True, slots=True)
class QuarantinedFile:
    path: Path
    reason_path: Path
    code: str
    message: str
    time: datetime | None
    station: str
    original_name: str
    original_path: Path | None
    sha256: str | None


def quarantine(
    path: Path,
    *,
    code: str,
    message: str,
    station: str,
    quarantine_dir: Path,
    original_name: str | None = None,
    original_path: Path | None = None,
) -> Path:
    """Move ``path`` into quarantine with its reason; return where it now is.

    ``original_name``/``original_path`` default to ``path``'s own; pass them when the
    file was already claimed under another name.
    """
    quarantine_dir = Path(quarantine_dir)
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    original_name = original_name or path.name
    target = quarantine_dir / f"{uuid.uuid4().hex}-{safe_file_name(original_name)}"
    digest = move_file(path, target)
    note = {
        "code": code,
        "message": message,
        "time": datetime.now(timezone.utc).isoformat(),
        "station": station,
        "original_name": original_name,
        "original_path": str(original_path or path),
        "sha256": digest.sha256,
        "size": digest.size,
    }
    write_json(reason_path_for(target), note)
    log.warning("quarantined %s as %s: %s (%s)", original_name, target.name, message, code)
    return target


def reason_path_for(quarantined: Path) -> Path:
    return quarantined.with_name(quarantined.name + REASON_SUFFIX)


def list_quarantine(quarantine_dir: Path) -> list[QuarantinedFile]:
    """Everything in quarantine, oldest first (by the note's time, then by name)."""
    folder = Path(quarantine_dir)
    if not folder.is_dir():
        return []
    names = {entry.name for entry in folder.iterdir() if _QUARANTINED_NAME.match(entry.name)}
    items = [
        _describe(folder / name)
        for name in names
        if not (name.endswith(REASON_SUFFIX) and name[: -len(REASON_SUFFIX)] in names)
    ]
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(items, key=lambda item: (item.time or oldest, item.path.name))


def release(item: QuarantinedFile, folder: Path | None = None) -> Path:
    """Move a quarantined file back under its original name into ``folder``.

    ``folder`` defaults to the folder the file came from; a name already taken there gets
    a `` (1)`` suffix. The note is removed once the file is back.
    """
    target_folder = folder or (item.original_path.parent if item.original_path else None)
    if target_folder is None:
        raise ValueError(f"{item.path.name}: no original folder recorded; say where to release it")
    name = item.original_name
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        name = safe_file_name(name)
    target = free_path(Path(target_folder) / name)
    move_file(item.path, target)
    item.reason_path.unlink(missing_ok=True)
    fsync_dir(item.reason_path.parent)
    log.info("released %s from quarantine to %s", item.path.name, target)
    return target


def _describe(path: Path) -> QuarantinedFile:
    reason_path = reason_path_for(path)
    try:
        note = read_json(reason_path)
    except FileNotFoundError:
        note = {"code": UNKNOWN_CODE, "message": "no reason recorded (interrupted while quarantining)"}
    except (OSError, ValueError) as exc:
        note = {"code": UNKNOWN_CODE, "message": f"unreadable reason: {exc}"}
    original_path = note.get("original_path")
    return QuarantinedFile(
        path=path,
        reason_path=reason_path,
        code=str(note.get("code", UNKNOWN_CODE)),
        message=str(note.get("message", "")),
        time=_parse_time(note.get("time")),
        station=str(note.get("station", "")),
        original_name=str(note.get("original_name") or _QUARANTINED_NAME.sub("", path.name)),
        original_path=Path(original_path) if original_path else None,
        sha256=note.get("sha256"),
    )


def _parse_time(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
