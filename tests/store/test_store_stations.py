"""Stations follow the service configuration: created once, updated in place."""

from __future__ import annotations

import pytest

from intake.store import NotFoundError, Store, get_station, list_stations, upsert_station


def test_upsert_station_creates_then_follows_the_configuration(store: Store):
    with store.session() as session:
        created = upsert_station(session, "quay-1", unit_code="000.00.19.H55",
                                 folder="/srv/scans/quay-1", procedure_code="1.001193")
    with store.session() as session:
        upsert_station(session, "quay-1", unit_code="000.00.19.H55", folder="/srv/scans/quay-1",
                       procedure_code="1.001193", operator="Trần Thị Bình")
        upsert_station(session, "quay-2", unit_code="38.98.H29", folder="/srv/scans/quay-2")
    with store.read_session() as session:
        station = get_station(session, "quay-1")
        assert station.id == created.id and station.operator == "Trần Thị Bình"
        assert [s.name for s in list_stations(session)] == ["quay-1", "quay-2"]
        with pytest.raises(NotFoundError):
            get_station(session, "quay-9")
