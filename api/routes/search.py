"""Search: dossiers by code, ID number, applicant name or words of their page text."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ReadSessionDep, Reader
from api.schemas import SearchHitPublic, SearchHitsPublic
from intake.store import search_dossiers

log = logging.getLogger(__name__)

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=SearchHitsPublic)
def search(caller: Reader, session: ReadSessionDep,
           q: Annotated[str, Query(min_length=1, max_length=200,
                                   description="a dossier code or a piece of one "
                                   "(\"240419-0001\"), a 9 or 12 digit ID number, or words of "
                                   "a name or of the page text (accents optional)",
                                   examples=["Nguyễn Văn Hòa"])],
           limit: Annotated[int, Query(ge=1, le=100)] = 20,
           offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> SearchHitsPublic:
    """Dossiers matching ``q``, best first: by code, then ID number, then name, then
    page text; names spelt with the query's accents first; newest first."""
    hits = search_dossiers(session, q, unit=caller.unit, limit=limit, offset=offset)
    return SearchHitsPublic(query=q, hits=[SearchHitPublic.from_hit(hit) for hit in hits],
                            offset=offset, limit=limit)
