"""Jinja2 templates of the review pages and the filters they format with: Vietnam time,
"3 phút trước", numbers with Vietnamese separators, percentages, durations."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from api.ui import labels

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_URL = "/ui/static"
VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def time_ago(moment: datetime | None, now: datetime | None = None) -> str:
    """How long ago, as an officer says it: "vừa xong", "3 phút trước", "2 ngày trước"."""
    if moment is None:
        return ""
    seconds = max(0, int(((now or now_utc()) - moment).total_seconds()))
    for unit_seconds, unit in ((86_400, "ngày"), (3_600, "giờ"), (60, "phút")):
        if seconds >= unit_seconds:
            return f"{seconds // unit_seconds} {unit} trước"
    return "vừa xong"


def local_time(moment: datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    return moment.astimezone(VIETNAM).strftime(pattern) if moment is not None else ""


def shown_date(value: str | None) -> str:
    """An ISO date as officers write it: "1985-02-03" -> "03/02/1985", "1985-02" ->
    "02/1985"; anything else as it is."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) in (2, 3) and len(parts[0]) == 4 and all(p.isdigit() for p in parts):
        return "/".join(reversed(parts))
    return value


def vn_number(value: float | int | None, digits: int = 0) -> str:
    """1234567.5 -> "1.234.567,5" (Vietnamese separators)."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{vn_number(value * 100, digits)}%"


def duration(seconds: float | None) -> str:
    """3725 -> "1 giờ 2 phút"; 95 -> "1 phút 35 giây"."""
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} giờ {minutes} phút"
    if minutes:
        return f"{minutes} phút {secs} giây"
    return f"{secs} giây"


@cache
def asset_url(name: str) -> str:
    """The static file's URL with a content hash, so a changed file is fetched anew."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return f"{STATIC_URL}/{name}?v={digest}"


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.filters.update(ago=time_ago, local_time=local_time, vn_number=vn_number,
                       percent=percent, duration=duration, field_label=labels.field_label,
                       warning_label=labels.warning_label, action_label=labels.action_label,
                       quarantine_reason=labels.quarantine_reason)
    env.globals.update(asset_url=asset_url, kind_labels=labels.KIND_LABELS,
                       state_labels=labels.STATE_LABELS, role_labels=labels.ROLE_LABELS,
                       matched_labels=labels.MATCHED_LABELS)
    env.trim_blocks = env.lstrip_blocks = True
    return templates


templates = _templates()


def render(request: Request, name: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200) -> Response:
    """Template ``name`` with the signed-in officer (if any) and the time of the request."""
    officer = getattr(request.state, "officer", None)
    full = {"officer": officer, "now": now_utc(), **(context or {})}
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response
