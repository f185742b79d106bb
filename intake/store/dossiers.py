"""Dossiers with their pages and fields, and the officers' review: corrections,
confirmations, assignment to a record, approval.

Every officer's change names the dossier ``version`` it was made against; the change
applies only if that is still the version in the store (optimistic concurrency), and
bumps it. A stale version is a ``ConflictError``: someone else changed the dossier.

A confirmation (the officer read the field and it is right) changes no value, so it
names the value the officer saw instead of the version, and leaves the version alone:
officers checking a dossier with Tab, Tab, Tab would otherwise turn every page open on
it stale at each keystroke, and two of them would keep refusing each other's work
though neither changed anything. What a version guards against is still caught: a
confirmation of a value someone has changed since is refused (``FieldChangedError``),
and a correction or page change made from a page opened before a confirmation loses
nothing the confirmation said (a corrected field counts as checked too).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from intake.store.audit import Actor, record_audit
from intake.store.errors import ConflictError, NotFoundError
from intake.store.events import EventType, append_event
from intake.store.field_values import normalise_field_value
from intake.store.search_index import index_dossier
from intake.store.tables import (
    Dossier,
    DossierKind,
    DossierState,
    FieldValue,
    Page,
    Record,
    utcnow,
)
from ocr.model import Field

log = logging.getLogger(__name__)

MAX_PAGE = 500


class FieldChangedError(ConflictError):
    """The field an officer confirmed no longer holds the value the officer saw."""

    code = "field_changed"


class UnassignedDossierError(ConflictError):
    """A dossier attached to no record cannot be approved: attach it first."""

    code = "unassigned"


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page of a new dossier, its images already in the blob store."""

    number: int  # 1-based within the dossier
    source_scan_id: int | None = None
    source_page: int | None = None  # 1-based within the scanned file
    rotation: int = 0
    skew_deg: float = 0.0
    text: str = ""
    confidence: float | None = None
    document_type: str | None = None
    image_sha: str | None = None
    preview_sha: str | None = None
    width: int | None = None
    height: int | None = None
    fields: Mapping[str, Field] = field(default_factory=dict)
    ocr_seconds: float | None = None  # wall time of the OCR engine on this page


def add_dossier_with_pages(session: Session, pages: Sequence[PageInput], *,
                           record: Record | None = None,
                           kind: DossierKind = DossierKind.SUBMISSION,
                           unit_code: str | None = None, source_scan_id: int | None = None,
                           pdf_sha: str | None = None, created_by: str | None = None,
                           ready: bool = True) -> Dossier:
    """Store a dossier, its pages and their fields; unassigned when ``record`` is None.

    A ``ready`` dossier (the pipeline finished it) is announced with ``dossier.ready``.
    """
    now = utcnow()
    dossier = Dossier(
        record_id=record.id if record else None, kind=DossierKind(kind),
        state=DossierState.READY if ready else DossierState.PROCESSING,
        unit_code=unit_code or (record.unit_code if record else None), pdf_sha=pdf_sha,
        original_pdf_sha=pdf_sha,
        page_count=len(pages), version=1, source_scan_id=source_scan_id, created_at=now,
        created_by=created_by, updated_at=now, ready_at=now if ready else None,
        pages=[_page_row(page) for page in pages])
    session.add(dossier)
    session.flush()
    index_dossier(session, dossier.id)
    log.info("dossier %s stored: %d pages, record %s", dossier.id, len(pages),
             record.dossier_code if record else "unassigned")
    if ready:
        _announce(session, EventType.DOSSIER_READY, dossier, record)
    return dossier


def mark_dossier_ready(session: Session, dossier_id: int, pdf_sha: str) -> Dossier:
    """A dossier stored while ``processing`` has its PDF now."""
    dossier = get_dossier(session, dossier_id)
    if dossier.state != DossierState.PROCESSING:
        raise ConflictError(f"dossier {dossier_id} is {dossier.state}, not processing")
    dossier.state, dossier.pdf_sha = DossierState.READY, pdf_sha
    dossier.original_pdf_sha = dossier.original_pdf_sha or pdf_sha
    dossier.ready_at = dossier.updated_at = utcnow()
    session.flush()
    _announce(session, EventType.DOSSIER_READY, dossier, dossier.record)
    return dossier


