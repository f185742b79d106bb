"""The HTTP API: ``create_app(store, settings)`` builds it; ``intake serve`` runs it.

Versioned under ``/api/v1`` (records, dossiers, scans, events, webhooks, stats),
documented at ``/openapi.json``, authenticated with ``Authorization: Bearer <key>``;
``/health`` (no key) and ``/metrics`` sit at the root for the tools that expect them.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI

from api.errors import install_error_handlers
from api.health import TesseractCheck
from api.options import api_options
from api.routes import dossiers, events, ops, pages, records, scans, search, stats, webhooks
from api.ui import mount_ui
from intake.store import Store

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


def create_app(store: Store, settings: object) -> FastAPI:
    """The API over ``store``; ``settings`` is ``intake.settings.Settings`` or anything
    with its names (see ``api.options.api_options``)."""
    options = api_options(settings)
    app = FastAPI(title="Intake", version="1", openapi_url="/openapi.json",
                  description="Scanned dossiers of the one-stop shop: records, dossiers "
                  "with their PDFs and fields, scans, the change feed.")
    app.state.store = store
    app.state.options = options
    app.state.tesseract_check = TesseractCheck(options.tesseract_cmd, options.ocr_languages,
                                               options.health_cache_seconds)
    install_error_handlers(app)
    v1 = APIRouter(prefix=API_PREFIX)
    for module in (records, dossiers, pages, scans, events, webhooks, stats, search):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(ops.router)
    mount_ui(app, options)  # the officers' review pages under /ui; / redirects there
    return app
