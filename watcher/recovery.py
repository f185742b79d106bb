"""After a crash (or at every rescan): finish or undo half-done claims, list those to hand over.

The crash windows of ``watcher.claim.claim_file`` and how each is recovered:

1. Manifest not yet written (at most a hidden ``.*.tmp`` in ``claimed/``): the source is
   untouched. The temp file is removed; the start-up scan finds the source again.
2. Manifest written (``sha256`` null), rename not done: no claimed file, no staged file.
   The manifest is dropped; the source is still in the watched folder.
3. Renamed, manifest not completed: the claimed file exists. It is hashed, the manifest
   completed, and the scan handed over.
4. Cross-filesystem, staged but not fully copied: a ``*.copying`` partial (removed) and
   the staged ``.<claim_id>.intake-claim`` beside the original. The staged file goes back
   under its original name (or ``name (1).ext`` if that is taken); the manifest is dropped.
5. Cross-filesystem, copied but the staged source not yet unlinked: both exist. Equal
   SHA-256: the staged source is unlinked and recovery goes on as in 3. Different: the copy
   is deleted and the staged file goes back as in 4.
6. Manifest complete, not handed over (crash before or inside the callback, or the
   callback failed): the scan is handed over again, with the same ``claim_id``.
7. Handed over, manifest not yet renamed to ``.handed-over.json``: handed over again.
   Delivery is at least once; the consumer de-duplicates on ``claim_id`` (or ``sha256``).

A complete manifest whose claimed file is gone (the consumer took it, or it was moved to
quarantine just before a crash) is dropped with a warning. A manifest that cannot be read
is renamed to ``*.broken`` and reported once; scans are never deleted here.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from watcher.claim import (
    PENDING_MANIFEST,
    ClaimedScan,
    claimed_folder,
    complete_manifest,
    restore_staged,
    scan_from_record,
    staged_path,
)
from intake.durable import COPYING_SUFFIX, hash_file, read_json

log = logging.getLogger(__name__)


def recover_claims(work_dir: Path) -> list[ClaimedScan]:
    """Repair ``<work_dir>/claimed`` and return the scans still waiting to be handed over.

    Not safe to run while another thread or process claims into the same work area.
    """
    folder = claimed_folder(work_dir)
    if not folder.is_dir():
        return []
    remove_leftovers(folder)
    pending = []
    for manifest in sorted(folder.iterdir()):
        if not PENDING_MANIFEST.match(manifest.name):
            continue
        try:
            scan = recover_claim(manifest)
        except OSError as exc:
            log.warning("cannot recover claim %s yet (will retry): %s", manifest.name, exc)
            continue
        if scan is not None:
            pending.append(scan)
    return pending


def recover_claim(manifest: Path) -> ClaimedScan | None:
    """Bring one claim to a consistent state; the scan when it is to be handed over."""
    try:
        record = read_json(manifest)
        claim_id, original = record["claim_id"], Path(record["original_path"])
        claimed = manifest.parent / record["claimed_name"]
        scan_from_record(record, manifest.parent)  # every field present and well-formed
    except (ValueError, KeyError, TypeError) as exc:
        broken = manifest.with_name(manifest.name + ".broken")
        os.rename(manifest, broken)
        log.error("claim manifest %s is unreadable (%s); kept as %s", manifest.name, exc, broken.name)
        return None
    staged = staged_path(original, claim_id)
    if os.path.lexists(claimed) and os.path.lexists(staged):
        if hash_file(claimed) == hash_file(staged):
            staged.unlink()
        else:
            claimed.unlink()
    if not os.path.lexists(claimed):
        if os.path.lexists(staged):
            restore_staged(staged, original)
        elif record.get("sha256"):
            log.warning("claimed file %s is gone; dropping its manifest", claimed.name)
        manifest.unlink()
        return None
    if record.get("sha256") is None:
        log.info("completing the interrupted claim of %s", record["original_name"])
        return complete_manifest(manifest, record, hash_file(claimed))
    return scan_from_record(record, manifest.parent)


def remove_leftovers(folder: Path) -> None:
    """Delete partial copies and temp files that an interrupted write left in ``folder``."""
    for entry in folder.iterdir():
        partial = entry.name.endswith(COPYING_SUFFIX)
        temp = entry.name.startswith(".") and entry.name.endswith(".tmp")
        if (partial or temp) and entry.is_file():
            log.info("removing leftover %s", entry.name)
            entry.unlink(missing_ok=True)
