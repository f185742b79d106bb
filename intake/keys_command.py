"""``intake keys create|list|revoke`` and ``intake stations``: small admin commands.

``keys create`` prints what the key is for, then the key itself alone on the last line
of stdout (the contract in DESIGN.md: scripts take ``tail -n 1``). The key is shown
this once; the store keeps only its hash. ``keys revoke ID`` cuts a key off at once: its
API calls are refused and its sign-in sessions of the review pages end at their next
request.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from intake.settings import Settings
from intake.store.tables import ApiKey
from intake.store import (
    Actor,
    KeyRole,
    Store,
    create_api_key,
    default_url,
    list_api_keys,
    open_store,
    revoke_api_key,
)
from watcher.observer import choose_observer_mode
from watcher.stations import Station, default_station, load_stations

log = logging.getLogger(__name__)


def open_settings_store(settings: Settings) -> Store:
    """The store of ``settings`` (its URL, or SQLite in the data folder), migrated."""
    return open_store(settings.db_url or default_url(settings.data_dir), settings.data_dir)


def run_keys_create(args: argparse.Namespace) -> int:
    settings = _with_data_dir(args)
    store = open_settings_store(settings)
    try:
        with store.session() as session:
            key_id, key = create_api_key(session, KeyRole(args.role), unit=args.unit, label=args.label)
    finally:
        store.close()
    scope = f"unit {args.unit}" if args.unit else "every unit"
    print(f"API key {key_id}: role {args.role}, {scope}" + (f", label {args.label}" if args.label else ""))
    print("Shown once only; keep it now. Send it as 'Authorization: Bearer <key>'.")
    print(key)
    return 0


def run_keys_list(args: argparse.Namespace) -> int:
    settings = _with_data_dir(args)
    store = open_settings_store(settings)
    try:
        with store.read_session() as session:
            keys = list_api_keys(session, include_revoked=args.all)
            rows = [(str(k.id), f"ik_{k.prefix}_…", str(k.role), k.unit_code or "*", k.label or "",
                     k.created_at.strftime("%Y-%m-%d %H:%M"),
                     k.last_used_at.strftime("%Y-%m-%d %H:%M") if k.last_used_at else "never",
                     "revoked" if k.revoked_at else "active") for k in keys]
    finally:
        store.close()
    _print_table(("id", "key", "role", "unit", "label", "created", "last used", "state"), rows)
    return 0


def run_keys_revoke(args: argparse.Namespace) -> int:
    """Revoke key ``args.key_id`` (``not_found`` if there is none); a key revoked before
    stays as it was, and the command says since when."""
    settings = _with_data_dir(args)
    store = open_settings_store(settings)
    try:
        with store.session() as session:
            found = session.get(ApiKey, args.key_id)
            before = found.revoked_at if found is not None else None
            row = revoke_api_key(session, args.key_id, actor=Actor("intake keys revoke"))
            scope = f"unit {row.unit_code}" if row.unit_code else "every unit"
            described, revoked_at = f"role {row.role}, {scope}", row.revoked_at
    finally:
        store.close()
    assert revoked_at is not None
    if before is not None:
        print(f"API key {args.key_id} ({described}) was revoked already, at "
              f"{before:%Y-%m-%d %H:%M:%S} UTC.")
        return 0
    print(f"API key {args.key_id} ({described}) revoked at {revoked_at:%Y-%m-%d %H:%M:%S} UTC: "
          "its API calls are refused and its review-page sessions end from now on.")
    return 0


def configured_stations(settings: Settings) -> list[Station]:
    """The stations of ``stations_file``, or the one ``watch`` station; none without either."""
    if settings.stations_file is not None:
        return load_stations(settings.stations_file)
    if settings.watch is not None:
        return [default_station(settings.watch, unit=settings.station_unit,
                                procedure=settings.station_procedure)]
    return []


def run_stations(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    if args.stations is not None:
        settings = settings.model_copy(update={"stations_file": args.stations})
    if args.watch is not None:
        settings = settings.model_copy(update={"watch": args.watch})
    stations = configured_stations(settings)
    rows = [(s.name, str(s.folder), s.unit or "-", s.procedure or "-", s.operator or "-",
             _observer_label(s)) for s in stations]
    _print_table(("name", "folder", "unit", "procedure", "operator", "observer"), rows)
    if not stations:
        print("no stations: give --stations FILE or --watch FOLDER (INTAKE_STATIONS_FILE, INTAKE_WATCH)")
    return 0


def _observer_label(station: Station) -> str:
    chosen = choose_observer_mode(station.observer, station.folder)
    return str(chosen) if chosen == station.observer else f"{chosen} ({station.observer})"


def _with_data_dir(args: argparse.Namespace) -> Settings:
    settings: Settings = args.settings
    if args.data_dir is not None:
        settings = settings.model_copy(update={"data_dir": Path(args.data_dir)})
    return settings


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
