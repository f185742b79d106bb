"""The figures page (``/ui/stats``): today and this month, Vietnam time, for the
officer's unit (every unit for an admin), and dossiers per day this month."""

from __future__ import annotations

import calendar
import logging
from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request, Response

from api.deps import ReadSessionDep
from api.ui.auth import CurrentOfficer
from api.ui.charts import bar_chart
from api.ui.errors import UiRoute
from api.ui.rendering import VIETNAM, now_utc, render
from intake.store import dossiers_per_day, intake_stats, review_backlog

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)


@router.get("/stats")
def stats_page(request: Request, officer: CurrentOfficer, session: ReadSessionDep) -> Response:
    today = now_utc().astimezone(VIETNAM).date()
    day_start = _start_of(today)
    month_start = _start_of(today.replace(day=1))
    days_in_month = calendar.monthrange(today.year, today.month)[1]
    month_end = month_start + timedelta(days=days_in_month)
    per_day = dossiers_per_day(session, unit=officer.unit, start=month_start, end=month_end,
                               utc_offset=VIETNAM.utcoffset(None))
    bars = [(str(day) if day == 1 or day % 5 == 0 else "",
             f"{day:02d}/{today.month:02d}: {per_day.get(today.replace(day=day), 0)} hồ sơ",
             per_day.get(today.replace(day=day), 0)) for day in range(1, days_in_month + 1)]
    backlog, backlog_pages = review_backlog(session, officer.unit)
    return render(request, "stats.html", {
        "today": today,
        "day": intake_stats(session, unit=officer.unit, start=day_start,
                            end=day_start + timedelta(days=1)),
        "month": intake_stats(session, unit=officer.unit, start=month_start, end=month_end),
        "backlog": backlog, "backlog_pages": backlog_pages,
        "chart": bar_chart(bars, width=1200, height=280), "month_total": sum(per_day.values())})


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), VIETNAM)
