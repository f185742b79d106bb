"""Content-addressed files: page images, dossier PDFs and scans, keyed by their sha256.

A blob lives at ``root/ab/cd/<sha256>``. Writes are atomic (a temporary file, fsync,
``os.replace``, fsync of the folder), so a reader never sees half a blob, and putting
the same content twice is a no-op that returns the same key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

from intake.atomic import fsync_dir, write_atomic
from intake.store.errors import BlobError, NotFoundError

log = logging.getLogger(__name__)

_CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobStore(Protocol):
    def put(self, data: bytes | Path) -> str: ...

    def open(self, sha: str) -> BinaryIO: ...

    def path(self, sha: str) -> Path | None: ...

    def exists(self, sha: str) -> bool: ...

    def size(self, sha: str) -> int: ...


def hash_file(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_sha(sha: str) -> str:
    """``sha`` if it is a lower-case hex sha256, so that no path can pose as a key."""
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        raise NotFoundError(f"not a blob key: {sha!r}")
    return sha


class LocalBlobStore:
    """Blobs as files under one folder on a local (or shared) disk."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def put(self, data: bytes | Path) -> str:
        """Store bytes, or a file read once while hashing, and return the sha256."""
        try:
            if isinstance(data, (bytes, bytearray, memoryview)):
                return self._put_bytes(bytes(data))
            return self._put_file(Path(data))
        except OSError as exc:
            raise BlobError(f"cannot store blob: {exc}") from exc

    def open(self, sha: str) -> BinaryIO:
        try:
            return self._location(sha).open("rb")
        except FileNotFoundError as exc:
            raise NotFoundError(f"no blob {sha}") from exc

    def path(self, sha: str) -> Path | None:
        location = self._location(sha)
        return location if location.is_file() else None

    def exists(self, sha: str) -> bool:
        return self._location(sha).is_file()

    def size(self, sha: str) -> int:
        try:
            return self._location(sha).stat().st_size
        except FileNotFoundError as exc:
            raise NotFoundError(f"no blob {sha}") from exc

    def _location(self, sha: str) -> Path:
        check_sha(sha)
        return self.root / sha[:2] / sha[2:4] / sha

    def _put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self._location(sha)
        if target.is_file():
            return sha
        write_atomic(target, data)
        log.debug("stored blob %s", sha)
        return sha

    def _put_file(self, source: Path) -> str:
        """Copy into a temporary file while hashing, so the key matches the bytes kept
        even if the source changes under us."""
        incoming = self.root / ".incoming"
        incoming.mkdir(exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".tmp-", dir=incoming)
        temp = Path(temp_name)
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as stream:
                for chunk in iter(lambda: stream.read(_CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
                _flush(out)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        sha = digest.hexdigest()
        target = self._location(sha)
        if target.is_file():
            temp.unlink(missing_ok=True)
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        _publish(temp, target)
        return sha


def _flush(out: BinaryIO) -> None:
    out.flush()
    os.fsync(out.fileno())


def _publish(temp: Path, target: Path) -> None:
    """Rename a written, synced ``temp`` onto ``target`` in one step; sync the folder."""
    try:
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    log.debug("stored blob %s", target.name)
