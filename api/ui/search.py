"""The search page (``/ui/search?q=``): dossiers by dossier code, applicant name, ID
number or words read from the pages (``intake.store.search``), best first; and below
them the records that match but none of whose dossiers is among those hits (a record
announced by the provincial system whose papers are not scanned yet has no dossier)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import ReadSessionDep
from api.ui.auth import CurrentOfficer
from api.ui.errors import UiRoute
from api.ui.rendering import render
from intake.store.search import find_records, search_dossiers

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)

PAGE_SIZE = 20


@router.get("/search")
def search_page(request: Request, officer: CurrentOfficer, session: ReadSessionDep,
                q: Annotated[str, Query(max_length=200)] = "",
                page: Annotated[int, Query(ge=1, le=500)] = 1) -> Response:
    query = q.strip()
    hits = (search_dossiers(session, query, unit=officer.unit, offset=(page - 1) * PAGE_SIZE,
                            limit=PAGE_SIZE + 1) if query else [])
    records = []
    if query and page == 1:
        shown = {hit.dossier_id for hit in hits}
        records = [record for record in find_records(session, query, unit=officer.unit,
                                                     limit=PAGE_SIZE)
                   if not any(dossier.id in shown for dossier in record.dossiers)]
    return render(request, "search.html", {"query": query, "hits": hits[:PAGE_SIZE],
                                           "records": records,
                                           "has_more": len(hits) > PAGE_SIZE, "page": page})
