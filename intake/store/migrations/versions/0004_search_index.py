"""The search index: one document per dossier and per record (folded words of the code,
names, ID numbers and, for dossiers, page text), with a full-text index over them: an
FTS5 table kept in step by triggers on SQLite, a generated tsvector column with a GIN
index on PostgreSQL. The folding is done in Python (``intake.search_text``), so both
databases index the same words. Existing dossiers and records are indexed here.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from itertools import groupby

import sqlalchemy as sa
from alembic import op

from intake.search_text import dossier_document, record_document

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 200
# the FTS-indexed columns of each document table, in order
INDEXED = {"dossier_search": ("code", "id_numbers", "names", "body"),
           "record_search": ("code", "id_numbers", "names")}
KEYS = {"dossier_search": ("dossier_id", "dossiers"), "record_search": ("record_id", "records")}


def upgrade() -> None:
    for table, (key, parent) in KEYS.items():
        op.create_table(
            table,
            sa.Column(key, sa.Integer(), autoincrement=False, nullable=False),
            *(sa.Column(name, sa.Text(), nullable=False)
              for name in (*INDEXED[table], "names_exact")),
            sa.ForeignKeyConstraint([key], [f"{parent}.id"], ondelete="CASCADE",
                                    name=f"fk_{table}_{key}_{parent}"),
            sa.PrimaryKeyConstraint(key, name=f"pk_{table}"))
        if op.get_bind().dialect.name == "sqlite":
            _create_fts5(table, key, INDEXED[table])
        else:
            _create_tsvector(table, INDEXED[table])
    _index_existing_rows(op.get_bind())


def downgrade() -> None:
    for table in KEYS:
        if op.get_bind().dialect.name == "sqlite":
            for action in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{action}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        op.drop_table(table)


def _create_fts5(table: str, key: str, columns: Sequence[str]) -> None:
    """An external-content FTS5 table over ``table`` and the triggers that keep it in step."""
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
               f"content_rowid='{key}', tokenize='unicode61 remove_diacritics 0')")
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{key}, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.{key}, {old});"
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN {delete} {insert} END")


def _create_tsvector(table: str, columns: Sequence[str]) -> None:
    """A generated tsvector (words only: positions are not needed and would make large
    dossiers overflow tsvector's 1 MB) and a GIN index on it."""
    joined = " || ' ' || ".join(columns)
    op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
               f"(strip(to_tsvector('simple'::regconfig, {joined}))) STORED")
    op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def _index_existing_rows(bind: sa.Connection) -> None:
    """Documents for the records and dossiers already stored (read with this revision's
    schema, not the ORM's, so later model changes cannot break this step)."""
    records = sa.table("record_search", *(sa.column(name) for name in
                                          ("record_id", *INDEXED["record_search"], "names_exact")))
    dossiers = sa.table("dossier_search", *(sa.column(name) for name in
                                            ("dossier_id", *INDEXED["dossier_search"],
                                             "names_exact")))
    rows = bind.execute(sa.text("SELECT id, dossier_code, applicant_name, applicant_id_number "
                                "FROM records ORDER BY id")).all()
    for start in range(0, len(rows), BATCH):
        bind.execute(records.insert(), [
            {"record_id": row.id, **asdict(record_document(row.dossier_code, row.applicant_name,
                                                           row.applicant_id_number))}
            for row in rows[start:start + BATCH]])
    rows = bind.execute(sa.text(
        "SELECT d.id, r.dossier_code, r.applicant_name, r.applicant_id_number FROM dossiers d "
        "LEFT JOIN records r ON r.id = d.record_id ORDER BY d.id")).all()
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        texts, fields = _page_texts_and_fields(bind, [row.id for row in batch])
        bind.execute(dossiers.insert(), [
            {"dossier_id": row.id,
             **asdict(dossier_document(row.dossier_code, row.applicant_name,
                                       row.applicant_id_number, fields.get(row.id, []),
                                       texts.get(row.id, [])))}
            for row in batch])


def _page_texts_and_fields(bind: sa.Connection, dossier_ids: list[int]
                           ) -> tuple[dict[int, list[str]], dict[int, list[tuple[str, str]]]]:
    """Per dossier: the text of its pages (not removed ones) and their fields, in order."""
    ids = sa.bindparam("ids", dossier_ids, expanding=True)
    pages = bind.execute(sa.text(
        "SELECT dossier_id, text FROM pages WHERE dossier_id IN :ids AND NOT removed "
        "ORDER BY dossier_id, number").bindparams(ids)).all()
    fields = bind.execute(sa.text(
        "SELECT p.dossier_id, f.key, f.value FROM fields f JOIN pages p ON p.id = f.page_id "
        "WHERE p.dossier_id IN :ids AND NOT p.removed ORDER BY p.dossier_id, p.number, f.id"
    ).bindparams(ids)).all()
    return ({dossier: [row.text for row in group]
             for dossier, group in groupby(pages, key=lambda row: row.dossier_id)},
            {dossier: [(row.key, row.value) for row in group]
             for dossier, group in groupby(fields, key=lambda row: row.dossier_id)})
