"""The shipped Alembic migrations build exactly the schema the ORM models describe."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect, text

from intake.store import open_store
from intake.store.engine import alembic_config, make_engine
from intake.store.tables import Base, is_described_by_models


HEAD = ScriptDirectory.from_config(alembic_config(url="sqlite://")).get_current_head()


def test_migrated_schema_equals_the_models(database_url: str, tmp_path: Path):
    """GIVEN an empty database WHEN the store opens THEN it is migrated to head and
    Alembic finds no difference between the database and the ORM metadata."""
    store = open_store(database_url, tmp_path / "data")
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": is_described_by_models})
            assert compare_metadata(context, Base.metadata) == []
            assert HEAD is not None and context.get_current_revision() == HEAD
        # Alembic does not compare CHECK constraints: compare their names ourselves
        inspector = inspect(store.engine)
        in_db = {(table, check["name"]) for table in inspector.get_table_names()
                 for check in inspector.get_check_constraints(table)}
        in_models = {(table.name, constraint.name) for table in Base.metadata.sorted_tables
                     for constraint in table.constraints if isinstance(constraint, CheckConstraint)}
        assert in_db == in_models
        assert len(in_models) == 7
    finally:
        store.close()


def test_sqlite_store_runs_in_wal_mode_with_foreign_keys(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'intake.db'}", tmp_path / "data")
    try:
        with store.read_session() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
            assert session.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
    finally:
        store.close()


def test_a_connection_switching_to_wal_waits_for_another_writer(tmp_path: Path):
    """GIVEN a new SQLite file whose first writer (another process starting, still in
    the rollback journal) holds its write lock WHEN the store's engine connects THEN
    the switch to WAL waits for that writer and succeeds. SQLite answers a connection
    that must upgrade its read lock "database is locked" at once, without calling the
    busy handler (it could deadlock), so the switch must try again on its own."""
    path = tmp_path / "intake.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE other_writer (a)")
    release = threading.Timer(0.3, other.execute, args=("COMMIT",))
    release.start()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            names = connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
            assert names == ["other_writer"]  # it waited for the other's commit
    finally:
        release.join()
        engine.dispose()
        other.close()


def test_processes_starting_together_migrate_once(database_url: str, tmp_path: Path):
    """GIVEN an empty database WHEN three workers open the store at the same moment
    THEN all succeed (one migrates, the others wait for it and find the schema at head)."""
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def open_and_close(n: int) -> None:
        try:
            start.wait()
            open_store(database_url, tmp_path / f"data{n}").close()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_close, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = open_store(database_url, tmp_path / "data", migrate=False)
    try:
        with store.read_session() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD]
    finally:
        store.close()
