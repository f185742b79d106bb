"""The event feed: ordered, gap-free for readers even with concurrent writers."""

from __future__ import annotations

import random
import threading
import time

import pytest

from intake.store import (
    Store,
    add_webhook,
    append_event,
    due_deliveries,
    latest_event_id,
    list_events,
    record_delivery,
)
from intake.store.tables import DeliveryStatus, utcnow

UNIT = "000.00.19.H55"


def test_a_reader_pages_through_the_feed_with_its_cursor(store: Store):
    with store.session() as session:
        for n in range(7):
            append_event(session, "dossier.ready", {"dossier_id": n}, UNIT if n % 2 else None)
    seen, cursor = [], 0
    with store.read_session() as session:
        while page := list_events(session, after=cursor, limit=3):
            seen += [event.payload["dossier_id"] for event in page]
            cursor = page[-1].id
        assert cursor == latest_event_id(session)
        assert [e.payload["dossier_id"] for e in list_events(session, unit=UNIT)] == [1, 3, 5]
    assert seen == list(range(7))


def test_an_event_rolls_back_with_its_change(store: Store):
    with pytest.raises(RuntimeError), store.session() as session:
        append_event(session, "record.created", {"dossier_code": "x"}, UNIT)
        raise RuntimeError("the change failed after the event was appended")
    with store.read_session() as session:
        assert list_events(session) == [] and latest_event_id(session) == 0


@pytest.mark.timeout(60)
def test_concurrent_writers_never_make_a_polling_reader_miss_an_event(store: Store):
    """GIVEN four writers that each append 25 events, each in its own transaction that
    stays open a few milliseconds after the append (so transactions overlap)
    WHEN a reader polls ``after=cursor`` all the while THEN it sees all 100 events,
    each once, in id order. (On PostgreSQL without the feed lock, a later id can commit
    first and the reader's cursor skips the earlier one.)"""
    writers, per_writer = 4, 25
    done = threading.Event()
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        rng = random.Random(writer)
        try:
            for n in range(per_writer):
                with store.session() as session:
                    append_event(session, "scan.received", {"writer": writer, "n": n}, UNIT)
                    time.sleep(rng.uniform(0, 0.004))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    seen: list[int] = []

    def read() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            with store.read_session() as session:
                page = list_events(session, after=cursor, limit=50)
            seen.extend(event.id for event in page)
            cursor = page[-1].id if page else cursor
            if finished and not page:
                return

    reader = threading.Thread(target=read)
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join()

    assert errors == []
    with store.read_session() as session:
        committed = [event.id for event in list_events(session, limit=1000)]
    assert len(committed) == writers * per_writer
    assert seen == committed  # every event, once, in order


def test_events_queue_deliveries_for_matching_webhooks(store: Store):
    with store.session() as session:
        everything = add_webhook(session, "https://tinh.example/hooks", "s3cret")
        ready_only = add_webhook(session, "https://unit.example/hooks", "k", ["dossier.ready"],
                                 unit=UNIT)
        add_webhook(session, "https://other.example/hooks", "k", unit="38.98.H29")
    with store.session() as session:
        append_event(session, "dossier.ready", {"dossier_id": 1}, UNIT)
        append_event(session, "scan.received", {"scan_id": 1}, UNIT)
    with store.session() as session:
        due = due_deliveries(session)
        assert sorted((d.webhook_id, d.event_id) for d in due) == [
            (everything.id, 1), (everything.id, 2), (ready_only.id, 1)]
        retry_at = utcnow()
        record_delivery(session, due[0].id, response_code=200)
        record_delivery(session, due[1].id, response_code=503, retry_at=retry_at)
        record_delivery(session, due[2].id, response_code=None, error="connection refused")
    with store.read_session() as session:
        again = due_deliveries(session)
        assert [(d.id, d.attempt, d.status) for d in again] == [
            (due[1].id, 1, DeliveryStatus.PENDING)]
