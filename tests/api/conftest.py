"""API fixtures: a real SQLite store in tmp_path, real keys of every role, the app under
FastAPI's TestClient, and a seeded store (two units, each a record with a dossier
whose PDF and page image are real files from the shared test data)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.options import ApiOptions
from api_seed import UNIT_A, UNIT_B, Seeded, seed_store
from intake.store import KeyRole, Store, create_api_key, open_store
from ui_seed import sign_in, store_paged_dossier

@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'intake.db'}", data_dir)
    yield opened
    opened.close()


@pytest.fixture
def options(data_dir: Path) -> ApiOptions:
    return ApiOptions(data_dir=data_dir, min_free_disk_bytes=1, upload_max_bytes=256 * 1024)


@pytest.fixture
def client(store: Store, options: ApiOptions) -> TestClient:
    return TestClient(create_app(store, options))


@pytest.fixture
def keys(store: Store) -> dict[str, str]:
    """One real key per role: a unit-A scanner, officers of units A and B, an all-units
    service and an admin."""
    made = {}
    with store.session() as session:
        for name, role, unit in (("scanner", KeyRole.SCANNER, UNIT_A),
                                 ("officer_a", KeyRole.OFFICER, UNIT_A),
                                 ("officer_b", KeyRole.OFFICER, UNIT_B),
                                 ("service", KeyRole.SERVICE, None),
                                 ("admin", KeyRole.ADMIN, None)):
            made[name] = create_api_key(session, role, unit, label=f"test {name}")[1]
    return made


@pytest.fixture
def officer_a(client: TestClient, keys: dict[str, str]) -> str:
    """The review pages' session cookie of officer A (unit A)."""
    return sign_in(client, keys["officer_a"])


@pytest.fixture
def paged(store: Store, testdata: Path) -> int:
    """GIVEN a two-page unit-A dossier with a real PDF and page images (``ui_seed``)."""
    return store_paged_dossier(store, testdata)


@pytest.fixture
def seeded(store: Store, testdata: Path) -> Seeded:
    return seed_store(store, testdata)


@pytest.fixture(scope="session")
def pg_url(new_pg_database: Callable[[], str]) -> str:
    """A fresh PostgreSQL database for this session's API tests, dropped at the end."""
    return new_pg_database()
