"""Officers' page operations on a dossier: turn, move, remove and restore a page, and
restore the whole dossier to the pipeline's pages. Each rebuilds the dossier PDF, is
audited and announced in its own transaction, and is made against the dossier version
the officer saw (409 ``conflict`` if stale, or if the dossier is approved). Each answers
the dossier as it now stands."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from api.deps import Reviewer, SessionDep, StoreDep
from api.schemas import DossierPublic, PageChange, PageMove, PageNumber, PageTurn, RowId
from intake.store import move_page, remove_page, restore_dossier, restore_page, turn_page

log = logging.getLogger(__name__)

router = APIRouter(prefix="/dossiers/{dossier_id}", tags=["pages"])

_CONFLICT = {409: {"description": "a stale version, an approved dossier, or a change the "
                   "page's state forbids (``last_page``: a dossier keeps one page)"}}


@router.post("/pages/{number}/turn", response_model=DossierPublic, responses=_CONFLICT)
def turn(dossier_id: RowId, number: PageNumber, body: PageTurn, caller: Reviewer,
         session: SessionDep, store: StoreDep) -> DossierPublic:
    """Turn page ``number`` a further 90, 180 or 270 degrees clockwise."""
    dossier = turn_page(session, store.blobs, dossier_id, number, body.degrees, caller.actor,
                        body.expected_version, caller.unit)
    return DossierPublic.from_row(dossier)


@router.post("/pages/{number}/move", response_model=DossierPublic, responses=_CONFLICT)
def move(dossier_id: RowId, number: PageNumber, body: PageMove, caller: Reviewer,
         session: SessionDep, store: StoreDep) -> DossierPublic:
    """Move page ``number`` to place ``to``; the pages between shift by one."""
    dossier = move_page(session, store.blobs, dossier_id, number, body.to, caller.actor,
                        body.expected_version, caller.unit)
    return DossierPublic.from_row(dossier)


@router.post("/pages/{number}/remove", response_model=DossierPublic, responses=_CONFLICT)
def remove(dossier_id: RowId, number: PageNumber, body: PageChange, caller: Reviewer,
           session: SessionDep, store: StoreDep) -> DossierPublic:
    """Leave page ``number`` out of the PDF; it keeps its place and can be restored."""
    dossier = remove_page(session, store.blobs, dossier_id, number, caller.actor,
                          body.expected_version, caller.unit)
    return DossierPublic.from_row(dossier)


@router.post("/pages/{number}/restore", response_model=DossierPublic, responses=_CONFLICT)
def restore(dossier_id: RowId, number: PageNumber, body: PageChange, caller: Reviewer,
            session: SessionDep, store: StoreDep) -> DossierPublic:
    """Put a removed page back into the PDF, at its place."""
    dossier = restore_page(session, store.blobs, dossier_id, number, caller.actor,
                           body.expected_version, caller.unit)
    return DossierPublic.from_row(dossier)


@router.post("/restore", response_model=DossierPublic, responses=_CONFLICT)
def restore_all(dossier_id: RowId, body: PageChange, caller: Reviewer, session: SessionDep,
                store: StoreDep) -> DossierPublic:
    """Back to the pipeline's pages and PDF: every page kept, in its place, unturned."""
    dossier = restore_dossier(session, store.blobs, dossier_id, caller.actor,
                              body.expected_version, caller.unit)
    return DossierPublic.from_row(dossier)
