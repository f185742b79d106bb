"""Dossiers: reading them (PDF, page images), and the officers' review: attach to a
record, correct a field, approve. Each change is audited and announced in its own
transaction, against the dossier version the officer saw (409 ``conflict`` if stale)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.blob_response import blob_response, dossier_pdf_response
from api.deps import OptionsDep, ReadSessionDep, Reader, Reviewer, SessionDep, StoreDep
from api.previews import ImageSize, current_page_image_sha
from api.schemas import (
    Approval,
    Attachment,
    DossierPublic,
    DossiersPublic,
    DossierSummary,
    FieldCorrected,
    FieldCorrection,
    FieldPublic,
    Offset,
    PageNumber,
    RowId,
)
from intake.store import (
    DossierState,
    NotFoundError,
    approve_dossier,
    assign_dossier,
    correct_field,
    get_dossier,
    get_record,
    list_dossiers,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/dossiers", tags=["dossiers"])


@router.get("", response_model=DossiersPublic)
def read_dossiers(caller: Reader, session: ReadSessionDep, state: DossierState | None = None,
                  unassigned: bool = False, offset: Offset = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50) -> DossiersPublic:
    """Dossiers, newest first; ``unassigned=true`` for those awaiting a record."""
    dossiers, total = list_dossiers(session, unassigned=unassigned, state=state,
                                    unit=caller.unit, offset=offset, limit=limit)
    return DossiersPublic(total=total, dossiers=[
        DossierSummary.from_row(d, d.record.dossier_code if d.record else None)
        for d in dossiers])


@router.get("/{dossier_id}", response_model=DossierPublic)
def read_dossier(dossier_id: RowId, caller: Reader, session: ReadSessionDep) -> DossierPublic:
    """The dossier with its pages and their fields."""
    return DossierPublic.from_row(get_dossier(session, dossier_id, caller.unit))


@router.head("/{dossier_id}/pdf", include_in_schema=False)
@router.get("/{dossier_id}/pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}},
                       206: {"description": "The range asked for"},
                       304: {"description": "Not modified (If-None-Match)"}})
def read_dossier_pdf(dossier_id: RowId, request: Request, caller: Reader,
                     store: StoreDep) -> Response:
    """The dossier's PDF/A; ``ETag`` is its sha256, ranges are served."""
    return dossier_pdf_response(request, store, dossier_id, caller.unit)


@router.head("/{dossier_id}/pages/{number}/image", include_in_schema=False)
@router.get("/{dossier_id}/pages/{number}/image", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}, "image/tiff": {}}}})
async def read_page_image(dossier_id: RowId, number: PageNumber, request: Request,
                          caller: Reader, store: StoreDep, options: OptionsDep,
                          size: ImageSize = ImageSize.PREVIEW) -> Response:
    """A page image: ``preview`` (a JPEG about 1000 px high) or ``full`` (as archived),
    turned the way officers turned the page."""
    sha = await run_in_threadpool(current_page_image_sha, store, dossier_id, number, size,
                                  caller.unit, options)
    return await run_in_threadpool(blob_response, request, store.blobs, sha)


@router.post("/{dossier_id}/attach", response_model=DossierPublic)
def attach_dossier(dossier_id: RowId, body: Attachment, caller: Reviewer,
                   session: SessionDep) -> DossierPublic:
    """Attach the dossier to an existing record (404 if there is none)."""
    dossier = get_dossier(session, dossier_id, caller.unit)
    record = get_record(session, body.dossier_code, caller.unit)
    version = body.expected_version or dossier.version
    assign_dossier(session, dossier_id, record, caller.actor, version)
    return DossierPublic.from_row(get_dossier(session, dossier_id))


@router.patch("/{dossier_id}/fields/{field_id}", response_model=FieldCorrected)
def correct_dossier_field(dossier_id: RowId, field_id: RowId, body: FieldCorrection,
                          caller: Reviewer, session: SessionDep) -> FieldCorrected:
    """Correct one field's value; the dossier's version goes up by one."""
    dossier = get_dossier(session, dossier_id, caller.unit)
    if not any(value.id == field_id for page in dossier.pages for value in page.fields):
        raise NotFoundError(f"no field {field_id} in dossier {dossier_id}")
    value = correct_field(session, field_id, body.value, caller.actor, body.expected_version,
                          caller.unit)
    return FieldCorrected(**FieldPublic.from_row(value).model_dump(), dossier_id=dossier.id,
                          dossier_version=dossier.version)


@router.post("/{dossier_id}/approve", response_model=DossierPublic,
             responses={409: {"description": "``conflict``: a stale version or a dossier "
                              "not ready; ``unassigned``: attached to no record yet"}})
def approve(dossier_id: RowId, body: Approval, caller: Reviewer,
            session: SessionDep) -> DossierPublic:
    """The officer has checked the dossier: ``ready`` becomes ``approved``. A dossier
    attached to no record is refused (409 ``unassigned``): attach it first."""
    approve_dossier(session, dossier_id, caller.actor, body.expected_version, caller.unit)
    return DossierPublic.from_row(get_dossier(session, dossier_id))
