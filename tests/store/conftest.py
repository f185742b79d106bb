"""Store fixtures: every store test runs on SQLite (a file in tmp_path) and on PostgreSQL.

PostgreSQL tests use a database made for this test session (``intake_test_<random>``,
created through the ``postgres`` database and dropped at the end); they skip with the
reason when the server is not reachable. Set ``INTAKE_TEST_PG_SERVER`` to use another
server than ``postgresql+psycopg://postgres@127.0.0.1:5432``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from intake.store import Store, open_store
from intake.store.tables import Base

BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_store_url(new_pg_database: Callable[[], str], tmp_path_factory) -> str:
    """One PostgreSQL database for the session, migrated once."""
    url = new_pg_database()
    open_store(url, tmp_path_factory.mktemp("pg-data")).close()
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    return request.getfixturevalue("new_pg_database")()


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path: Path) -> Iterator[Store]:
    """An open, migrated, empty store (SQLite file, or the session's PostgreSQL database
    with every table emptied)."""
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'intake.db'}", tmp_path / "data")
    else:
        opened = open_store(request.getfixturevalue("pg_store_url"), tmp_path / "data",
                            migrate=False)
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        with opened.session() as session:
            session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield opened
    opened.close()
