"""Shared fixtures: the third-party test data, and fresh PostgreSQL databases."""

import os
import uuid
from pathlib import Path
from typing import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

REPO = Path(__file__).resolve().parents[1]
TESTDATA = REPO.parent / "shared" / "testdata"
PG_SERVER = os.environ.get("INTAKE_TEST_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")


@pytest.fixture(scope="session")
def testdata() -> Path:
    if not TESTDATA.is_dir():
        pytest.skip(f"third-party test data not found at {TESTDATA}")
    return TESTDATA


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT",
                           connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_SERVER}: {str(exc.orig).splitlines()[0]}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def new_pg_database(pg_admin: Engine) -> Iterator[Callable[[], str]]:
    """Makes fresh, empty databases; drops them all when the session ends."""
    made: list[str] = []

    def make() -> str:
        name = f"intake_test_{uuid.uuid4().hex[:12]}"
        with pg_admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return f"{PG_SERVER}/{name}"

    yield make
    with pg_admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
