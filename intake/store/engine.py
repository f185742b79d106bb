"""Opening the records store: engine, sessions, migrations, blobs.

SQLite (the zero-setup default) runs in WAL mode so that several worker processes and
the API can share one file; ``Store.session()`` starts SQLite transactions with
``BEGIN IMMEDIATE`` (take the write lock first, wait up to the busy timeout), so a
transaction that reads and then writes never fails half-way on a lock.
``Store.read_session()`` is for reads only. PostgreSQL is chosen by URL
(``postgresql+psycopg://user@host/db``).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from intake.store.blobs import BlobStore, LocalBlobStore
from intake.store.errors import MigrationError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 7_310_001  # pg advisory lock key: one migrator at a time
_BEGIN_OPTION = "sqlite_begin"
_WAL_RETRY_S = 0.02


@dataclass(frozen=True, slots=True)
class StoreOptions:
    busy_timeout_ms: int = 30_000  # SQLite: how long a writer waits for the lock
    pool_size: int = 5
    echo: bool = False


@dataclass(frozen=True, slots=True)
class Store:
    """The engine, its two session factories and the blob store, opened together."""

    engine: Engine
    blobs: BlobStore
    writer: sessionmaker[Session]
    reader: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction that may write: committed on success, rolled back on error."""
        with self.writer.begin() as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A transaction for reads only (no write lock taken on SQLite)."""
        with self.reader.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def default_url(data_dir: Path) -> str:
    """The embedded default: a SQLite file in the data folder."""
    return f"sqlite:///{Path(data_dir).resolve() / 'intake.db'}"


def open_store(url: str, data_dir: Path, *, migrate: bool = True,
               options: StoreOptions = StoreOptions()) -> Store:
    """Connect to ``url``, bring the schema to the newest version, and open the blobs
    under ``data_dir/blobs``. With ``migrate=False`` the schema is used as found."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url, options)
    if migrate:
        migrate_schema(engine)
    writer = sessionmaker(engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}),
                          expire_on_commit=False)
    reader = sessionmaker(engine, expire_on_commit=False)
    return Store(engine=engine, blobs=LocalBlobStore(data_dir / "blobs"), writer=writer,
                 reader=reader)


def make_engine(url: str, options: StoreOptions = StoreOptions()) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and explicit BEGINs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, echo=options.echo,
                               connect_args={"timeout": options.busy_timeout_ms / 1000})
        _configure_sqlite(engine, options)
        return engine
    return create_engine(parsed, echo=options.echo, pool_pre_ping=True,
                         pool_size=options.pool_size)


def _configure_sqlite(engine: Engine, options: StoreOptions) -> None:
    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we send BEGIN ourselves, see below
        cursor = dbapi_connection.cursor()
        _switch_to_wal(cursor, options.busy_timeout_ms / 1000)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(options.busy_timeout_ms)}")
        cursor.close()
        # SQLite's own lower() folds ASCII only; searches must fold "Ă" to "ă" too
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _switch_to_wal(cursor: Any, patience_s: float) -> None:
    """Put the file in WAL mode (a no-op once it is). On a new file another process
    may be switching or writing at the same moment; SQLite then answers "database is
    locked" at once instead of calling the busy handler (the connection must upgrade a
    read lock, and waiting could deadlock), so try again until the busy timeout."""
    deadline = time.monotonic() + patience_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_WAL_RETRY_S)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def alembic_config(engine: Engine | None = None, url: str | None = None) -> Any:
    """An Alembic ``Config`` for the migrations shipped in this package (no alembic.ini)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def migrate_schema(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema in one transaction, one migrator at a time (an advisory lock
    on PostgreSQL, the SQLite write lock), so workers starting together are safe."""
    from alembic import command
    from alembic.util import CommandError

    config = alembic_config(engine)
    try:
        with engine.connect() as connection:
            connection.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                       {"key": _MIGRATION_LOCK})
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
    except (SQLAlchemyError, CommandError) as exc:
        # CommandError: e.g. the database was migrated by a newer Intake than this one
        raise MigrationError(f"cannot migrate the database schema: {exc}") from exc
    log.info("database schema at %s", revision)


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
