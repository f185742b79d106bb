"""The change feed: ``GET /events?after=<cursor>``, gap-free and in order."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ReadSessionDep, Reader
from api.schemas import CURSOR_MAX, EventPublic, EventsPublic
from intake.store import list_events

log = logging.getLogger(__name__)

router = APIRouter(prefix="/events", tags=["events"])


@router.get("", response_model=EventsPublic)
def read_events(caller: Reader, session: ReadSessionDep,
                after: Annotated[int, Query(ge=0, le=CURSOR_MAX,
                                           description="the last cursor seen")] = 0,
                limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> EventsPublic:
    """Events after ``after`` in order; a unit key sees its unit's only."""
    events = list_events(session, after=after, limit=limit, unit=caller.unit)
    return EventsPublic(events=[EventPublic.from_row(e) for e in events],
                        next_cursor=events[-1].id if events else after)
