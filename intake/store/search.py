"""Search over dossiers and records: by code, ID number, applicant name or page text.

The query is read by ``intake.search_text.parse_query``. The full-text index (FTS5 on
SQLite, a GIN-indexed tsvector on PostgreSQL) finds the documents holding every word
(the last one as the start of a word); the short code, ID-number and name columns of
those documents then say how each one matched, with plain ``LIKE`` on folded words, the
same on both databases. Hits come in this order:

1. by **code** (the query is a dossier code or a piece of one: its words stand together
   in the code; a piece ending on a whole word first), then by **ID number** (9 or 12
   digits), then by **name** (every word in a name), then by **text** (anywhere else);
2. a query typed with accents puts names spelt with the same accents first (old and new
   tone placement count as the same). Page text does not rank by accents: OCR often
   misreads stacked tone marks, so a name matched in text without them is no worse a hit;
3. newest first.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, literal, literal_column, or_, select, table
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, selectinload

from intake.search_text import ID_NUMBER_FIELD, NAME_FIELD, SearchQuery, parse_query, snippet
from intake.store.engine import is_postgresql
from intake.store.tables import (
    Dossier,
    DossierKind,
    DossierSearch,
    DossierState,
    Page,
    Record,
    RecordSearch,
)

log = logging.getLogger(__name__)

MAX_LIMIT = 100


class Matched(StrEnum):
    """How a hit matched; the members are in rank order."""

    CODE = "code"
    ID_NUMBER = "id_number"
    NAME = "name"
    TEXT = "text"


_IN_RANK_ORDER = list(Matched)
_RANK = {matched: rank for rank, matched in enumerate(_IN_RANK_ORDER)}


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One dossier found. ``applicant_name`` and ``id_number`` are the record's, or for an
    unassigned dossier those read from its pages; ``snippet`` is a piece of page text
    around the query words ("" when they are not in the text)."""

    dossier_id: int
    record_id: int | None
    dossier_code: str | None
    applicant_name: str | None
    id_number: str | None
    state: DossierState
    kind: DossierKind
    page_count: int
    created_at: datetime
    snippet: str
    matched: Matched


def search_dossiers(session: Session, text: str, *, unit: str | None = None, limit: int = 20,
                    offset: int = 0) -> list[SearchHit]:
    """Dossiers matching ``text`` (a code or piece of one, an ID number, or words of a
    name or of the page text), best first; only ``unit``'s when given."""
    query = parse_query(text)
    if not query.words:
        return []
    rank = _rank(query, DossierSearch).label("rank")
    statement = (
        select(Dossier.id, Dossier.record_id, Dossier.state, Dossier.kind, Dossier.page_count,
               Dossier.created_at, Record.dossier_code, Record.applicant_name,
               Record.applicant_id_number, rank)
        .select_from(DossierSearch)
        .join(Dossier, Dossier.id == DossierSearch.dossier_id)
        .outerjoin(Record, Record.id == Dossier.record_id)
        .where(_full_text_match(session, DossierSearch, query.words))
        .order_by(rank, *_closer(query, DossierSearch), Dossier.id.desc())
        .offset(max(0, offset)).limit(max(1, min(limit, MAX_LIMIT))))
    if unit is not None:
        statement = statement.where(Dossier.unit_code == unit)
    rows = session.execute(statement).all()
    pages = _pages_of(session, [row.id for row in rows])
    return [_hit(row, pages.get(row.id, []), query) for row in rows]


def find_records(session: Session, text: str, *, unit: str | None = None,
                 limit: int = 20) -> list[Record]:
    """Records matching ``text`` by code, applicant name or ID number, best first (the
    same order as ``search_dossiers``), with their dossiers; only ``unit``'s when given."""
    query = parse_query(text)
    if not query.words:
        return []
    statement = (
        select(Record).join(RecordSearch, RecordSearch.record_id == Record.id)
        .where(_full_text_match(session, RecordSearch, query.words))
        .order_by(_rank(query, RecordSearch), *_closer(query, RecordSearch), Record.id.desc())
        .limit(max(1, min(limit, MAX_LIMIT))).options(selectinload(Record.dossiers)))
    if unit is not None:
        statement = statement.where(Record.unit_code == unit)
    return list(session.scalars(statement))


