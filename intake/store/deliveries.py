"""Webhook deliveries handed to a sender, and the subscriptions an admin manages.

``claim_due_deliveries`` takes the due deliveries with all a sender needs (the event,
the subscriber's URL and secret) as plain values, and moves their next attempt a
``hold`` ahead, so that the sender can post them after this transaction ends (no
lock held while waiting on a subscriber) and no other sender takes them meanwhile.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store.errors import NotFoundError
from intake.store.tables import Event, Webhook, utcnow
from intake.store.webhooks import due_deliveries, record_delivery

log = logging.getLogger(__name__)

WEBHOOK_INACTIVE = "webhook deactivated before delivery"


@dataclass(frozen=True, slots=True)
class DueDelivery:
    delivery_id: int
    attempts_made: int
    webhook_id: int
    url: str
    secret: str
    event_id: int
    event_type: str
    event_unit: str | None
    event_created_at: datetime
    payload: dict[str, Any]


def claim_due_deliveries(session: Session, now: datetime | None = None, *,
                         hold: timedelta = timedelta(minutes=2),
                         limit: int = 20) -> list[DueDelivery]:
    """Due deliveries, oldest first, held for ``hold``; those of a deactivated webhook
    fail at once."""
    now = now or utcnow()
    claimed = []
    for delivery in due_deliveries(session, now, limit):
        webhook = session.get_one(Webhook, delivery.webhook_id)
        if not webhook.active:
            record_delivery(session, delivery.id, response_code=None, error=WEBHOOK_INACTIVE)
            continue
        event = session.get_one(Event, delivery.event_id)
        delivery.next_attempt_at = now + hold
        claimed.append(DueDelivery(
            delivery_id=delivery.id, attempts_made=delivery.attempt, webhook_id=webhook.id,
            url=webhook.url, secret=webhook.secret, event_id=event.id, event_type=event.type,
            event_unit=event.unit_code, event_created_at=event.created_at,
            payload=dict(event.payload)))
    session.flush()
    return claimed


def list_webhooks(session: Session, include_inactive: bool = False) -> list[Webhook]:
    query = select(Webhook).order_by(Webhook.id)
    if not include_inactive:
        query = query.where(Webhook.active.is_(True))
    return list(session.scalars(query))


def get_webhook(session: Session, webhook_id: int) -> Webhook:
    webhook = session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFoundError(f"no webhook {webhook_id}")
    return webhook
