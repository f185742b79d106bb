"""The review queue (``/ui/``): dossiers awaiting review, oldest drop first, with the
dossiers still waiting for a record and the quarantined scans below them."""

from __future__ import annotations

import logging
import math
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import OptionsDep, ReadSessionDep
from api.ui.auth import CurrentOfficer
from api.ui.errors import UiRoute
from api.ui.rendering import VIETNAM, render
from intake.store import (
    QueueFilter,
    ScanState,
    list_scans,
    list_stations,
    queue_procedures,
    review_queue,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)

PAGE_SIZE = 50
SIDE_LIST_SIZE = 20  # unassigned dossiers and quarantined scans shown below the queue


@router.get("/")
def queue_page(request: Request, officer: CurrentOfficer, session: ReadSessionDep,
               options: OptionsDep,
               station: Annotated[str, Query(max_length=100)] = "",
               procedure: Annotated[str, Query(max_length=32)] = "",
               day: Annotated[str, Query(max_length=10)] = "",
               page: Annotated[int, Query(ge=1, le=10_000)] = 1,
               approved: int | None = None) -> Response:
    """Filters: ``station``, ``procedure`` (code), ``day`` (YYYY-MM-DD, Vietnam time)."""
    picked_day = parse_day(day)
    filters = QueueFilter(unit=officer.unit, station=station.strip() or None,
                          procedure_code=procedure.strip() or None,
                          **_day_bounds(picked_day))
    queue = review_queue(session, filters, confidence=options.review_confidence,
                         offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    unassigned = review_queue(session, QueueFilter(unit=officer.unit), assigned=False,
                              confidence=options.review_confidence, limit=SIDE_LIST_SIZE)
    quarantined, quarantined_total = list_scans(session, state=ScanState.QUARANTINED,
                                                unit=officer.unit, limit=SIDE_LIST_SIZE)
    stations = [s.name for s in list_stations(session)
                if officer.unit is None or s.unit_code == officer.unit]
    return render(request, "queue.html", {
        "queue": queue, "unassigned": unassigned, "quarantined": quarantined,
        "quarantined_total": quarantined_total, "stations": stations,
        "procedures": queue_procedures(session, officer.unit),
        "filters": {"station": station, "procedure": procedure,
                    "day": picked_day.isoformat() if picked_day else ""},
        "page": page, "pages": max(1, math.ceil(queue.total / PAGE_SIZE)),
        "approved": approved, "threshold": options.review_confidence})


def parse_day(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date input sends it; anything else (or nothing) is no filter."""
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def _day_bounds(day: date | None) -> dict[str, datetime | None]:
    if day is None:
        return {}
    start = datetime.combine(day, time(0), VIETNAM)
    return {"dropped_from": start, "dropped_to": start + timedelta(days=1)}
