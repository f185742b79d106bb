"""Claim a ready scan: move it out of the watched folder into the work area, exactly once.

``claim_file`` moves the file to ``<work_dir>/claimed/<claim_id>-<safe name>`` with one
atomic ``os.rename``; whoever renames first owns the file, so a second process (or a
restart) never sees it again. Beside it, ``<claim_id>.claim.json`` (the manifest)
records the station, the original name and path, the time, the size and SHA-256. The
manifest is written *before* the move (with ``sha256`` null) and completed after it,
each time atomically, so a crash at any point leaves a state ``recover_claims`` (in
``watcher.recovery``) can finish or undo. Once the scan is handed over the manifest is
renamed to ``<claim_id>.handed-over.json``; the consumer owns the file from then on and
calls ``discard_claim`` when it no longer needs it.

Across filesystems (a watched share, a local work area) ``os.rename`` fails with EXDEV.
The file is then first renamed, on its own filesystem, to a hidden staging name
``.<claim_id>.intake-claim`` beside it (still one atomic, exclusive step), copied into the
work area through a temp file, fsynced, renamed, re-read and compared by size and SHA-256;
only then is the staged source unlinked.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from intake.atomic import fsync_dir
from intake.durable import FileDigest, copy_durably, hash_file, read_json, verify_copy, write_json
from intake.naming import free_path, safe_file_name
from watcher.stations import Station, station_as_record, station_from_record

log = logging.getLogger(__name__)

CLAIMED_FOLDER = "claimed"
PENDING_SUFFIX = ".claim.json"
HANDED_OVER_SUFFIX = ".handed-over.json"
STAGED_SUFFIX = ".intake-claim"
PENDING_MANIFEST = re.compile(r"^[0-9a-f]{32}" + re.escape(PENDING_SUFFIX) + "$")
CLAIMED_NAME_BYTES = 150


@dataclass(frozen=True, slots=True)
class ClaimedScan:
    station: Station
    original_name: str
    original_path: Path
    claimed_path: Path
    sha256: str
    size: int
    claimed_at: datetime
    claim_id: str  # stable across re-deliveries after a restart: the idempotency key


def claimed_folder(work_dir: Path) -> Path:
    return Path(work_dir) / CLAIMED_FOLDER


def pending_manifest(claimed_dir: Path, claim_id: str) -> Path:
    return claimed_dir / f"{claim_id}{PENDING_SUFFIX}"


def handed_over_manifest(claimed_dir: Path, claim_id: str) -> Path:
    return claimed_dir / f"{claim_id}{HANDED_OVER_SUFFIX}"


def staged_path(original_path: Path, claim_id: str) -> Path:
    """Where a cross-filesystem claim parks the source while copying it."""
    return original_path.with_name(f".{claim_id}{STAGED_SUFFIX}")


def claim_file(path: Path, *, station: Station, work_dir: Path) -> ClaimedScan | None:
    """Move ``path`` into the work area; None when it vanished first (someone else took it)."""
    folder = claimed_folder(work_dir)
    folder.mkdir(parents=True, exist_ok=True)
    claim_id = uuid.uuid4().hex
    claimed_path = folder / f"{claim_id}-{safe_file_name(path.name, max_bytes=CLAIMED_NAME_BYTES)}"
    manifest = pending_manifest(folder, claim_id)
    record = {
        "claim_id": claim_id,
        "station": station_as_record(station),
        "original_name": path.name,
        "original_path": str(path),
        "claimed_name": claimed_path.name,
        "claimed_at": datetime.now(timezone.utc).isoformat(),
        "sha256": None,
        "size": None,
        "handover_attempts": 0,
    }
    write_json(manifest, record)
    try:
        digest = _move_into(path, claimed_path, claim_id)
    except BaseException as exc:
        if os.path.lexists(claimed_path) or os.path.lexists(staged_path(path, claim_id)):
            raise  # half done: the manifest stays so that recover_claims finishes or undoes it
        manifest.unlink(missing_ok=True)
        if not isinstance(exc, FileNotFoundError):
            raise
        log.info("%s vanished before it could be claimed", path)
        return None
    # From here on the scan is in the work area: a failure leaves the manifest for recovery.
    if digest is None:
        digest = hash_file(claimed_path)
    return complete_manifest(manifest, record, digest)


def complete_manifest(manifest: Path, record: dict, digest: FileDigest) -> ClaimedScan:
    """Record the claimed file's size and SHA-256 in its manifest."""
    record = {**record, "sha256": digest.sha256, "size": digest.size}
    write_json(manifest, record)
    return scan_from_record(record, manifest.parent)


def scan_from_record(record: dict, claimed_dir: Path) -> ClaimedScan:
    return ClaimedScan(
        station=station_from_record(record["station"]),
        original_name=record["original_name"],
        original_path=Path(record["original_path"]),
        claimed_path=claimed_dir / record["claimed_name"],
        sha256=record["sha256"],
        size=record["size"],
        claimed_at=datetime.fromisoformat(record["claimed_at"]),
        claim_id=record["claim_id"],
    )


def mark_handed_over(scan: ClaimedScan) -> None:
    """The consumer accepted ``scan``: it is not handed over again after a restart."""
    folder = scan.claimed_path.parent
    os.rename(pending_manifest(folder, scan.claim_id), handed_over_manifest(folder, scan.claim_id))
    fsync_dir(folder)


def record_failed_handover(scan: ClaimedScan) -> int:
    """Count one more failed hand-over in the manifest; return the count."""
    manifest = pending_manifest(scan.claimed_path.parent, scan.claim_id)
    record = read_json(manifest)
    record["handover_attempts"] = int(record.get("handover_attempts", 0)) + 1
    write_json(manifest, record)
    return record["handover_attempts"]


def forget_claim(scan: ClaimedScan) -> None:
    """Remove the manifests of ``scan`` (its file has gone elsewhere, e.g. to quarantine)."""
    folder = scan.claimed_path.parent
    pending_manifest(folder, scan.claim_id).unlink(missing_ok=True)
    handed_over_manifest(folder, scan.claim_id).unlink(missing_ok=True)


def discard_claim(scan: ClaimedScan) -> None:
    """For the consumer: delete the claimed file, then its manifest, once it is stored elsewhere."""
    scan.claimed_path.unlink(missing_ok=True)
    forget_claim(scan)


def restore_staged(staged: Path, original_path: Path) -> Path:
    """Put a staged source back under its original name (or a free variant of it)."""
    target = free_path(original_path)
    os.rename(staged, target)
    fsync_dir(target.parent)
    log.info("returned %s to the watched folder as %s", staged.name, target.name)
    return target


def _move_into(source: Path, claimed_path: Path, claim_id: str) -> FileDigest | None:
    """Rename, or stage + copy across filesystems; a digest only when the copy computed one."""
    try:
        os.rename(source, claimed_path)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    else:
        fsync_dir(claimed_path.parent)
        return None
    staged = staged_path(source, claim_id)
    os.rename(source, staged)
    try:
        digest = copy_durably(staged, claimed_path)
        verify_copy(claimed_path, digest)
    except BaseException:
        claimed_path.unlink(missing_ok=True)
        restore_staged(staged, source)
        raise
    staged.unlink()
    fsync_dir(staged.parent)
    return digest
