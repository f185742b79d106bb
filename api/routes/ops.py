"""Operations: ``/health`` (no key) and ``/metrics`` (admin or service key)."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse

from api.deps import Monitor, OptionsDep, ReadSessionDep, StoreDep
from api.health import check_database, check_disk
from api.metrics import render_metrics
from api.schemas import HealthPublic

log = logging.getLogger(__name__)

router = APIRouter(tags=["operations"])

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


@router.get("/health", response_model=HealthPublic,
            responses={503: {"model": HealthPublic, "description": "a check failed"}})
async def health(request: Request, store: StoreDep, options: OptionsDep) -> JSONResponse:
    """Database, free disk in the data folder, tesseract with its languages."""
    checks = {"database": await run_in_threadpool(check_database, store),
              "disk": check_disk(options.data_dir, options.min_free_disk_bytes),
              "tesseract": await run_in_threadpool(request.app.state.tesseract_check)}
    ok = all(check.ok for check in checks.values())
    body = HealthPublic(status="ok" if ok else "failing",
                        checks={name: {"ok": c.ok, "detail": c.detail}
                                for name, c in checks.items()})
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


@router.get("/metrics", response_class=PlainTextResponse,
            responses={200: {"content": {PROMETHEUS_TEXT: {}}}})
def metrics(_caller: Monitor, session: ReadSessionDep) -> PlainTextResponse:
    """Queue depth, throughput, failures by code, processing time per page."""
    text = render_metrics(session, datetime.now(timezone.utc))
    return PlainTextResponse(text, media_type=PROMETHEUS_TEXT)
