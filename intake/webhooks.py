"""Sending webhooks: post each due delivery, signed, and note how it went.

The body is the event as JSON (``id``, ``type``, ``unit_code``, ``created_at``,
``payload``). Headers: ``X-Intake-Event`` (its type), ``X-Intake-Delivery`` (the
delivery id, the same on every retry: the subscriber's idempotency key) and
``X-Intake-Signature: sha256=<hex HMAC-SHA256 of the raw body with the subscriber's
secret>``. A 2xx answer delivers; anything else is retried with exponential backoff
(``first_retry_s``, doubling, at most ``max_retry_s``) until ``max_attempts``.

No database transaction is open while a subscriber is being waited for: the due
deliveries are claimed (held for ``hold_s``) in one short transaction and each result
is recorded in its own.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from intake.store import DueDelivery, Store, claim_due_deliveries, record_delivery

log = logging.getLogger(__name__)

HttpPost = Callable[[str, bytes, Mapping[str, str], float], int]
"""Posts ``body`` to ``url`` with ``headers`` within a timeout; returns the status code
(raises ``OSError`` when no answer came)."""

SIGNATURE_HEADER = "X-Intake-Signature"


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    timeout_s: float = 10.0
    first_retry_s: float = 30.0
    max_retry_s: float = 6 * 3600.0
    max_attempts: int = 10
    batch: int = 20
    hold_s: float = 300.0  # a claimed delivery is not taken by another sender for this long


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    delivery_id: int
    event_id: int
    url: str
    attempt: int  # 1 for the first try
    response_code: int | None
    error: str | None
    retry_at: datetime | None  # None: delivered, or given up

    @property
    def delivered(self) -> bool:
        return self.error is None


def post_json(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
    """The default ``HttpPost``: urllib, no redirects followed into other methods."""
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except urllib.error.URLError as exc:
        raise OSError(f"cannot reach {url}: {exc.reason}") from exc


def deliver_due_webhooks(store: Store, http_post: HttpPost = post_json,
                         now: datetime | None = None,
                         options: WebhookOptions = WebhookOptions()) -> list[DeliveryOutcome]:
    """Post every delivery due at ``now`` once; return what happened to each."""
    now = now or datetime.now(timezone.utc)
    with store.session() as session:
        due = claim_due_deliveries(session, now, hold=timedelta(seconds=options.hold_s),
                                   limit=options.batch)
    outcomes = []
    for delivery in due:
        outcome = _deliver(delivery, http_post, now, options)
        with store.session() as session:
            record_delivery(session, delivery.delivery_id, response_code=outcome.response_code,
                            error=outcome.error, retry_at=outcome.retry_at)
        outcomes.append(outcome)
    return outcomes


def event_body(delivery: DueDelivery) -> bytes:
    return json.dumps({"id": delivery.event_id, "type": delivery.event_type,
                       "unit_code": delivery.event_unit,
                       "created_at": delivery.event_created_at.isoformat(),
                       "payload": delivery.payload},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign_body(secret: str, body: bytes) -> str:
    """The ``X-Intake-Signature`` value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def retry_time(now: datetime, attempt: int, options: WebhookOptions) -> datetime | None:
    """When to try again after failed attempt number ``attempt`` (1-based); None when
    that was the last one allowed."""
    if attempt >= options.max_attempts:
        return None
    delay = min(options.first_retry_s * 2 ** (attempt - 1), options.max_retry_s)
    return now + timedelta(seconds=delay)


def _deliver(delivery: DueDelivery, http_post: HttpPost, now: datetime,
             options: WebhookOptions) -> DeliveryOutcome:
    body = event_body(delivery)
    headers = {"Content-Type": "application/json; charset=utf-8",
               "User-Agent": "Intake-Webhooks/1",
               "X-Intake-Event": delivery.event_type,
               "X-Intake-Delivery": str(delivery.delivery_id),
               SIGNATURE_HEADER: sign_body(delivery.secret, body)}
    attempt = delivery.attempts_made + 1
    code: int | None = None
    try:
        code = http_post(delivery.url, body, headers, options.timeout_s)
        error = None if 200 <= code < 300 else f"HTTP {code}"
    except Exception as exc:  # one broken subscriber must not stop the others
        error = f"{type(exc).__name__}: {exc}"
    retry_at = retry_time(now, attempt, options) if error else None
    if error:
        log.warning("webhook delivery %s to %s failed (attempt %d): %s", delivery.delivery_id,
                    delivery.url, attempt, error)
    return DeliveryOutcome(delivery_id=delivery.delivery_id, event_id=delivery.event_id,
                           url=delivery.url, attempt=attempt, response_code=code, error=error,
                           retry_at=retry_at)
