"""The admin commands beside ``intake serve``: ``keys create``, ``keys list``, ``stations``."""

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
