"""``INSERT ... ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL alike.

Inserting first and reading second is how the store creates rows that several
processes may create at once (a record named by two receipts, the same scan dropped
twice): the database, not a read-then-write race, decides who was first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from intake.store.tables import Base


def insert_or_skip(session: Session, model: type[Base], values: dict[str, Any],
                   keys: list[str], where: ColumnElement[bool] | None = None) -> int | None:
    """Insert a row unless one with the same ``keys`` exists; the new id, or None."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(model).values(**values)
                 .on_conflict_do_nothing(index_elements=keys, index_where=where)
                 .returning(model.id))  # type: ignore[attr-defined]
    return session.execute(statement).scalar_one_or_none()
