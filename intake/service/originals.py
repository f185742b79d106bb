"""Originals: each scanned file is kept in ``data_dir/originals`` (``intake.reception``)
until its dossiers are committed, then for a retention period, then removed by
``sweep_originals``.

A scan's ``archive_path`` names its file relative to the data folder; a swept scan's
path is cleared, so each sweep only looks at what is still on disk.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from intake.reception import ORIGINALS, scan_file_path
from intake.store import ScanState, Store
from intake.store.tables import Scan, utcnow

log = logging.getLogger(__name__)

BATCH = 500


def sweep_originals(store: Store, data_dir: Path, retention: timedelta,
                    now: datetime | None = None) -> int:
    """Delete the originals of scans done more than ``retention`` ago; how many.

    Only files inside ``data_dir/originals`` are ever deleted (a quarantined scan's file
    lives in ``quarantine/`` and stays).
    """
    cutoff = (now or utcnow()) - retention
    root = (Path(data_dir) / ORIGINALS).resolve()
    removed = 0
    with store.session() as session:
        scans = session.scalars(
            select(Scan).where(Scan.state == ScanState.DONE, Scan.archive_path.is_not(None),
                               Scan.updated_at < cutoff).order_by(Scan.id).limit(BATCH)).all()
        for scan in scans:
            path = scan_file_path(data_dir, scan)
            if path is None or not path.resolve().is_relative_to(root):
                log.warning("scan %s: original %s is not in %s; left alone", scan.id, path, root)
                continue
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            scan.archive_path = None
    if removed:
        log.info("removed %d originals kept longer than %s", removed, retention)
    return removed
