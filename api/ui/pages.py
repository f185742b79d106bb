"""Page operations from the dossier page's thumbnails: turn a page a quarter, move it
up or down, remove it, restore it, or restore the whole dossier as the pipeline made
it. Each rebuilds the PDF (``intake.store.page_operations``) and comes back to the
dossier page; a stale version shows the dossier as it now is, with the conflict."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from api.deps import OptionsDep, StoreDep
from api.options import ApiOptions
from api.ui.auth import ChangingOfficer, Officer
from api.ui.dossier import conflict_page
from api.ui.errors import UiRoute
from intake.store import ConflictError, Store
from intake.store.page_operations import (
    move_page,
    remove_page,
    restore_dossier,
    restore_page,
    turn_page,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui/dossiers", route_class=UiRoute, include_in_schema=False)

Version = Annotated[int, Form(ge=1)]


@router.post("/{dossier_id}/pages/{number}/turn")
def turn(dossier_id: int, number: int, request: Request, officer: ChangingOfficer,
         store: StoreDep, options: OptionsDep, expected_version: Version,
         degrees: Annotated[int, Form()] = 90) -> Response:
    return _change(request, store, officer, options, dossier_id, number, "turned",
                   lambda s: turn_page(s, store.blobs, dossier_id, number, degrees,
                                       officer.caller.actor, expected_version, officer.unit))


@router.post("/{dossier_id}/pages/{number}/move")
def move(dossier_id: int, number: int, request: Request, officer: ChangingOfficer,
         store: StoreDep, options: OptionsDep, expected_version: Version,
         to_number: Annotated[int, Form(ge=1)]) -> Response:
    return _change(request, store, officer, options, dossier_id, to_number, "moved",
                   lambda s: move_page(s, store.blobs, dossier_id, number, to_number,
                                       officer.caller.actor, expected_version, officer.unit),
                   shown_on_conflict=number)


@router.post("/{dossier_id}/pages/{number}/remove")
def remove(dossier_id: int, number: int, request: Request, officer: ChangingOfficer,
           store: StoreDep, options: OptionsDep, expected_version: Version) -> Response:
    return _change(request, store, officer, options, dossier_id, number, "removed",
                   lambda s: remove_page(s, store.blobs, dossier_id, number,
                                         officer.caller.actor, expected_version, officer.unit))


@router.post("/{dossier_id}/pages/{number}/restore")
def restore(dossier_id: int, number: int, request: Request, officer: ChangingOfficer,
            store: StoreDep, options: OptionsDep, expected_version: Version) -> Response:
    return _change(request, store, officer, options, dossier_id, number, "restored",
                   lambda s: restore_page(s, store.blobs, dossier_id, number,
                                          officer.caller.actor, expected_version, officer.unit))


@router.post("/{dossier_id}/restore")
def restore_original(dossier_id: int, request: Request, officer: ChangingOfficer,
                     store: StoreDep, options: OptionsDep,
                     expected_version: Version) -> Response:
    return _change(request, store, officer, options, dossier_id, 1, "restored_dossier",
                   lambda s: restore_dossier(s, store.blobs, dossier_id,
                                             officer.caller.actor, expected_version,
                                             officer.unit))


def _change(request: Request, store: Store, officer: Officer, options: ApiOptions,
            dossier_id: int, shown_page: int, notice: str,
            operation: Callable[[Session], object],
            shown_on_conflict: int | None = None) -> Response:
    """Run ``operation`` in one transaction; back to the dossier showing ``shown_page``."""
    try:
        with store.session() as session:
            operation(session)
    except ConflictError as exc:
        return conflict_page(request, store, officer, dossier_id, options, exc,
                             shown_page=shown_on_conflict or shown_page)
    log.info("dossier %s: pages %s by %s", dossier_id, notice, officer.name)
    return RedirectResponse(f"/ui/dossiers/{dossier_id}?page={shown_page}&notice={notice}",
                            status_code=303)
