"""The dossier page (``/ui/dossiers/{id}``): page images beside the fields to check,
saving a field the moment the officer confirms it, approving, the PDF, the history.

Every change names the dossier version the page was loaded with (or last saved); a
stale one answers 409 with the conflict message and changes nothing.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.blob_response import blob_response
from api.deps import OptionsDep, ReadSessionDep, StoreDep
from api.errors import error_body
from api.options import ApiOptions
from api.ui.auth import ChangingOfficer, CurrentOfficer, Officer
from api.ui.dossier_view import applicant_of, field_views, history_lines, page_views
from api.ui.errors import UiRoute
from api.ui.labels import NOTICES, error_message
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

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui/dossiers", route_class=UiRoute, include_in_schema=False)


class FieldSave(BaseModel):
    value: str = Field(max_length=2000)
    expected_version: int = Field(ge=1)


@router.get("/{dossier_id}")
def dossier_page(dossier_id: int, request: Request, officer: CurrentOfficer,
                 session: ReadSessionDep, options: OptionsDep, page: int = 1,
                 notice: str | None = None) -> Response:
    return render_dossier(request, session, officer, dossier_id, options, shown_page=page,
                          notice=notice)


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
        "notice": NOTICES.get(notice or ""), "threshold": options.review_confidence},
        status_code=status_code)


@router.post("/{dossier_id}/fields/{field_id}")
def save_field(dossier_id: int, field_id: int, body: FieldSave, officer: ChangingOfficer,
               store: StoreDep) -> Response:
    """Save one field's value as the officer confirmed it: JSON in, JSON out."""
    value = unicodedata.normalize("NFC", body.value.strip())
    try:
        with store.session() as session:
            dossier = get_dossier(session, dossier_id, officer.unit)
            if not any(f.id == field_id for page in dossier.pages for f in page.fields):
                raise NotFoundError(f"no field {field_id} in dossier {dossier_id}")
            saved = correct_field(session, field_id, value, officer.caller.actor,
                                  body.expected_version, officer.unit)
            answer = {"field_id": saved.id, "value": saved.value, "corrected": saved.corrected,
                      "version": dossier.version}
    except ConflictError as exc:
        code, version = conflict_code(store, dossier_id, officer.unit, exc)
        return JSONResponse(error_body(code, error_message(code), version=version),
                            status_code=409)
    log.info("field %s of dossier %s saved by %s", field_id, dossier_id, officer.name)
    return JSONResponse(answer)


@router.post("/{dossier_id}/approve")
def approve(dossier_id: int, request: Request, officer: ChangingOfficer, store: StoreDep,
            options: OptionsDep, expected_version: Annotated[int, Form(ge=1)]) -> Response:
    try:
        with store.session() as session:
            approve_dossier(session, dossier_id, officer.caller.actor, expected_version,
                            officer.unit)
    except ConflictError as exc:
        return conflict_page(request, store, officer, dossier_id, options, exc)
    return RedirectResponse(f"/ui/?approved={dossier_id}", status_code=303)


@router.head("/{dossier_id}/pdf")
@router.get("/{dossier_id}/pdf")
def dossier_pdf(dossier_id: int, request: Request, officer: CurrentOfficer,
                store: StoreDep) -> Response:
    """The dossier's PDF as it stands (pages turned, moved, removed)."""
    with store.read_session() as session:
        dossier = get_dossier(session, dossier_id, officer.unit)
        pdf_sha = dossier.pdf_sha
        name = f"{dossier.record.dossier_code if dossier.record else f'ho-so-{dossier.id}'}.pdf"
    if pdf_sha is None:
        raise NotFoundError(f"dossier {dossier_id} has no PDF yet")
    return blob_response(request, store.blobs, pdf_sha, media_type="application/pdf",
                         filename=name)


@router.get("/{dossier_id}/pages/{number}/image")
async def page_image(dossier_id: int, number: int, request: Request, officer: CurrentOfficer,
                     store: StoreDep, options: OptionsDep,
                     size: ShownSize = ShownSize.PREVIEW) -> Response:
    """A page as it stands (turned): ``preview``, or ``large`` for zooming in."""
    sha = await run_in_threadpool(shown_image_sha, store, request.app.state.ui_images,
                                  dossier_id, number, size, officer.unit, options)
    return await run_in_threadpool(blob_response, request, store.blobs, sha)


def conflict_code(store: Store, dossier_id: int, unit: str | None,
                  exc: ConflictError) -> tuple[str, int | None]:
    """Why a change was refused, in the words' codes (``approved``, ``last_page``,
    ``conflict``), and the dossier's version now."""
    with store.read_session() as session:
        try:
            dossier = get_dossier(session, dossier_id, unit)
        except NotFoundError:
            return "not_found", None
        if dossier.state == DossierState.APPROVED:
            return "approved", dossier.version
        return exc.code, dossier.version


def conflict_page(request: Request, store: Store, officer: Officer, dossier_id: int,
                  options: ApiOptions, exc: ConflictError, shown_page: int = 1) -> Response:
    """The dossier as it now is, headed by why the change was refused (409)."""
    code, _version = conflict_code(store, dossier_id, officer.unit, exc)
    log.info("change to dossier %s refused (%s): %s", dossier_id, code, exc)
    with store.read_session() as session:
        return render_dossier(request, session, officer, dossier_id, options,
                              shown_page=shown_page, problem=code, status_code=409)
