"""File moves and records that survive a crash: hash while reading, fsync before rename.

A move is an atomic ``os.rename`` where source and target share a filesystem; across
filesystems (a watched SMB share, a local work area) it is a copy into a temp file
beside the target, fsync, rename, a re-read that must give the same size and SHA-256,
and only then the source is unlinked.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from intake.atomic import fsync_dir, write_atomic

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
COPYING_SUFFIX = ".copying"


@dataclass(frozen=True, slots=True)
class FileDigest:
    size: int
    sha256: str


def hash_file(path: Path) -> FileDigest:
    """Stream ``path`` once and return its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return FileDigest(size, digest.hexdigest())


def copy_durably(source: Path, target: Path) -> FileDigest:
    """Copy ``source`` to ``target`` through ``target.copying``; return the digest of what was read."""
    partial = target.with_name(target.name + COPYING_SUFFIX)
    digest = hashlib.sha256()
    size = 0
    try:
        with open(source, "rb") as reader, open(partial, "xb") as writer:
            while chunk := reader.read(CHUNK_BYTES):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        os.rename(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return FileDigest(size, digest.hexdigest())


def verify_copy(copied: Path, expected: FileDigest) -> None:
    """Re-read ``copied``; raise ``OSError(EIO)`` when it differs from ``expected``."""
    actual = hash_file(copied)
    if actual != expected:
        raise OSError(errno.EIO, f"copy differs from source ({actual} != {expected})", str(copied))


def move_file(source: Path, target: Path) -> FileDigest:
    """Move ``source`` to ``target`` (no overwrite expected) and return the moved file's digest."""
    try:
        os.rename(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        digest = copy_durably(source, target)
        verify_copy(target, digest)
        source.unlink()
        fsync_dir(source.parent)
        return digest
    fsync_dir(target.parent)
    return hash_file(target)


def write_json(path: Path, record: dict) -> None:
    """Write ``record`` as JSON atomically; names that are not valid UTF-8 fall back to escapes."""
    try:
        data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    except UnicodeEncodeError:
        data = json.dumps(record, ensure_ascii=True, indent=2).encode("ascii")
    write_atomic(path, data + b"\n")


def read_json(path: Path) -> dict:
    """Read a JSON record; raise ``ValueError`` when it is not a JSON object."""
    record = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(record, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return record
