"""The dossier page (``/ui/dossiers/{id}``): page images beside the fields to check,
saving a field the moment the officer confirms it, approving, the PDF, the history.

Every change names the dossier version the page was loaded with (or last saved); a
stale one changes nothing. The page's script hears of it as JSON (409); a form is sent
back to the dossier page with the reason in the address (``?problem=conflict``), never
left on the POST's address, so reloading the page does not send the form again.
A confirmation names the value the officer saw instead (``intake.store.dossiers``).
"""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.blob_response import blob_response, dossier_pdf_response
from api.deps import OptionsDep, ReadSessionDep, StoreDep
from api.errors import error_body
from api.options import ApiOptions
from api.schemas import ROW_ID_MAX, PageNumber, RowId
from api.ui.auth import ChangingOfficer, CurrentOfficer, Officer
from api.ui.dossier_view import applicant_of, field_views, history_lines, page_views
from api.ui.errors import UiRoute
from api.ui.labels import ERROR_MESSAGES, NOTICES, error_message
from api.ui.page_images import ShownSize, shown_image_sha
from api.ui.rendering import render
from intake.store import (
    ConflictError,
    DossierState,
    NotFoundError,
    Store,
    approve_dossier,
    correct_field,
    dossier_history,
    get_dossier,
)
from intake.store.dossiers import confirm_field
from intake.store.field_values import MAX_VALUE_LENGTH
from intake.store.tables import Dossier

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui/dossiers", route_class=UiRoute, include_in_schema=False)


BODY_MAX = 10_000  # what a request may carry; the store's own limit is MAX_VALUE_LENGTH
Version = Annotated[int, Form(ge=1, le=ROW_ID_MAX)]


class FieldSave(BaseModel):
    value: str = Field(max_length=BODY_MAX)
    expected_version: int = Field(ge=1, le=ROW_ID_MAX)


class FieldConfirm(BaseModel):
    value: str = Field(max_length=BODY_MAX, description="the value as the officer saw it")


