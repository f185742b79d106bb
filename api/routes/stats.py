"""Figures for officers and managers: scans, dossiers, review backlog, digitization."""

from __future__ import annotations

import logging

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from api.deps import ReadSessionDep, Reader
from api.schemas import StatsPublic
from intake.store import intake_stats

log = logging.getLogger(__name__)

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", response_model=StatsPublic)
def read_stats(caller: Reader, session: ReadSessionDep, unit: str | None = None,
               received_from: Annotated[AwareDatetime | None, Query(alias="from")] = None,
               received_to: Annotated[AwareDatetime | None,
                                      Query(alias="to", description="exclusive")] = None
               ) -> StatsPublic:
    """Figures for ``[from, to)``; a unit key gets its unit's."""
    unit = caller.unit or unit  # a unit key's figures are its own, whatever it asks
    stats = intake_stats(session, unit=unit, start=received_from, end=received_to)
    return StatsPublic(unit=unit, received_from=received_from, received_to=received_to,
                       scans=stats.scans, scans_quarantined=stats.scans_quarantined,
                       duplicates=stats.duplicates, dossiers=stats.dossiers, pages=stats.pages,
                       dossiers_awaiting_review=stats.dossiers_awaiting_review,
                       pages_awaiting_review=stats.pages_awaiting_review,
                       records_received=stats.records_received,
                       records_digitized=stats.records_digitized,
                       digitization_rate=stats.digitization_rate,
                       median_seconds_to_ready=stats.median_seconds_to_ready)
