"""The officers' review queue: dossiers awaiting review (``ready``), oldest drop first,
one page of them at a time, each with how many of its fields an officer should check.

A field needs checking while it is doubtful (read below the review confidence, or
carrying warnings: a failed cross-check) and no officer has checked it yet (corrected
it, or confirmed it as read). The queue answers with one query for the page of rows, a
count of the matching dossiers, and one aggregate over the fields of the rows shown
only, so its cost does not grow with the fields of the whole backlog.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from intake.search_text import NAME_FIELD
from intake.store.tables import Dossier, DossierKind, DossierState, FieldValue, Page, Record, Scan

log = logging.getLogger(__name__)

MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which dossiers to list: a unit (None: every unit), a station, a procedure, and
    the drop time in ``[dropped_from, dropped_to)``."""

    unit: str | None = None
    station: str | None = None
    procedure_code: str | None = None
    dropped_from: datetime | None = None
    dropped_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class QueueRow:
    dossier_id: int
    dossier_code: str | None  # None while unassigned
    procedure_code: str | None
    applicant_name: str | None  # the record's, else the name read on the dossier's pages
    kind: DossierKind
    page_count: int
    station: str | None
    dropped_at: datetime  # when its scan was received (the dossier's creation if none)
    version: int
    fields_to_check: int


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    total: int  # rows matching in all
    offset: int
    limit: int


def field_is_doubtful(confidence: float, warnings: Sequence[str], threshold: float) -> bool:
    """Read below the review confidence, or with warnings: an officer should look at it."""
    return confidence < threshold or bool(warnings)


def field_needs_check(confidence: float, warnings: Sequence[str], checked: bool,
                      threshold: float) -> bool:
    """The rule the queue counts by, for one field in hand (``checked``: an officer
    corrected or confirmed it)."""
    return not checked and field_is_doubtful(confidence, warnings, threshold)


def review_queue(session: Session, filters: QueueFilter, *, confidence: float,
                 assigned: bool = True, offset: int = 0, limit: int = 50) -> QueuePage:
    """One page of ready dossiers, oldest drop first: those attached to a record, or
    with ``assigned=False`` those still waiting for one (no cover sheet)."""
    offset, limit = max(0, offset), max(1, min(limit, MAX_PAGE))
    dropped_at = func.coalesce(Scan.received_at, Dossier.created_at)
    conditions = [Dossier.state == DossierState.READY,
                  Dossier.record_id.is_not(None) if assigned else Dossier.record_id.is_(None),
                  *_filter_conditions(filters, dropped_at)]
    query = (select(Dossier.id, Record.dossier_code, Record.procedure_code,
                    Record.applicant_name, Dossier.kind, Dossier.page_count, Scan.station,
                    dropped_at.label("dropped_at"), Dossier.version)
             .outerjoin(Record, Record.id == Dossier.record_id)
             .outerjoin(Scan, Scan.id == Dossier.source_scan_id)
             .where(*conditions)
             .order_by(dropped_at, Dossier.id).offset(offset).limit(limit))
    found = session.execute(query).all()
    ids = [row.id for row in found]
    to_check = fields_to_check(session, ids, confidence)
    names = names_read(session, [row.id for row in found if not row.applicant_name])
    rows = tuple(QueueRow(dossier_id=row.id, dossier_code=row.dossier_code,
                          procedure_code=row.procedure_code,
                          applicant_name=row.applicant_name or names.get(row.id),
                          kind=DossierKind(row.kind),
                          page_count=row.page_count, station=row.station,
                          dropped_at=row.dropped_at, version=row.version,
                          fields_to_check=to_check.get(row.id, 0)) for row in found)
    return QueuePage(rows=rows, total=_count(session, filters, conditions), offset=offset,
                     limit=limit)


def fields_to_check(session: Session, dossier_ids: Sequence[int],
                    confidence: float) -> dict[int, int]:
    """For each of these dossiers that has any: how many fields of its pages (removed
    pages left out) need checking: doubtful, and neither corrected nor confirmed."""
    if not dossier_ids:
        return {}
    query = (select(Page.dossier_id, func.count(FieldValue.id))
             .join(FieldValue, FieldValue.page_id == Page.id)
             .where(Page.dossier_id.in_(list(dossier_ids)), Page.removed.is_(False),
                    FieldValue.corrected.is_(False), FieldValue.confirmed_at.is_(None),
                    or_(FieldValue.confidence < confidence, _has_warnings(session)))
             .group_by(Page.dossier_id))
    return {int(dossier_id): int(n) for dossier_id, n in session.execute(query).all()}


def names_read(session: Session, dossier_ids: Sequence[int]) -> dict[int, str]:
    """The first ``name`` field read on each of these dossiers' kept pages."""
    if not dossier_ids:
        return {}
    query = (select(Page.dossier_id, FieldValue.value)
             .join(FieldValue, FieldValue.page_id == Page.id)
             .where(Page.dossier_id.in_(list(dossier_ids)), Page.removed.is_(False),
                    FieldValue.key == NAME_FIELD, FieldValue.value != "")
             .order_by(Page.dossier_id, Page.number, FieldValue.id))
    names: dict[int, str] = {}
    for dossier_id, value in session.execute(query):
        names.setdefault(dossier_id, value)
    return names


def queue_procedures(session: Session, unit: str | None = None, limit: int = 100) -> list[str]:
    """The procedure codes of the unit's records, for the queue's filter."""
    query = (select(Record.procedure_code).where(Record.procedure_code.is_not(None))
             .distinct().order_by(Record.procedure_code).limit(limit))
    if unit is not None:
        query = query.where(Record.unit_code == unit)
    return [code for code in session.scalars(query).all() if code]


def _count(session: Session, filters: QueueFilter,
           conditions: Sequence[ColumnElement[bool]]) -> int:
    """How many dossiers match, joining a record or scan only when a filter needs it
    (a window count over the page's query would make SQLite read every row first)."""
    query = select(func.count(Dossier.id))
    if filters.procedure_code:
        query = query.outerjoin(Record, Record.id == Dossier.record_id)
    if filters.station or filters.dropped_from or filters.dropped_to:
        query = query.outerjoin(Scan, Scan.id == Dossier.source_scan_id)
    return int(session.scalar(query.where(*conditions)) or 0)


def _filter_conditions(filters: QueueFilter,
                       dropped_at: ColumnElement[datetime]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.unit is not None:
        conditions.append(Dossier.unit_code == filters.unit)
    if filters.station:
        conditions.append(Scan.station == filters.station)
    if filters.procedure_code:
        conditions.append(Record.procedure_code == filters.procedure_code)
    if filters.dropped_from is not None:
        conditions.append(dropped_at >= filters.dropped_from)
    if filters.dropped_to is not None:
        conditions.append(dropped_at < filters.dropped_to)
    return conditions


def _has_warnings(session: Session) -> ColumnElement[bool]:
    """``warnings`` is a non-empty JSON list (JSONB on PostgreSQL, JSON text on SQLite)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    length = func.jsonb_array_length if postgres else func.json_array_length
    return func.coalesce(length(FieldValue.warnings), 0) > 0
