"""Webhook subscriptions and their delivery queue (the sending itself lives elsewhere).

Deliveries are queued in the transaction that appends the event, so none is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from intake.store.errors import NotFoundError
from intake.store.tables import DeliveryStatus, Event, Webhook, WebhookDelivery, utcnow

log = logging.getLogger(__name__)


def add_webhook(session: Session, url: str, secret: str, event_types: Iterable[str] = (),
                unit: str | None = None) -> Webhook:
    """Subscribe ``url`` to events of ``event_types`` (none: every type) of ``unit``
    (None: every unit)."""
    webhook = Webhook(url=url, secret=secret, event_types=[str(t) for t in event_types],
                      unit_code=unit, active=True, created_at=utcnow())
    session.add(webhook)
    session.flush()
    return webhook


def deactivate_webhook(session: Session, webhook_id: int) -> Webhook:
    webhook = session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFoundError(f"no webhook {webhook_id}")
    webhook.active = False
    session.flush()
    return webhook


def queue_deliveries(session: Session, event: Event) -> list[WebhookDelivery]:
    """One pending delivery per active webhook that wants ``event``."""
    query = select(Webhook).where(Webhook.active.is_(True))
    if event.unit_code is not None:
        query = query.where(or_(Webhook.unit_code.is_(None), Webhook.unit_code == event.unit_code))
    else:
        query = query.where(Webhook.unit_code.is_(None))
    deliveries = [WebhookDelivery(event_id=event.id, webhook_id=webhook.id,
                                  next_attempt_at=event.created_at)
                  for webhook in session.scalars(query)
                  if not webhook.event_types or event.type in webhook.event_types]
    session.add_all(deliveries)
    session.flush()
    return deliveries


def due_deliveries(session: Session, now: datetime | None = None,
                   limit: int = 20) -> list[WebhookDelivery]:
    """Pending deliveries whose time has come, oldest first, locked for this sender
    (PostgreSQL skips the rows another sender holds)."""
    query = (select(WebhookDelivery)
             .where(WebhookDelivery.status == DeliveryStatus.PENDING,
                    WebhookDelivery.next_attempt_at <= (now or utcnow()))
             .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
             .limit(limit).with_for_update(skip_locked=True))
    return list(session.scalars(query))


def record_delivery(session: Session, delivery_id: int, *, response_code: int | None,
                    error: str | None = None, retry_at: datetime | None = None) -> WebhookDelivery:
    """Note one attempt: delivered on a 2xx answer; otherwise retried at ``retry_at``,
    or failed for good when there is none."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFoundError(f"no webhook delivery {delivery_id}")
    delivery.attempt += 1
    delivery.response_code = response_code
    delivery.error = error
    if response_code is not None and 200 <= response_code < 300 and error is None:
        delivery.status = DeliveryStatus.DELIVERED
    elif retry_at is not None:
        delivery.next_attempt_at = retry_at
    else:
        delivery.status = DeliveryStatus.FAILED
        log.warning("webhook delivery %s failed for good: %s", delivery_id, error or response_code)
    session.flush()
    return delivery
