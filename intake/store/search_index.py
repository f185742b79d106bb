"""Keeping the search index up to date: one document per dossier and per record.

The store's own changes call these in the same transaction (a dossier stored, a field
corrected, a dossier assigned, a record created or its applicant changed), so a search
sees exactly what is committed. ``reindex_all`` rebuilds every document, e.g. after the
folding in ``intake.search_text`` changed. On SQLite the FTS5 table follows the document
tables through triggers; on PostgreSQL the tsvector column is generated.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from intake.search_text import SearchDocument, dossier_document, record_document
from intake.store.engine import is_postgresql
from intake.store.tables import (
    SEARCH_TABLES,
    Dossier,
    DossierSearch,
    Page,
    Record,
    RecordSearch,
)

log = logging.getLogger(__name__)

BATCH = 200


def index_dossier(session: Session, dossier_id: int) -> None:
    """Write the dossier's document from what the session holds now."""
    _index_dossiers(session, [dossier_id])


def index_record(session: Session, record_id: int, *, with_dossiers: bool = True) -> None:
    """Write the record's document and, ``with_dossiers``, its dossiers' documents (they
    carry the record's code, applicant name and ID number too)."""
    _index_records(session, [record_id])
    if with_dossiers:
        dossier_ids = session.scalars(select(Dossier.id).where(Dossier.record_id == record_id))
        _index_dossiers(session, list(dossier_ids))


def reindex_all(session: Session) -> tuple[int, int]:
    """Rewrite every record's and every dossier's document, and on SQLite rebuild the
    FTS5 tables from them; how many records and dossiers."""
    counts = []
    for table, index in ((Record, _index_records), (Dossier, _index_dossiers)):
        ids = list(session.scalars(select(table.id).order_by(table.id)))
        for start in range(0, len(ids), BATCH):
            index(session, ids[start:start + BATCH])
        counts.append(len(ids))
    if not is_postgresql(session):
        for table_name in SEARCH_TABLES:
            session.execute(text(f"INSERT INTO {table_name}_fts({table_name}_fts) "
                                 "VALUES ('rebuild')"))
    log.info("search index rebuilt: %d records, %d dossiers", *counts)
    return counts[0], counts[1]


def _index_records(session: Session, record_ids: Sequence[int]) -> None:
    records = session.scalars(select(Record).where(Record.id.in_(record_ids))
                              .execution_options(populate_existing=True))
    _write(session, RecordSearch, {
        record.id: record_document(record.dossier_code, record.applicant_name,
                                   record.applicant_id_number) for record in records})


def _index_dossiers(session: Session, dossier_ids: Sequence[int]) -> None:
    if not dossier_ids:
        return
    dossiers = session.scalars(
        select(Dossier).where(Dossier.id.in_(dossier_ids))
        .options(selectinload(Dossier.pages).selectinload(Page.fields),
                 selectinload(Dossier.record))
        .execution_options(populate_existing=True))  # as stored, even if changed by SQL
    _write(session, DossierSearch, {dossier.id: _dossier_document(dossier) for dossier in dossiers})


def _dossier_document(dossier: Dossier) -> SearchDocument:
    record = dossier.record
    pages = [page for page in dossier.pages if not page.removed]
    return dossier_document(
        record.dossier_code if record else None,
        record.applicant_name if record else None,
        record.applicant_id_number if record else None,
        fields=[(value.key, value.value) for page in pages for value in page.fields],
        page_texts=[page.text for page in pages])


def _write(session: Session, table: type[DossierSearch] | type[RecordSearch],
           documents: dict[int, SearchDocument]) -> None:
    """Insert or update the documents (keyed by dossier or record id) of ``table``."""
    key = table.__mapper__.primary_key[0]
    existing = {getattr(row, key.key): row for row in
                session.scalars(select(table).where(key.in_(list(documents))))}
    for row_id, document in documents.items():
        values = {name: value for name, value in asdict(document).items()
                  if name in table.__table__.c}
        row = existing.get(row_id)
        if row is None:
            session.add(table(**{key.key: row_id}, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
    session.flush()
