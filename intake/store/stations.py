"""Stations: a watched folder and its defaults (unit, procedure, who scans there).

Stations come from the service's configuration; ``upsert_station`` keeps the table in
step with it at start.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store.errors import NotFoundError
from intake.store.inserts import insert_or_skip
from intake.store.tables import Station, utcnow


def upsert_station(session: Session, name: str, *, unit_code: str, folder: str,
                   procedure_code: str | None = None, operator: str | None = None) -> Station:
    now = utcnow()
    values = {"unit_code": unit_code, "folder": folder, "procedure_code": procedure_code,
              "operator": operator}
    insert_or_skip(session, Station, {"name": name, "created_at": now, "updated_at": now,
                                      **values}, keys=["name"])
    station = session.scalars(select(Station).where(Station.name == name).with_for_update()
                              .execution_options(populate_existing=True)).one()
    if any(getattr(station, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(station, key, value)
        station.updated_at = now
        session.flush()
    return station


def get_station(session: Session, name: str) -> Station:
    station = session.scalar(select(Station).where(Station.name == name))
    if station is None:
        raise NotFoundError(f"no station {name}")
    return station


def list_stations(session: Session) -> list[Station]:
    return list(session.scalars(select(Station).order_by(Station.name)))
