"""Any other address under ``/ui``: a Vietnamese "no such page" (404) instead of the
framework's English JSON. Mounted last, after every page and the static files."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response

from api.deps import StoreDep
from api.ui.auth import SignerDep, current_officer
from api.ui.errors import SignInRequired, UiRoute, error_answer

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)


@router.api_route("/{unknown:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
def unknown_page(unknown: str, request: Request, store: StoreDep,
                 signer: SignerDep) -> Response:
    """404 with the page's frame; signed-in officers keep their menu."""
    try:
        current_officer(request, store, signer)
    except SignInRequired:
        pass  # the page is shown without the menu; nothing here needs a session
    log.info("no /ui page %s %s", request.method, request.url.path)
    return error_answer(request, "page_not_found", 404, LookupError(unknown))
