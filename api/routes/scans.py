"""Scans: uploads from scanners and services that push, their status, the quarantine
list and its retry."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from api.deps import OptionsDep, ReadSessionDep, Reader, Reviewer, ScanWatcher, StoreDep, Uploader
from api.schemas import Offset, RowId, ScanPublic, ScansPublic
from api.upload import FILE_FIELD, receive_upload, take_upload
from intake.reception import INCOMING, ReceivedScan, retry_scan
from intake.store import ScanState, Store, dossier_ids_for_scan, get_scan, list_scans

log = logging.getLogger(__name__)

router = APIRouter(prefix="/scans", tags=["scans"])

_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": [FILE_FIELD],
    "properties": {FILE_FIELD: {"type": "string", "format": "binary"},
                   "station": {"type": "string"}}}}}}}


@router.post("", status_code=202, response_model=ScanPublic, openapi_extra=_UPLOAD_BODY,
             responses={413: {"description": "file_too_large"},
                        415: {"description": "unsupported_format (quarantined)"},
                        422: {"description": "empty_file, format_mismatch, ... (quarantined)"}})
async def upload_scan(request: Request, caller: Uploader, store: StoreDep,
                      options: OptionsDep) -> ScanPublic:
    """Upload one scan file: checked like a dropped file, then queued (202). A file that
    fails the checks is quarantined and its error answered."""
    upload = await receive_upload(request, options.data_dir / INCOMING,
                                  options.upload_max_bytes)
    received = await run_in_threadpool(take_upload, store, upload, unit_code=caller.unit,
                                       data_dir=options.data_dir,
                                       max_bytes=options.upload_max_bytes)
    return await run_in_threadpool(_scan_public, store, received)


@router.get("", response_model=ScansPublic)
def read_scans(caller: Reader, session: ReadSessionDep, state: ScanState | None = None,
               station: str | None = None, offset: Offset = 0,
               limit: Annotated[int, Query(ge=1, le=500)] = 50) -> ScansPublic:
    """Scans, newest first; ``state=quarantined`` lists the quarantine with reasons."""
    scans, total = list_scans(session, state=state, unit=caller.unit, station=station,
                              offset=offset, limit=limit)
    return ScansPublic(scans=[ScanPublic.from_row(s) for s in scans], total=total)


@router.get("/{scan_id}", response_model=ScanPublic)
def read_scan(scan_id: RowId, caller: ScanWatcher, session: ReadSessionDep) -> ScanPublic:
    """A scan's state, its error when quarantined, its dossiers when done."""
    scan = get_scan(session, scan_id, caller.unit)
    return ScanPublic.from_row(scan, dossier_ids_for_scan(session, scan.id))


@router.post("/{scan_id}/retry", status_code=202, response_model=ScanPublic)
def retry(scan_id: RowId, caller: Reviewer, store: StoreDep, options: OptionsDep) -> ScanPublic:
    """Queue a quarantined scan again once its file is fixed or replaced."""
    received = retry_scan(store, scan_id, unit=caller.unit, data_dir=options.data_dir)
    return _scan_public(store, received)


def _scan_public(store: Store, received: ReceivedScan) -> ScanPublic:
    with store.read_session() as session:
        return ScanPublic.from_row(get_scan(session, received.scan_id))
