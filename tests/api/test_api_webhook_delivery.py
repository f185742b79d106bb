"""``intake.webhooks.deliver_due_webhooks`` against real HTTP subscribers on 127.0.0.1
that check the signature. (Tests of ``intake/webhooks.py``.)"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from api_seed import UNIT_A
from intake.store import Store, add_webhook, upsert_record
from intake.store.tables import DeliveryStatus, WebhookDelivery
from intake.webhooks import WebhookOptions, deliver_due_webhooks

SECRET = "a-subscriber-secret-of-some-length"


@dataclass
class Subscriber:
    """Answers the scripted status codes in turn (then 200), after checking each
    request's signature; a bad signature is answered 401 and noted."""

    script: list[int] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def subscriber() -> Iterator[Subscriber]:
    state = Subscriber()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            valid = hmac.compare_digest(expected, self.headers.get("X-Intake-Signature", ""))
            state.received.append({"body": json.loads(body), "valid": valid,
                                   "event": self.headers["X-Intake-Event"],
                                   "delivery": self.headers["X-Intake-Delivery"]})
            status = (state.script.pop(0) if state.script else 200) if valid else 401
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/intake"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(5)


def one_delivery(store: Store) -> WebhookDelivery:
    with store.read_session() as session:
        return session.scalars(select(WebhookDelivery)).one()


def test_a_failing_subscriber_is_retried_with_backoff_until_it_accepts(
        store: Store, subscriber: Subscriber):
    """GIVEN a subscriber that answers 500 twice and then 200, WHEN the sender runs at
    t0, before the first retry is due, at t0+31 s and at t0+92 s, THEN it posts three
    times (never early), every post signed with the subscriber's secret and carrying the
    same delivery id, and the delivery log ends ``delivered`` after 3 attempts."""
    subscriber.script = [500, 503]
    with store.session() as session:
        add_webhook(session, subscriber.url, SECRET, ["record.created"])
        upsert_record(session, f"{UNIT_A}-240419-0001", unit_code=UNIT_A)
    options = WebhookOptions(first_retry_s=30, timeout_s=5)
    t0 = datetime.now(timezone.utc) + timedelta(seconds=1)
    first = deliver_due_webhooks(store, now=t0, options=options)
    assert [(o.attempt, o.response_code, o.retry_at) for o in first] == [
        (1, 500, t0 + timedelta(seconds=30))]
    assert deliver_due_webhooks(store, now=t0 + timedelta(seconds=10), options=options) == []
    second = deliver_due_webhooks(store, now=t0 + timedelta(seconds=31), options=options)
    assert [(o.attempt, o.response_code, o.retry_at) for o in second] == [
        (2, 503, t0 + timedelta(seconds=31 + 60))]
    third = deliver_due_webhooks(store, now=t0 + timedelta(seconds=92), options=options)
    assert [(o.attempt, o.response_code, o.delivered) for o in third] == [(3, 200, True)]
    assert deliver_due_webhooks(store, now=t0 + timedelta(hours=1), options=options) == []
    assert [r["valid"] for r in subscriber.received] == [True, True, True]
    assert {r["delivery"] for r in subscriber.received} == {str(first[0].delivery_id)}
    body = subscriber.received[-1]["body"]
    assert (subscriber.received[-1]["event"], body["type"], body["unit_code"]) == (
        "record.created", "record.created", UNIT_A)
    assert body["payload"]["dossier_code"] == f"{UNIT_A}-240419-0001"
    log = one_delivery(store)
    assert (log.status, log.attempt, log.response_code, log.error) == (
        DeliveryStatus.DELIVERED, 3, 200, None)


def test_an_unreachable_subscriber_fails_for_good_after_the_last_attempt(store: Store,
                                                                         subscriber: Subscriber):
    """GIVEN a subscriber URL where nothing listens and at most 2 attempts, WHEN the
    sender runs twice, THEN the connection errors are logged and the delivery fails."""
    with store.session() as session:
        add_webhook(session, "http://127.0.0.1:9/closed", SECRET)
        upsert_record(session, f"{UNIT_A}-240419-0002", unit_code=UNIT_A)
    options = WebhookOptions(first_retry_s=5, max_attempts=2, timeout_s=2)
    t0 = datetime.now(timezone.utc) + timedelta(seconds=1)
    [first] = deliver_due_webhooks(store, now=t0, options=options)
    assert first.response_code is None and "cannot reach" in first.error
    [last] = deliver_due_webhooks(store, now=t0 + timedelta(seconds=6), options=options)
    assert last.retry_at is None
    log = one_delivery(store)
    assert (log.status, log.attempt) == (DeliveryStatus.FAILED, 2)
    assert subscriber.received == []
