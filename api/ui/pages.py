"""Page operations from the dossier page's thumbnails: turn a page a quarter, move it
up or down, remove it, restore it, or restore the whole dossier as the pipeline made
it. Each rebuilds the PDF (``intake.store.page_operations``) and comes back to the
dossier page; a refused change (a stale version, a page removed or restored already)
comes back to it too, with the reason (``conflict_redirect``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from api.deps import StoreDep
from api.schemas import ROW_ID_MAX, PageNumber, RowId
from api.ui.auth import ChangingOfficer, Officer
from api.ui.dossier import Version, conflict_redirect
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


@router.post("/{dossier_id}/pages/{number}/turn")
def turn(dossier_id: RowId, number: PageNumber, officer: ChangingOfficer, store: StoreDep,
         expected_version: Version, degrees: Annotated[int, Form()] = 90) -> Response:
    return _change(store, officer, dossier_id, number, "turned",
                   lambda s: turn_page(s, store.blobs, dossier_id, number, degrees,
                                       officer.caller.actor, expected_version, officer.unit))


@router.post("/{dossier_id}/pages/{number}/move")
def move(dossier_id: RowId, number: PageNumber, officer: ChangingOfficer, store: StoreDep,
         expected_version: Version,
         to_number: Annotated[int, Form(ge=1, le=ROW_ID_MAX)]) -> Response:
    return _change(store, officer, dossier_id, to_number, "moved",
                   lambda s: move_page(s, store.blobs, dossier_id, number, to_number,
                                       officer.caller.actor, expected_version, officer.unit),
                   shown_on_conflict=number)


@router.post("/{dossier_id}/pages/{number}/remove")
def remove(dossier_id: RowId, number: PageNumber, officer: ChangingOfficer, store: StoreDep,
           expected_version: Version) -> Response:
    return _change(store, officer, dossier_id, number, "removed",
                   lambda s: remove_page(s, store.blobs, dossier_id, number,
                                         officer.caller.actor, expected_version, officer.unit))


@router.post("/{dossier_id}/pages/{number}/restore")
def restore(dossier_id: RowId, number: PageNumber, officer: ChangingOfficer, store: StoreDep,
            expected_version: Version) -> Response:
    return _change(store, officer, dossier_id, number, "restored",
                   lambda s: restore_page(s, store.blobs, dossier_id, number,
                                          officer.caller.actor, expected_version, officer.unit))


@router.post("/{dossier_id}/restore")
def restore_original(dossier_id: RowId, officer: ChangingOfficer, store: StoreDep,
                     expected_version: Version) -> Response:
    return _change(store, officer, dossier_id, 1, "restored_dossier",
                   lambda s: restore_dossier(s, store.blobs, dossier_id,
                                             officer.caller.actor, expected_version,
                                             officer.unit))


def _change(store: Store, officer: Officer, dossier_id: int, shown_page: int, notice: str,
            operation: Callable[[Session], object],
            shown_on_conflict: int | None = None) -> Response:
    """Run ``operation`` in one transaction; back to the dossier showing ``shown_page``."""
    try:
        with store.session() as session:
            operation(session)
    except ConflictError as exc:
        return conflict_redirect(store, officer, dossier_id, exc,
                                 shown_page=shown_on_conflict or shown_page)
    log.info("dossier %s: pages %s by %s", dossier_id, notice, officer.name)
    return RedirectResponse(f"/ui/dossiers/{dossier_id}?page={shown_page}&notice={notice}",
                            status_code=303)
