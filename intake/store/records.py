"""Records: one administrative case per dossier code, with its status (1-10)."""

from __future__ import annotations

import logging
import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from intake.store.audit import Actor, record_audit
from intake.store.errors import InvalidValueError, NotFoundError
from intake.store.events import EventType, append_event
from intake.store.inserts import insert_or_skip
from intake.store.search_index import index_record
from intake.store.tables import Record, RecordStatus, utcnow

log = logging.getLogger(__name__)

MAX_PAGE = 500
_SEARCHED = {"applicant_name", "applicant_id_number"}  # kept in the search index


def check_status(status: int) -> RecordStatus:
    try:
        return RecordStatus(int(status))
    except ValueError as exc:
        raise InvalidValueError(f"record status must be 1-10, not {status!r}") from exc


def upsert_record(session: Session, dossier_code: str, *, unit_code: str,
                  procedure_code: str | None = None, applicant_name: str | None = None,
                  applicant_id_number: str | None = None, status: int | None = None,
                  received_at: datetime | None = None, actor: Actor | None = None) -> Record:
    """Create the record, or update the values given (None leaves a value as it is).

    A status change made by an ``actor`` is audited. Safe when two processes upsert
    the same code at once: the insert decides who creates it.
    """
    changes: dict[str, Any] = {"procedure_code": procedure_code,
                               "applicant_name": _nfc(applicant_name),
                               "applicant_id_number": applicant_id_number,
                               "received_at": received_at, "unit_code": unit_code,
                               "status": None if status is None else int(check_status(status))}
    changes = {key: value for key, value in changes.items() if value is not None}
    created = _insert_record(session, dossier_code, {"status": RecordStatus.REGISTERED, **changes})
    record = _locked_record(session, dossier_code)
    if created:
        return record
    old = {key: _plain(getattr(record, key)) for key in changes
           if getattr(record, key) != changes[key]}
    if not old:
        return record
    for key in old:
        setattr(record, key, changes[key])
    record.updated_at = utcnow()
    session.flush()
    if old.keys() & _SEARCHED:
        index_record(session, record.id)
    new = {key: _plain(changes[key]) for key in old}
    if actor is not None:
        record_audit(session, actor, "record.updated", "record", record.id, old, new)
    append_event(session, EventType.RECORD_UPDATED,
                 {"dossier_code": dossier_code, "changed": sorted(old), "status": record.status},
                 record.unit_code)
    return record


def ensure_record_for_receipt(session: Session, dossier_code: str, unit_code: str,
                              procedure_code: str | None = None,
                              received_at: datetime | None = None) -> Record:
    """The record a receipt cover sheet names; created with status 2 (Được tiếp nhận)
    when the store has not heard of the code. An existing record is left alone."""
    _insert_record(session, dossier_code, {
        "unit_code": unit_code, "procedure_code": procedure_code,
        "status": RecordStatus.ACCEPTED, "received_at": received_at})
    return _locked_record(session, dossier_code)


def set_record_status(session: Session, dossier_code: str, status: int, actor: Actor,
                      unit: str | None = None) -> Record:
    record = get_record(session, dossier_code, unit)
    return upsert_record(session, dossier_code, unit_code=record.unit_code, status=status,
                         actor=actor)


def get_record(session: Session, dossier_code: str, unit: str | None = None) -> Record:
    """The record with its dossiers; NotFoundError when missing or of another unit."""
    record = find_record(session, dossier_code, unit)
    if record is None:
        raise NotFoundError(f"no record {dossier_code}")
    return record


def find_record(session: Session, dossier_code: str, unit: str | None = None) -> Record | None:
    query = (select(Record).where(Record.dossier_code == dossier_code)
             .options(selectinload(Record.dossiers)))
    if unit is not None:
        query = query.where(Record.unit_code == unit)
    return session.scalar(query)


def list_records(session: Session, *, unit: str | None = None, status: int | None = None,
                 procedure_code: str | None = None, received_from: datetime | None = None,
                 received_to: datetime | None = None, search: str | None = None,
                 offset: int = 0, limit: int = 50) -> tuple[list[Record], int]:
    """One page of records, newest first, and how many match in all.

    ``search`` matches part of the dossier code or applicant name, or the whole ID number;
    ``received_to`` is exclusive.
    """
    conditions = []
    if unit is not None:
        conditions.append(Record.unit_code == unit)
    if status is not None:
        conditions.append(Record.status == int(check_status(status)))
    if procedure_code is not None:
        conditions.append(Record.procedure_code == procedure_code)
    if received_from is not None:
        conditions.append(Record.received_at >= received_from)
    if received_to is not None:
        conditions.append(Record.received_at < received_to)
    if search:
        search = _nfc(search)
        conditions.append(or_(Record.dossier_code.contains(search, autoescape=True),
                              Record.applicant_name.icontains(search, autoescape=True),
                              Record.applicant_id_number == search))
    total = session.scalar(select(func.count(Record.id)).where(*conditions)) or 0
    query = (select(Record).where(*conditions).order_by(Record.id.desc())
             .offset(max(0, offset)).limit(max(1, min(limit, MAX_PAGE)))
             .options(selectinload(Record.dossiers)))
    return list(session.scalars(query)), total


def _insert_record(session: Session, dossier_code: str, values: dict[str, Any]) -> bool:
    now = utcnow()
    values = {key: value for key, value in values.items() if value is not None}
    new_id = insert_or_skip(session, Record,
                            {"dossier_code": dossier_code, "created_at": now, "updated_at": now,
                             **values}, keys=["dossier_code"])
    if new_id is None:
        return False
    log.info("record %s created with status %s", dossier_code, values["status"])
    index_record(session, new_id, with_dossiers=False)
    append_event(session, EventType.RECORD_CREATED,
                 {"dossier_code": dossier_code, "status": int(values["status"])},
                 values["unit_code"])
    return True


def _locked_record(session: Session, dossier_code: str) -> Record:
    """The row, locked for this transaction on PostgreSQL, and fresh in the session."""
    query = (select(Record).where(Record.dossier_code == dossier_code)
             .with_for_update().execution_options(populate_existing=True))
    return session.scalars(query).one()


def _nfc(text: str | None) -> str | None:
    return unicodedata.normalize("NFC", text) if text is not None else None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
