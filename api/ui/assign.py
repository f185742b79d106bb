"""Attaching a dossier that came without a cover sheet to its record: type or scan the
dossier code (a barcode scanner types it and presses Enter), or find the record by the
applicant's name or ID number. An unknown code comes back to the assign page with the
code kept in the address (``?unknown=<code>``), so reloading does not send it again."""

from __future__ import annotations

import logging
import unicodedata
from urllib.parse import urlencode
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from api.deps import ReadSessionDep, StoreDep
from api.schemas import RowId
from api.ui.auth import ChangingOfficer, CurrentOfficer, Officer
from api.ui.dossier import Version, conflict_redirect
from api.ui.dossier_view import page_views
from api.ui.errors import UiRoute
from api.ui.rendering import render
from intake.store import (
    ConflictError,
    NotFoundError,
    assign_dossier,
    get_dossier,
    get_record,
)
from intake.store.search import find_records, search_dossiers

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui/dossiers", route_class=UiRoute, include_in_schema=False)

RESULTS = 20


@dataclass(frozen=True, slots=True)
class RecordChoice:
    """A record the dossier could be attached to, as the search found it."""

    dossier_code: str
    applicant_name: str | None
    id_number: str | None
    procedure_code: str | None


UNKNOWN_CODE = "Không có hồ sơ mã «{code}» trong đơn vị của bạn. Kiểm tra lại mã."
NO_CODE = "Hãy gõ hoặc quét mã hồ sơ."


@router.get("/{dossier_id}/assign")
def assign_page(dossier_id: RowId, request: Request, officer: CurrentOfficer,
                session: ReadSessionDep,
                q: Annotated[str, Query(max_length=200)] = "",
                unknown: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    """``unknown``: a code just typed that names no record of the unit."""
    code = unicodedata.normalize("NFC", (unknown or "").strip())
    problem = None if unknown is None else (UNKNOWN_CODE.format(code=code) if code
                                            else NO_CODE)
    return render_assign(request, session, officer, dossier_id, q, typed=code,
                         problem=problem)


@router.post("/{dossier_id}/assign")
def assign(dossier_id: RowId, officer: ChangingOfficer, store: StoreDep,
           expected_version: Version,
           dossier_code: Annotated[str, Form(max_length=64)] = "") -> Response:
    code = unicodedata.normalize("NFC", dossier_code.strip())
    try:
        with store.session() as session:
            get_dossier(session, dossier_id, officer.unit)  # another unit's: not found
            record = get_record(session, code, officer.unit)
            assign_dossier(session, dossier_id, record, officer.caller.actor, expected_version)
    except NotFoundError:
        with store.read_session() as session:
            get_dossier(session, dossier_id, officer.unit)
        log.info("dossier %s: no record %r in unit %s", dossier_id, code, officer.unit)
        return RedirectResponse(f"/ui/dossiers/{dossier_id}/assign?"
                                f"{urlencode({'unknown': code})}", status_code=303)
    except ConflictError as exc:
        return conflict_redirect(store, officer, dossier_id, exc)
    log.info("dossier %s attached to %s by %s", dossier_id, code, officer.name)
    return RedirectResponse(f"/ui/dossiers/{dossier_id}?notice=assigned", status_code=303)


def render_assign(request: Request, session: Session, officer: Officer, dossier_id: int,
                  query: str, *, status_code: int = 200, problem: str | None = None,
                  typed: str = "") -> Response:
    dossier = get_dossier(session, dossier_id, officer.unit)
    query = unicodedata.normalize("NFC", query.strip())
    records = record_choices(session, query, officer.unit) if query else []
    return render(request, "assign.html", {
        "dossier": dossier, "code": dossier.record.dossier_code if dossier.record else None,
        "pages": page_views(dossier), "query": query, "records": records,
        "problem": problem, "typed": typed}, status_code=status_code)


def record_choices(session: Session, query: str, unit: str | None) -> list[RecordChoice]:
    """Records by code, applicant name or ID number; then the records of dossiers whose
    pages carry that name or number (a receipt gives a record no applicant)."""
    choices = {record.dossier_code: RecordChoice(record.dossier_code, record.applicant_name,
                                                 record.applicant_id_number,
                                                 record.procedure_code)
               for record in find_records(session, query, unit=unit, limit=RESULTS)}
    for hit in search_dossiers(session, query, unit=unit, limit=RESULTS):
        if hit.dossier_code is not None and hit.dossier_code not in choices:
            choices[hit.dossier_code] = RecordChoice(hit.dossier_code, hit.applicant_name,
                                                     hit.id_number, None)
    return list(choices.values())[:RESULTS]
