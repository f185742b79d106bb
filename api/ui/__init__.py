"""The officers' review pages under ``/ui``: server-rendered Jinja2 templates, one small
ES module and one stylesheet, all served by the API's own app and usable offline.

``mount_ui(app, options)`` adds them to the app: the page routes (one module per page),
the static files, the session signer, ``/`` redirecting to the queue, and last a
Vietnamese 404 page for any other ``/ui`` address.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.options import ApiOptions
from api.ui import assign, dossier, pages, queue, search, session, stats, unknown_pages
from api.ui.cookies import SessionSigner, session_secret
from api.ui.page_images import large_images
from api.ui.rendering import STATIC, STATIC_URL

log = logging.getLogger(__name__)


def mount_ui(app: FastAPI, options: ApiOptions) -> None:
    app.state.ui_signer = SessionSigner(session_secret(options.session_secret, options.data_dir),
                                        timedelta(hours=options.session_hours))
    app.state.ui_images = large_images()
    for module in (session, queue, dossier, pages, assign, search, stats):
        app.include_router(module.router)
    app.mount(STATIC_URL, StaticFiles(directory=STATIC), name="ui-static")
    app.add_api_route("/", _to_queue, include_in_schema=False)
    app.include_router(unknown_pages.router)  # after everything else under /ui


def _to_queue() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)
