"""Alembic environment for the records store.

Run programmatically by ``intake.store.engine.migrate_schema`` (which hands over an open
connection in ``config.attributes["connection"]``). For writing a new revision::

    python -c "from intake.store.engine import alembic_config; from alembic import command; \\
        command.revision(alembic_config(url='sqlite:////tmp/dev.db'), 'what changed', autogenerate=True)"
"""

from __future__ import annotations

from alembic import context

from intake.store.engine import make_engine
from intake.store.tables import Base, is_described_by_models

config = context.config
target_metadata = Base.metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_name=is_described_by_models,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        run_with(connection)
        connection.commit()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