def get_dossier(session: Session, dossier_id: int, unit: str | None = None) -> Dossier:
    """The dossier with pages and fields; NotFoundError when missing or of another unit."""
    query = (select(Dossier).where(Dossier.id == dossier_id)
             .options(selectinload(Dossier.pages).selectinload(Page.fields),
                      selectinload(Dossier.record)))
    if unit is not None:
        query = query.where(Dossier.unit_code == unit)
    dossier = session.scalar(query)
    if dossier is None:
        raise NotFoundError(f"no dossier {dossier_id}")
    return dossier


def list_dossiers(session: Session, *, record_id: int | None = None, unassigned: bool = False,
                  state: DossierState | None = None, unit: str | None = None,
                  offset: int = 0, limit: int = 50) -> tuple[list[Dossier], int]:
    """One page of dossiers (without pages), newest first, and how many match in all."""
    conditions = []
    if record_id is not None:
        conditions.append(Dossier.record_id == record_id)
    if unassigned:
        conditions.append(Dossier.record_id.is_(None))
    if state is not None:
        conditions.append(Dossier.state == DossierState(state))
    if unit is not None:
        conditions.append(Dossier.unit_code == unit)
    total = session.scalar(select(func.count(Dossier.id)).where(*conditions)) or 0
    query = (select(Dossier).where(*conditions).order_by(Dossier.id.desc())
             .offset(max(0, offset)).limit(max(1, min(limit, MAX_PAGE))))
    return list(session.scalars(query)), total


def correct_field(session: Session, field_id: int, new_value: str, who: Actor,
                  expected_version: int, unit: str | None = None) -> FieldValue:
    """An officer's correction of one field, made against dossier ``expected_version``.

    The value is kept as ``intake.store.field_values`` says (trimmed, at most so long,
    dates as ISO; ``InvalidValueError`` otherwise). Audited with the old and new value;
    the dossier's version goes up by one.
    """
    value, dossier = _field_and_dossier(session, field_id, unit)
    new_value = normalise_field_value(value.key, new_value)
    bump_version(session, dossier, expected_version, editable=True)
    old = value.value
    value.value, value.corrected = new_value, True
    session.flush()
    index_dossier(session, dossier.id)
    record_audit(session, who, "field.corrected", "field", value.id,
                 {"dossier_id": dossier.id, "key": value.key, "value": old},
                 {"dossier_id": dossier.id, "key": value.key, "value": new_value})
    _announce(session, EventType.DOSSIER_CORRECTED, dossier, dossier.record,
              field_id=value.id, key=value.key)
    return value


def confirm_field(session: Session, field_id: int, seen_value: str, who: Actor,
                  unit: str | None = None) -> FieldValue:
    """An officer's word that field ``field_id`` is right as ``seen_value``: from now on
    it counts as checked (``FieldValue.checked``), on every page and in the queue.

    Audited as ``field.confirmed``; the version stays (see the module text). Refused
    with ``FieldChangedError`` when the value changed since the officer saw it, and on
    an approved dossier; a field already checked is answered as it is.
    """
    value, dossier = _field_and_dossier(session, field_id, unit)
    # wait for a change of this dossier in flight (PostgreSQL; SQLite writes one at a
    # time), then judge by what it left
    session.execute(select(Dossier.id).where(Dossier.id == dossier.id).with_for_update())
    session.refresh(dossier, ["state"])
    session.refresh(value, ["value", "corrected", "confirmed_at", "confirmed_by"])
    if dossier.state == DossierState.APPROVED:
        raise ConflictError(f"dossier {dossier.id} is approved and can no longer change")
    if value.value != seen_value:
        raise FieldChangedError(f"field {field_id} now reads {value.value!r}, "
                                f"not {seen_value!r} as the officer saw it")
    if value.checked:
        return value
    value.confirmed_at, value.confirmed_by = utcnow(), who.name
    session.flush()
    record_audit(session, who, "field.confirmed", "field", value.id, None,
                 {"dossier_id": dossier.id, "key": value.key, "value": value.value})
    return value


