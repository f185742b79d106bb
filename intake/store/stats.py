"""Figures about the intake, for officers (``intake_stats``) and for monitoring
(queue depth, throughput, failures, processing and OCR time per page).

Periods are half-open, ``[start, end)``, and each figure uses the time that belongs to
it: a scan its reception, a dossier its creation, a record its reception (its creation
when the provincial system gave no reception time).
"""

from __future__ import annotations

import logging
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from intake.store.tables import (
    Dossier,
    DossierState,
    Job,
    JobState,
    Page,
    Record,
    Scan,
    ScanState,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IntakeStats:
    scans: int  # files received, duplicates not counted
    scans_quarantined: int
    duplicates: int
    dossiers: int
    pages: int
    dossiers_awaiting_review: int  # ready, not yet approved
    pages_awaiting_review: int
    records_received: int
    records_digitized: int  # of those received, with at least one dossier
    median_seconds_to_ready: float | None  # scan received -> its dossier ready

    @property
    def digitization_rate(self) -> float | None:
        if not self.records_received:
            return None
        return self.records_digitized / self.records_received


def intake_stats(session: Session, *, unit: str | None = None, start: datetime | None = None,
                 end: datetime | None = None) -> IntakeStats:
    scans = _count_scans_by_state(session, unit, start, end)
    dossiers, pages = _dossier_totals(session, unit, start, end)
    waiting, waiting_pages = _dossier_totals(session, unit, start, end, DossierState.READY)
    received, digitized = _record_totals(session, unit, start, end)
    return IntakeStats(
        scans=sum(n for state, n in scans.items() if state != ScanState.DUPLICATE),
        scans_quarantined=scans.get(ScanState.QUARANTINED, 0),
        duplicates=scans.get(ScanState.DUPLICATE, 0),
        dossiers=dossiers, pages=pages,
        dossiers_awaiting_review=waiting, pages_awaiting_review=waiting_pages,
        records_received=received, records_digitized=digitized,
        median_seconds_to_ready=_median_seconds_to_ready(session, unit, start, end))


def review_backlog(session: Session, unit: str | None = None) -> tuple[int, int]:
    """Dossiers (and their pages) ready and not yet approved, whenever they came."""
    return _dossier_totals(session, unit, None, None, DossierState.READY)


def dossiers_per_day(session: Session, *, unit: str | None = None, start: datetime,
                     end: datetime, utc_offset: timedelta = timedelta(0)) -> dict[date, int]:
    """Dossiers created in ``[start, end)`` by local day (UTC + ``utc_offset``); days
    without any are left out."""
    conditions = _in_period(Dossier.created_at, start, end)
    if unit is not None:
        conditions.append(Dossier.unit_code == unit)
    created = session.scalars(select(Dossier.created_at).where(*conditions))
    return dict(Counter((moment + utc_offset).date() for moment in created))


def job_counts(session: Session) -> dict[str, int]:
    """How many jobs are in each state (every state named, zero or not)."""
    counts = dict(session.execute(select(Job.state, func.count()).group_by(Job.state)).all())
    return {str(state): int(counts.get(state, 0)) for state in JobState}


def quarantine_counts(session: Session) -> dict[str, int]:
    """Quarantined scans by error code."""
    query = (select(Scan.error_code, func.count()).where(Scan.state == ScanState.QUARANTINED)
             .group_by(Scan.error_code))
    return {code or "unknown": int(n) for code, n in session.execute(query).all()}


def pages_ready_since(session: Session, since: datetime) -> int:
    """Pages of the dossiers that became ready at or after ``since``."""
    query = select(func.coalesce(func.sum(Dossier.page_count), 0)).where(
        Dossier.ready_at >= since)
    return int(session.scalar(query) or 0)


def job_seconds_per_page(session: Session, since: datetime) -> list[float]:
    """For each job finished since ``since`` whose scan gave pages: its processing time
    (claim to finish) divided by those pages."""
    pages = (select(Dossier.source_scan_id, func.sum(Dossier.page_count).label("pages"))
             .group_by(Dossier.source_scan_id).subquery())
    query = (select(Job.started_at, Job.finished_at, pages.c.pages)
             .join(pages, pages.c.source_scan_id == Job.scan_id)
             .where(Job.state == JobState.DONE, Job.finished_at >= since,
                    Job.started_at.is_not(None), pages.c.pages > 0))
    return [(finished - started).total_seconds() / int(n)
            for started, finished, n in session.execute(query).all()]


def page_ocr_seconds(session: Session, since: datetime) -> list[float]:
    """The OCR engine's wall time on each page of the dossiers created since ``since``
    (pages stored before OCR time was recorded have none and are left out)."""
    query = (select(Page.ocr_seconds).join(Page.dossier)
             .where(Dossier.created_at >= since, Page.ocr_seconds.is_not(None)))
    return [float(seconds) for seconds in session.scalars(query).all()]


def _in_period(column: ColumnElement, start: datetime | None,
               end: datetime | None) -> list[ColumnElement[bool]]:
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column < end)
    return conditions


def _count_scans_by_state(session: Session, unit: str | None, start: datetime | None,
                          end: datetime | None) -> dict[ScanState, int]:
    conditions = _in_period(Scan.received_at, start, end)
    if unit is not None:
        conditions.append(Scan.unit_code == unit)
    query = select(Scan.state, func.count()).where(*conditions).group_by(Scan.state)
    return {ScanState(state): int(n) for state, n in session.execute(query).all()}


def _dossier_totals(session: Session, unit: str | None, start: datetime | None,
                    end: datetime | None, state: DossierState | None = None) -> tuple[int, int]:
    conditions = _in_period(Dossier.created_at, start, end)
    if unit is not None:
        conditions.append(Dossier.unit_code == unit)
    if state is not None:
        conditions.append(Dossier.state == state)
    count, pages = session.execute(
        select(func.count(Dossier.id), func.coalesce(func.sum(Dossier.page_count), 0))
        .where(*conditions)).one()
    return int(count), int(pages)


def _record_totals(session: Session, unit: str | None, start: datetime | None,
                   end: datetime | None) -> tuple[int, int]:
    received_at = func.coalesce(Record.received_at, Record.created_at)
    conditions = _in_period(received_at, start, end)
    if unit is not None:
        conditions.append(Record.unit_code == unit)
    has_dossier = exists().where(Dossier.record_id == Record.id)
    received = session.scalar(select(func.count(Record.id)).where(*conditions)) or 0
    digitized = session.scalar(
        select(func.count(Record.id)).where(*conditions, has_dossier)) or 0
    return int(received), int(digitized)


def _median_seconds_to_ready(session: Session, unit: str | None, start: datetime | None,
                             end: datetime | None) -> float | None:
    conditions = _in_period(Dossier.ready_at, start, end)
    if unit is not None:
        conditions.append(Dossier.unit_code == unit)
    query = (select(Scan.received_at, Dossier.ready_at)
             .join(Scan, Scan.id == Dossier.source_scan_id)
             .where(Dossier.ready_at.is_not(None), *conditions))
    waits = [(ready - received).total_seconds()
             for received, ready in session.execute(query).all()]
    return statistics.median(waits) if waits else None
