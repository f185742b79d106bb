"""Records: the provincial system announces received dossiers; readers look them up."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import AwareDatetime

from api.deps import ReadSessionDep, Reader, RecordWriter, SessionDep
from api.errors import ForbiddenError
from api.schemas import Offset, RecordCreate, RecordPublic, RecordsPublic
from intake.store import NotFoundError, find_record, get_record, list_records, upsert_record

log = logging.getLogger(__name__)

router = APIRouter(prefix="/records", tags=["records"])

DossierCode = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\s/]+$",
                                  examples=["000.00.19.H55-240419-0001"])]


@router.put("/{dossier_code}", response_model=RecordPublic,
            responses={201: {"model": RecordPublic, "description": "Created"}})
def put_record(dossier_code: DossierCode, body: RecordCreate, caller: RecordWriter,
               session: SessionDep, response: Response) -> RecordPublic:
    """Create the record or update the values given (status changes are audited)."""
    if not caller.sees(body.unit_code):
        raise ForbiddenError(f"this key writes records of unit {caller.unit} only")
    existing = find_record(session, dossier_code)
    if existing is not None and not caller.sees(existing.unit_code):
        raise NotFoundError(f"no record {dossier_code}")
    upsert_record(session, dossier_code, **body.model_dump(), actor=caller.actor)
    response.status_code = 200 if existing is not None else 201
    return RecordPublic.from_row(get_record(session, dossier_code))


@router.get("/{dossier_code}", response_model=RecordPublic)
def read_record(dossier_code: DossierCode, caller: Reader,
                session: ReadSessionDep) -> RecordPublic:
    """The record with its dossiers."""
    return RecordPublic.from_row(get_record(session, dossier_code, caller.unit))


@router.get("", response_model=RecordsPublic)
def read_records(caller: Reader, session: ReadSessionDep,
                 unit: str | None = None,
                 status: Annotated[int | None, Query(ge=1, le=10)] = None,
                 procedure_code: str | None = None,
                 received_from: AwareDatetime | None = None,
                 received_to: Annotated[AwareDatetime | None,
                                        Query(description="exclusive")] = None,
                 q: Annotated[str | None, Query(max_length=200,
                                                description="part of the dossier code or "
                                                "applicant name, or a whole ID number")] = None,
                 offset: Offset = 0,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50) -> RecordsPublic:
    """Records, newest first, with how many match in all."""
    if not caller.sees(unit) and unit is not None:
        return RecordsPublic(records=[], total=0, offset=offset, limit=limit)
    records, total = list_records(session, unit=caller.unit or unit, status=status,
                                  procedure_code=procedure_code, received_from=received_from,
                                  received_to=received_to, search=q, offset=offset,
                                  limit=limit)
    return RecordsPublic(records=[RecordPublic.from_row(r) for r in records], total=total,
                         offset=offset, limit=limit)
