"""The change feed: events appended in the transaction of the change they describe.

Readers page with ``list_events(after=cursor)``. For that to never skip an event, ids
must become visible in id order. SQLite has one writer at a time, so they do. On
PostgreSQL, sequence values are handed out before commit and transactions can commit
out of order (id 7 visible while id 6 is still open); so appending takes a
transaction-level advisory lock first: event-writing transactions then take their ids
and commit one after another, and the lock is released only after the commit is
visible. The price: keep the work after ``append_event`` in a transaction short.
Ids may still skip numbers (a rolled-back append), which readers need not care about.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from intake.store.engine import is_postgresql
from intake.store.tables import Event, utcnow
from intake.store.webhooks import queue_deliveries

log = logging.getLogger(__name__)

EVENT_LOCK = 7_310_002  # pg advisory lock key that orders the feed
MAX_PAGE = 1000


class EventType(StrEnum):
    RECORD_CREATED = "record.created"
    RECORD_UPDATED = "record.updated"
    SCAN_RECEIVED = "scan.received"
    SCAN_DUPLICATE = "scan.duplicate"
    SCAN_DONE = "scan.done"
    SCAN_QUARANTINED = "scan.quarantined"
    DOSSIER_READY = "dossier.ready"
    DOSSIER_ASSIGNED = "dossier.assigned"
    DOSSIER_CORRECTED = "dossier.corrected"
    DOSSIER_APPROVED = "dossier.approved"
    DOSSIER_PAGES_CHANGED = "dossier.pages_changed"


def append_event(session: Session, type: str, payload: dict[str, Any],
                 unit: str | None = None) -> Event:
    """Add an event to the feed in the caller's transaction (and queue its webhooks).

    Payloads carry ids and states, not personal data: readers fetch what they may see.
    """
    if is_postgresql(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_LOCK})
    event = Event(type=str(type), payload=payload, unit_code=unit, created_at=utcnow())
    session.add(event)
    session.flush()
    queue_deliveries(session, event)
    log.debug("event %s %s", event.id, event.type)
    return event


def list_events(session: Session, after: int = 0, limit: int = 100, unit: str | None = None,
                types: Iterable[str] | None = None) -> list[Event]:
    """Events with ``id > after`` in id order; the last id is the next cursor."""
    query = (select(Event).where(Event.id > after).order_by(Event.id)
             .limit(max(1, min(limit, MAX_PAGE))))
    if unit is not None:
        query = query.where(Event.unit_code == unit)
    if types is not None:
        query = query.where(Event.type.in_([str(t) for t in types]))
    return list(session.scalars(query))


def latest_event_id(session: Session) -> int:
    """The cursor of the newest event (0 for an empty feed): "from now on"."""
    return session.scalar(select(func.max(Event.id))) or 0
