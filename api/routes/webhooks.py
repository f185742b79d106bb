"""Webhook subscriptions (admin only); ``intake.webhooks`` sends the deliveries."""

from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter, Response

from api.deps import Admin, ReadSessionDep, SessionDep
from api.schemas import RowId, WebhookCreate, WebhookCreated, WebhookPublic, WebhooksPublic
from intake.store import add_webhook, deactivate_webhook, list_webhooks

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.post("", status_code=201, response_model=WebhookCreated)
def create_webhook(body: WebhookCreate, _caller: Admin, session: SessionDep) -> WebhookCreated:
    """Subscribe a URL; the signing secret is answered this once."""
    secret = body.secret or secrets.token_urlsafe(32)
    webhook = add_webhook(session, str(body.url), secret, body.event_types, body.unit_code)
    return WebhookCreated(**WebhookPublic.from_row(webhook).model_dump(), secret=secret)


@router.get("", response_model=WebhooksPublic)
def read_webhooks(_caller: Admin, session: ReadSessionDep) -> WebhooksPublic:
    return WebhooksPublic(webhooks=[WebhookPublic.from_row(w) for w in list_webhooks(session)])


@router.delete("/{webhook_id}", status_code=204, response_class=Response)
def delete_webhook(webhook_id: RowId, _caller: Admin, session: SessionDep) -> Response:
    """Stop the subscription (its delivery log is kept)."""
    deactivate_webhook(session, webhook_id)
    return Response(status_code=204)