@router.get("/{dossier_id}")
def dossier_page(dossier_id: RowId, request: Request, officer: CurrentOfficer,
                 session: ReadSessionDep, options: OptionsDep,
                 page: Annotated[int, Query(ge=1, le=ROW_ID_MAX)] = 1,
                 notice: Annotated[str | None, Query(max_length=40)] = None,
                 problem: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """``problem``: the code of why a change was refused, sent here by the change."""
    return render_dossier(request, session, officer, dossier_id, options, shown_page=page,
                          notice=notice, problem=problem if problem in ERROR_MESSAGES else None)


def render_dossier(request: Request, session: Session, officer: Officer, dossier_id: int,
                   options: ApiOptions, *, shown_page: int = 1, problem: str | None = None,
                   notice: str | None = None, status_code: int = 200) -> Response:
    """The dossier page; ``problem`` is an error code whose message heads the page."""
    dossier = get_dossier(session, dossier_id, officer.unit)
    pages = page_views(dossier)
    fields = field_views(dossier, options.review_confidence)
    history = history_lines(dossier_history(session, dossier_id, officer.unit), dossier)
    return render(request, "dossier.html", {
        "dossier": dossier, "code": dossier.record.dossier_code if dossier.record else None,
        "record": dossier.record, "applicant": applicant_of(dossier), "pages": pages,
        "fields": fields, "history": history, "to_check": sum(f.needs_check for f in fields),
        "shown_page": shown_page if any(p.number == shown_page for p in pages) else 1,
        "editable": dossier.state != DossierState.APPROVED,
        "rearranged": dossier.pdf_sha != dossier.original_pdf_sha or any(
            p.turn or p.removed or p.original_number != p.number for p in pages),
        "problem": error_message(problem) if problem else None,
        "notice": NOTICES.get(notice or ""), "threshold": options.review_confidence,
        "max_length": MAX_VALUE_LENGTH}, status_code=status_code)


@router.post("/{dossier_id}/fields/{field_id}")
def save_field(dossier_id: RowId, field_id: RowId, body: FieldSave, officer: ChangingOfficer,
               store: StoreDep) -> Response:
    """Save one field's value as the officer confirmed it: JSON in, JSON out. A value
    the store refuses (too long, no date) answers 422 with the reason in Vietnamese."""
    try:
        with store.session() as session:
            dossier = _dossier_with_field(session, dossier_id, field_id, officer)
            saved = correct_field(session, field_id, body.value, officer.caller.actor,
                                  body.expected_version, officer.unit)
            answer = {"field_id": saved.id, "value": saved.value, "corrected": saved.corrected,
                      "checked": saved.checked, "version": dossier.version}
    except ConflictError as exc:
        return _conflict_json(store, dossier_id, officer, exc)
    log.info("field %s of dossier %s saved by %s", field_id, dossier_id, officer.name)
    return JSONResponse(answer)


@router.post("/{dossier_id}/fields/{field_id}/confirm")
def confirm(dossier_id: RowId, field_id: RowId, body: FieldConfirm, officer: ChangingOfficer,
            store: StoreDep) -> Response:
    """The officer confirmed the field as it reads (Enter or Tab on an unchanged value):
    kept in the store, so it stays checked wherever the dossier is opened next. The
    dossier's version does not change, and the answer does not name it: the page keeps
    the version it has seen."""
    try:
        with store.session() as session:
            _dossier_with_field(session, dossier_id, field_id, officer)
            checked = confirm_field(session, field_id, body.value, officer.caller.actor,
                                    officer.unit)
            answer = {"field_id": checked.id, "value": checked.value,
                      "checked": checked.checked, "confirmed_by": checked.confirmed_by}
    except ConflictError as exc:
        return _conflict_json(store, dossier_id, officer, exc)
    log.info("field %s of dossier %s confirmed by %s", field_id, dossier_id, officer.name)
    return JSONResponse(answer)


@router.post("/{dossier_id}/approve")
def approve(dossier_id: RowId, officer: ChangingOfficer, store: StoreDep,
            expected_version: Version) -> Response:
    try:
        with store.session() as session:
            approve_dossier(session, dossier_id, officer.caller.actor, expected_version,
                            officer.unit)
    except ConflictError as exc:
        return conflict_redirect(store, officer, dossier_id, exc)
    return RedirectResponse(f"/ui/?approved={dossier_id}", status_code=303)


@router.head("/{dossier_id}/pdf")
@router.get("/{dossier_id}/pdf")
def dossier_pdf(dossier_id: RowId, request: Request, officer: CurrentOfficer,
                store: StoreDep) -> Response:
    """The dossier's PDF as it stands (pages turned, moved, removed)."""
    return dossier_pdf_response(request, store, dossier_id, officer.unit, unnamed="ho-so")


@router.get("/{dossier_id}/pages/{number}/image")
async def page_image(dossier_id: RowId, number: PageNumber, request: Request,
                     officer: CurrentOfficer, store: StoreDep, options: OptionsDep,
                     size: ShownSize = ShownSize.PREVIEW) -> Response:
    """A page as it stands (turned): ``preview``, or ``large`` for zooming in."""
    sha = await run_in_threadpool(shown_image_sha, store, request.app.state.ui_images,
                                  dossier_id, number, size, officer.unit, options)
    return await run_in_threadpool(blob_response, request, store.blobs, sha)


def conflict_code(store: Store, dossier_id: int, unit: str | None,
                  exc: ConflictError) -> tuple[str, int | None]:
    """Why a change was refused, in the words' codes (``approved``, ``last_page``,
    ``conflict``, ...), and the dossier's version now."""
    with store.read_session() as session:
        try:
            dossier = get_dossier(session, dossier_id, unit)
        except NotFoundError:
            return "not_found", None
        if dossier.state == DossierState.APPROVED:
            return "approved", dossier.version
        return exc.code, dossier.version


def conflict_redirect(store: Store, officer: Officer, dossier_id: int, exc: ConflictError,
                      shown_page: int = 1) -> Response:
    """Back to the dossier as it now is, headed by why the change was refused (303, so
    that reloading shows the page again instead of sending the form twice)."""
    code, _version = conflict_code(store, dossier_id, officer.unit, exc)
    log.info("change to dossier %s refused (%s): %s", dossier_id, code, exc)
    query = urlencode({"page": shown_page, "problem": code})
    return RedirectResponse(f"/ui/dossiers/{dossier_id}?{query}", status_code=303)


def _dossier_with_field(session: Session, dossier_id: int, field_id: int,
                        officer: Officer) -> Dossier:
    dossier = get_dossier(session, dossier_id, officer.unit)
    if not any(f.id == field_id for page in dossier.pages for f in page.fields):
        raise NotFoundError(f"no field {field_id} in dossier {dossier_id}")
    return dossier


def _conflict_json(store: Store, dossier_id: int, officer: Officer,
                   exc: ConflictError) -> Response:
    code, version = conflict_code(store, dossier_id, officer.unit, exc)
    log.info("field change in dossier %s refused (%s): %s", dossier_id, code, exc)
    return JSONResponse(error_body(code, error_message(code), version=version), status_code=409)