def assign_dossier(session: Session, dossier_id: int, record: Record, who: Actor,
                   expected_version: int) -> Dossier:
    """Attach a dossier (typically an unassigned one) to ``record``."""
    dossier = get_dossier(session, dossier_id)
    old_record = dossier.record.dossier_code if dossier.record else None
    bump_version(session, dossier, expected_version, editable=True)
    dossier.record_id, dossier.unit_code = record.id, record.unit_code
    session.flush()
    session.refresh(dossier, ["record"])
    index_dossier(session, dossier.id)
    record_audit(session, who, "dossier.assigned", "dossier", dossier.id,
                 {"dossier_code": old_record}, {"dossier_code": record.dossier_code})
    _announce(session, EventType.DOSSIER_ASSIGNED, dossier, record)
    return dossier


def approve_dossier(session: Session, dossier_id: int, who: Actor, expected_version: int,
                    unit: str | None = None) -> Dossier:
    """The officer has checked the dossier: ``ready`` becomes ``approved``."""
    dossier = get_dossier(session, dossier_id, unit)
    if dossier.state != DossierState.READY:
        raise ConflictError(f"dossier {dossier_id} is {dossier.state}; only a ready one "
                            "can be approved")
    if dossier.record_id is None:
        raise UnassignedDossierError(f"dossier {dossier_id} is attached to no record; "
                                     "attach it before approving")
    bump_version(session, dossier, expected_version, editable=False)
    now = utcnow()
    dossier.state, dossier.approved_at, dossier.approved_by = DossierState.APPROVED, now, who.name
    session.flush()
    record_audit(session, who, "dossier.approved", "dossier", dossier.id,
                 {"state": str(DossierState.READY)}, {"state": str(DossierState.APPROVED)})
    _announce(session, EventType.DOSSIER_APPROVED, dossier, dossier.record)
    return dossier


def bump_version(session: Session, dossier: Dossier, expected_version: int,
                  editable: bool) -> None:
    """Raise the version from ``expected_version`` by one, in the database itself, so
    two officers saving at once cannot both win."""
    if editable and dossier.state == DossierState.APPROVED:
        raise ConflictError(f"dossier {dossier.id} is approved and can no longer change")
    bumped = session.execute(
        update(Dossier).where(Dossier.id == dossier.id, Dossier.version == expected_version)
        .values(version=Dossier.version + 1, updated_at=utcnow())
        .returning(Dossier.version)).scalar_one_or_none()
    if bumped is None:
        session.refresh(dossier, ["version"])
        raise ConflictError(f"dossier {dossier.id} changed: it is at version {dossier.version}, "
                            f"the change was made against version {expected_version}")
    session.refresh(dossier, ["version", "updated_at"])


def _field_and_dossier(session: Session, field_id: int,
                       unit: str | None) -> tuple[FieldValue, Dossier]:
    found = session.execute(
        select(FieldValue, Dossier).join(FieldValue.page).join(Page.dossier)
        .where(FieldValue.id == field_id)).one_or_none()
    if found is None or (unit is not None and found.Dossier.unit_code != unit):
        raise NotFoundError(f"no field {field_id}")
    return found.FieldValue, found.Dossier


def _announce(session: Session, type: EventType, dossier: Dossier, record: Record | None,
              **extra: object) -> None:
    payload = {"dossier_id": dossier.id, "kind": str(dossier.kind), "state": str(dossier.state),
               "version": dossier.version, **extra}
    if record is not None:
        payload["dossier_code"] = record.dossier_code
    append_event(session, type, payload, dossier.unit_code)


def _page_row(page: PageInput) -> Page:
    return Page(number=page.number, original_number=page.number, source_scan_id=page.source_scan_id,
                source_page=page.source_page, rotation=page.rotation, skew_deg=page.skew_deg,
                text=page.text, confidence=page.confidence, document_type=page.document_type,
                image_sha=page.image_sha, preview_sha=page.preview_sha, width=page.width,
                height=page.height, ocr_seconds=page.ocr_seconds,
                fields=[FieldValue(key=key, value=value.value, confidence=value.confidence,
                                   bbox=list(value.bbox) if value.bbox else None,
                                   warnings=list(value.warnings), corrected=False)
                        for key, value in page.fields.items()])
