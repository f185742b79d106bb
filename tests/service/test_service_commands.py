"""The admin commands beside ``intake serve``: ``keys create``, ``keys list``, ``keys revoke``,
``stations``."""

from __future__ import annotations

import re

from service_helpers import run_cli

from intake.store import authenticate_key, default_url, open_store

KEY_LINE = re.compile(r"ik_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def test_keys_create_prints_the_key_alone_on_the_last_line_and_keys_list_never_shows_it(tmp_path):
    """GIVEN an empty data folder
    WHEN ``intake keys create --role officer --unit U --label L`` runs, then ``keys list``
    THEN the last stdout line is the key alone, and it authenticates in that folder's
         store as an officer of unit U; the listing names the key's prefix, role, unit
         and label, but not the secret."""
    data_dir = tmp_path / "data"
    created = run_cli("keys", "create", "--role", "officer", "--unit", "000.00.19.H55",
                      "--label", "desk officer", "--data-dir", str(data_dir))
    assert created.returncode == 0, created.stderr
    key = created.stdout.splitlines()[-1]
    assert KEY_LINE.fullmatch(key), created.stdout
    assert created.stdout.count(key) == 1

    store = open_store(default_url(data_dir), data_dir)
    try:
        with store.session() as session:
            row = authenticate_key(session, key)
            assert row is not None and (str(row.role), row.unit_code) == ("officer", "000.00.19.H55")
    finally:
        store.close()

    listed = run_cli("keys", "list", "--data-dir", str(data_dir))
    assert listed.returncode == 0, listed.stderr
    [line] = [line for line in listed.stdout.splitlines() if key.split("_")[1] in line]
    assert "officer" in line and "000.00.19.H55" in line and "desk officer" in line
    assert key.split("_", 2)[2] not in listed.stdout


def test_keys_create_refuses_an_unknown_role(tmp_path):
    refused = run_cli("keys", "create", "--role", "superuser", "--data-dir", str(tmp_path / "data"))
    assert refused.returncode != 0 and "superuser" in refused.stderr
    assert not (tmp_path / "data").exists()


def test_stations_lists_each_station_with_the_observer_chosen_for_its_folder(tmp_path):
    """GIVEN a TOML file with two stations, one observer ``auto`` on a local folder, one
    ``polling`` WHEN ``intake stations --stations FILE`` runs THEN each line shows name,
    folder, unit, procedure, operator, and the observer: ``native (auto)`` and ``polling``."""
    config = tmp_path / "stations.toml"
    config.write_text('''
[[stations]]
name = "desk-1"
folder = "scans/desk-1"
unit = "000.00.19.H55"
procedure = "1.001193"
operator = "nguyen.van.an"

[[stations]]
name = "desk-2"
folder = "/srv/share/desk-2"
unit = "000.00.19.H56"
observer = "polling"
''', encoding="utf-8")
    listed = run_cli("stations", "--stations", str(config))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["name", "folder", "unit", "procedure", "operator", "observer"]
    assert lines[1].split() == ["desk-1", str(tmp_path / "scans" / "desk-1"), "000.00.19.H55", "1.001193",
                                "nguyen.van.an", "native", "(auto)"]
    assert lines[2].split() == ["desk-2", "/srv/share/desk-2", "000.00.19.H56", "-", "-", "polling"]


def test_keys_revoke_cuts_a_key_off_with_its_review_page_sessions(tmp_path):
    """GIVEN an officer key made by ``keys create`` and signed in to the review pages of an
    app over that data folder WHEN ``intake keys revoke ID`` runs THEN the key no longer
    authenticates, its signed-in browser is sent back to the sign-in form at its next
    request, ``keys list --all`` shows it revoked, a second revoke says it was revoked
    already, and an unknown id fails with not_found."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.options import ApiOptions

    data_dir = tmp_path / "data"
    created = run_cli("keys", "create", "--role", "officer", "--unit", "000.00.19.H55",
                      "--label", "Trần Thị Bình", "--data-dir", str(data_dir))
    assert created.returncode == 0, created.stderr
    key = created.stdout.splitlines()[-1]
    key_id = re.match(r"API key (\d+):", created.stdout).group(1)
    store = open_store(default_url(data_dir), data_dir)
    try:
        browser = TestClient(create_app(store, ApiOptions(data_dir=data_dir)))
        signed_in = browser.post("/ui/sign-in", data={"key": key}, follow_redirects=False)
        assert signed_in.status_code == 303 and browser.get("/ui/").status_code == 200

        revoked = run_cli("keys", "revoke", key_id, "--data-dir", str(data_dir))
        assert revoked.returncode == 0, revoked.stderr
        assert f"API key {key_id} (role officer, unit 000.00.19.H55) revoked at" in revoked.stdout

        answer = browser.get("/ui/", follow_redirects=False)
        assert answer.status_code == 303 and "reason=expired" in answer.headers["location"]
        assert browser.get("/api/v1/records", headers={"Authorization": f"Bearer {key}"}
                           ).status_code == 401
        with store.session() as session:
            assert authenticate_key(session, key) is None
    finally:
        store.close()
    listed = run_cli("keys", "list", "--all", "--data-dir", str(data_dir))
    assert re.search(rf"^{key_id}\s.*revoked$", listed.stdout, re.MULTILINE), listed.stdout
    again = run_cli("keys", "revoke", key_id, "--data-dir", str(data_dir))
    assert again.returncode == 0 and "was revoked already" in again.stdout
    unknown = run_cli("keys", "revoke", "999", "--data-dir", str(data_dir))
    assert unknown.returncode == 6 and "not_found" in unknown.stderr
