"""The change feed over HTTP (ordered, gap-free paging by cursor, scoped by unit) and
the webhook subscriptions."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_seed import UNIT_A, UNIT_B, bearer


def announce(client: TestClient, key: str, code: str, unit: str) -> None:
    answer = client.put(f"/api/v1/records/{code}", json={"unit_code": unit, "status": 2},
                        headers=bearer(key))
    assert answer.status_code == 201


def test_the_feed_pages_in_order_by_cursor_without_gaps_or_repeats(
        client: TestClient, keys: dict[str, str]):
    """GIVEN seven records announced in two units, WHEN a reader follows the feed two
    events at a time from cursor 0, THEN it gets every event once, in id order, and the
    last page's cursor stays put until something new happens."""
    for n in range(7):
        unit = UNIT_A if n % 2 else UNIT_B
        announce(client, keys["admin"], f"{unit}-240419-{n:04d}", unit)
    key = bearer(keys["service"])
    everything = client.get("/api/v1/events", params={"limit": 1000}, headers=key).json()
    assert len(everything["events"]) == 7
    seen, cursor = [], 0
    while True:
        page = client.get("/api/v1/events", params={"after": cursor, "limit": 2},
                          headers=key).json()
        if not page["events"]:
            assert page["next_cursor"] == cursor
            break
        assert len(page["events"]) <= 2
        seen += page["events"]
        cursor = page["next_cursor"]
        assert cursor == page["events"][-1]["id"]
    assert seen == everything["events"]
    ids = [event["id"] for event in seen]
    assert ids == sorted(set(ids))
    assert {event["type"] for event in seen} == {"record.created"}
    announce(client, keys["admin"], f"{UNIT_A}-240420-0001", UNIT_A)
    newer = client.get("/api/v1/events", params={"after": cursor}, headers=key).json()
    assert [e["payload"]["dossier_code"] for e in newer["events"]] == [f"{UNIT_A}-240420-0001"]


def test_a_unit_key_follows_its_own_units_events_only(client: TestClient,
                                                      keys: dict[str, str]):
    announce(client, keys["admin"], f"{UNIT_A}-240419-0001", UNIT_A)
    announce(client, keys["admin"], f"{UNIT_B}-240419-0001", UNIT_B)
    events = client.get("/api/v1/events", headers=bearer(keys["officer_a"])).json()["events"]
    assert [e["payload"]["dossier_code"] for e in events] == [f"{UNIT_A}-240419-0001"]


def test_webhooks_are_added_listed_and_removed_by_an_admin(client: TestClient,
                                                           keys: dict[str, str]):
    key = bearer(keys["admin"])
    made = client.post("/api/v1/webhooks", headers=key, json={
        "url": "https://portal.example.vn/intake-hook", "event_types": ["dossier.approved"],
        "unit_code": UNIT_A})
    assert made.status_code == 201
    webhook = made.json()
    assert len(webhook["secret"]) >= 32
    assert webhook | {"url": "https://portal.example.vn/intake-hook", "active": True,
                      "event_types": ["dossier.approved"], "unit_code": UNIT_A} == webhook
    chosen = client.post("/api/v1/webhooks", headers=key,
                         json={"url": "http://127.0.0.1:8099/h", "secret": "s" * 20}).json()
    assert chosen["secret"] == "s" * 20
    listed = client.get("/api/v1/webhooks", headers=key).json()["webhooks"]
    assert [w["id"] for w in listed] == [webhook["id"], chosen["id"]]
    assert all("secret" not in w for w in listed)
    assert client.delete(f"/api/v1/webhooks/{webhook['id']}", headers=key).status_code == 204
    listed = client.get("/api/v1/webhooks", headers=key).json()["webhooks"]
    assert [w["id"] for w in listed] == [chosen["id"]]
    bad = client.post("/api/v1/webhooks", headers=key, json={"url": "not a url"})
    short_secret = client.post("/api/v1/webhooks", headers=key,
                               json={"url": "http://127.0.0.1:8099/h", "secret": "short"})
    assert (bad.status_code, short_secret.status_code) == (422, 422)