def _full_text_match(session: Session, documents: type[DossierSearch] | type[RecordSearch],
                     words: Sequence[str]) -> ColumnElement[bool]:
    """Documents holding every word (the last as a prefix), through the full-text index."""
    name = documents.__tablename__
    if is_postgresql(session):
        terms = [f"'{word}'" for word in words[:-1]] + [f"'{words[-1]}':*"]
        return sql_text(f"{name}.search_vector @@ to_tsquery('simple', :tsquery)").bindparams(
            tsquery=" & ".join(terms))
    terms = [f'"{word}"' for word in words[:-1]] + [f'"{words[-1]}"*']
    fts = f"{name}_fts"
    matching = (select(literal_column("rowid")).select_from(table(fts))
                .where(sql_text(f"{fts} MATCH :fts_query").bindparams(fts_query=" AND ".join(terms))))
    return documents.__mapper__.primary_key[0].in_(matching)


def _rank(query: SearchQuery, documents: type[DossierSearch] | type[RecordSearch]
          ) -> ColumnElement[int]:
    whens = []
    if query.code_like:
        whens.append((_has_phrase(documents.code, query.words, whole=False),
                      _RANK[Matched.CODE]))
    if query.id_number:
        whens.append((_has_words(documents.id_numbers, [query.id_number], prefix_last=False),
                      _RANK[Matched.ID_NUMBER]))
    whens.append((_has_words(documents.names, query.words), _RANK[Matched.NAME]))
    return case(*whens, else_=_RANK[Matched.TEXT])


def _closer(query: SearchQuery, documents: type[DossierSearch] | type[RecordSearch]
            ) -> list[ColumnElement[int]]:
    """The order within a rank, when the query can tell: first a code piece made of whole
    words, a name with the query's accents."""
    conditions: list[ColumnElement[bool]] = []
    if query.code_like:
        conditions.append(_has_phrase(documents.code, query.words, whole=True))
    if query.exact:
        conditions.append(_has_words(documents.names_exact, query.exact))
    return [case((or_(*conditions), 0), else_=1)] if conditions else []


def _has_words(column: ColumnElement[str], words: Sequence[str], prefix_last: bool = True) -> ColumnElement[bool]:
    """``column`` (words and single spaces) holds every word; the last maybe as a prefix."""
    padded = literal(" ") + column + literal(" ")
    patterns = [f"% {word} %" for word in words]
    if prefix_last:
        patterns[-1] = f"% {words[-1]}%"
    return and_(*(padded.like(pattern) for pattern in patterns))


def _has_phrase(column: ColumnElement[str], words: Sequence[str], whole: bool) -> ColumnElement[bool]:
    """``column`` holds ``words`` one after the other (the last whole, or as a prefix)."""
    pattern = "% " + " ".join(words) + (" %" if whole else "%")
    return (literal(" ") + column + literal(" ")).like(pattern)


def _pages_of(session: Session, dossier_ids: list[int]) -> dict[int, list[Page]]:
    """The pages (not removed) of the dossiers found, with their fields, in order."""
    if not dossier_ids:
        return {}
    pages: dict[int, list[Page]] = defaultdict(list)
    for page in session.scalars(
            select(Page).where(Page.dossier_id.in_(dossier_ids), Page.removed.is_(False))
            .order_by(Page.dossier_id, Page.number).options(selectinload(Page.fields))):
        pages[page.dossier_id].append(page)
    return pages


def _hit(row, pages: list[Page], query: SearchQuery) -> SearchHit:
    piece = snippet([page.text for page in pages], query.words)
    return SearchHit(
        dossier_id=row.id, record_id=row.record_id, dossier_code=row.dossier_code,
        applicant_name=row.applicant_name or _first_field(pages, NAME_FIELD),
        id_number=row.applicant_id_number or _first_field(pages, ID_NUMBER_FIELD),
        state=DossierState(row.state), kind=DossierKind(row.kind), page_count=row.page_count,
        created_at=row.created_at, snippet=piece, matched=_IN_RANK_ORDER[row.rank])


def _first_field(pages: list[Page], key: str) -> str | None:
    return next((value.value for page in pages for value in page.fields if value.key == key),
                None)
