"""What the API accepts and answers (pydantic, at the edge only), and how store rows
become answers. Links are paths under ``/api/v1``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl

from intake.store.pages import stored_rescan_reason
from intake.store.search import SearchHit
from intake.store.tables import Dossier, Event, FieldValue, Page, Record, Scan, Webhook

PREFIX = "/api/v1"

ROW_ID_MAX = 2**31 - 1
"""The largest id, version, page number or offset a request may name: PostgreSQL's
INTEGER, well below SQLite's 2**63 - 1, past which its driver fails with OverflowError.
A larger number is refused at the edge (422), never handed to the database."""
CURSOR_MAX = 2**63 - 1  # event ids are BIGINT

RowId = Annotated[int, Path(ge=1, le=ROW_ID_MAX)]
PageNumber = Annotated[int, Path(ge=1, le=ROW_ID_MAX)]
Offset = Annotated[int, Query(ge=0, le=ROW_ID_MAX)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RecordCreate(_Input):
    """What the provincial system announces about a received dossier."""

    unit_code: str = Field(min_length=1, max_length=64)
    procedure_code: str | None = Field(None, max_length=32)
    applicant_name: str | None = Field(None, max_length=200)
    applicant_id_number: str | None = Field(None, max_length=16)
    status: int | None = Field(None, ge=1, le=10, description="1-10; a new record defaults to 1")
    received_at: AwareDatetime | None = None


class DossierSummary(BaseModel):
    id: int
    dossier_code: str | None
    kind: str
    state: str
    version: int
    unit_code: str | None
    page_count: int
    created_at: datetime
    ready_at: datetime | None
    approved_at: datetime | None
    pdf_url: str | None

    @classmethod
    def from_row(cls, dossier: Dossier, dossier_code: str | None) -> DossierSummary:
        return cls(**_summary_values(dossier, dossier_code))


class RecordPublic(BaseModel):
    dossier_code: str
    procedure_code: str | None
    applicant_name: str | None
    applicant_id_number: str | None
    unit_code: str
    status: int
    status_name: str
    received_at: datetime | None
    created_at: datetime
    updated_at: datetime
    dossiers: list[DossierSummary]

    @classmethod
    def from_row(cls, record: Record) -> RecordPublic:
        return cls(dossier_code=record.dossier_code, procedure_code=record.procedure_code,
                   applicant_name=record.applicant_name,
                   applicant_id_number=record.applicant_id_number, unit_code=record.unit_code,
                   status=record.status, status_name=record.status_name,
                   received_at=record.received_at, created_at=record.created_at,
                   updated_at=record.updated_at,
                   dossiers=[DossierSummary.from_row(d, record.dossier_code)
                             for d in record.dossiers])


class RecordsPublic(BaseModel):
    records: list[RecordPublic]
    total: int
    offset: int
    limit: int


class FieldPublic(BaseModel):
    id: int
    key: str
    value: str
    confidence: float
    bbox: list[int] | None
    warnings: list[str]
    corrected: bool

    @classmethod
    def from_row(cls, value: FieldValue) -> FieldPublic:
        return cls(id=value.id, key=value.key, value=value.value, confidence=value.confidence,
                   bbox=value.bbox, warnings=list(value.warnings or []),
                   corrected=value.corrected)


class PagePublic(BaseModel):
    number: int
    source_scan_id: int | None
    source_page: int | None
    rotation: int
    skew_deg: float
    text: str
    confidence: float | None
    document_type: str | None
    width: int | None
    height: int | None
    turn: int = Field(description="clockwise degrees officers turned the page (0, 90, 180, "
                      "270), on top of ``rotation``; images are served turned, field boxes "
                      "are in the unturned image's pixels")
    removed: bool = Field(description="left out of the PDF; ``number`` still orders it")
    original_number: int | None = Field(description="the page's place in the pipeline's PDF")
    rescan_reason: str | None = Field(description="why the page had better be scanned again "
                                      "(little_text_read, low_read_confidence); null when its read "
                                      "can be worked with or it was not read")
    image_url: str | None
    preview_url: str | None
    fields: list[FieldPublic]

    @classmethod
    def from_row(cls, page: Page) -> PagePublic:
        image = f"{PREFIX}/dossiers/{page.dossier_id}/pages/{page.number}/image"
        return cls(number=page.number, source_scan_id=page.source_scan_id,
                   source_page=page.source_page, rotation=page.rotation,
                   skew_deg=page.skew_deg, text=page.text, confidence=page.confidence,
                   document_type=page.document_type, width=page.width, height=page.height,
                   turn=page.turn, removed=page.removed, original_number=page.original_number,
                   rescan_reason=stored_rescan_reason(page),
                   image_url=f"{image}?size=full" if page.image_sha else None,
                   preview_url=f"{image}?size=preview" if page.image_sha else None,
                   fields=[FieldPublic.from_row(value) for value in page.fields])


class DossierPublic(DossierSummary):
    approved_by: str | None
    pages: list[PagePublic]

    @classmethod
    def from_row(cls, dossier: Dossier, dossier_code: str | None = None) -> DossierPublic:
        code = dossier_code or (dossier.record.dossier_code if dossier.record else None)
        return cls(**_summary_values(dossier, code), approved_by=dossier.approved_by,
                   pages=[PagePublic.from_row(page) for page in dossier.pages])


class DossiersPublic(BaseModel):
    dossiers: list[DossierSummary]
    total: int


class FieldCorrection(_Input):
    value: str = Field(max_length=2000)
    expected_version: int = Field(ge=1, le=ROW_ID_MAX,
                                  description="the dossier version the officer saw")


class FieldCorrected(FieldPublic):
    dossier_id: int
    dossier_version: int


class Approval(_Input):
    expected_version: int = Field(ge=1, le=ROW_ID_MAX)


class PageTurn(_Input):
    degrees: Literal[90, 180, 270] = Field(description="clockwise, added to the page's turn")
    expected_version: int = Field(ge=1, le=ROW_ID_MAX,
                                  description="the dossier version the officer saw")


class PageMove(_Input):
    to: int = Field(ge=1, le=ROW_ID_MAX,
                    description="the page's new place (1-based, removed pages counted)")
    expected_version: int = Field(ge=1, le=ROW_ID_MAX,
                                  description="the dossier version the officer saw")


class PageChange(_Input):
    """Remove or restore a page, or restore the whole dossier."""

    expected_version: int = Field(ge=1, le=ROW_ID_MAX,
                                  description="the dossier version the officer saw")


class Attachment(_Input):
    dossier_code: str = Field(min_length=1, max_length=64)
    expected_version: int | None = Field(None, ge=1, le=ROW_ID_MAX,
                                         description="omit to attach whatever the current "
                                         "version is")


class ScanPublic(BaseModel):
    id: int
    sha256: str
    state: str
    duplicate_of: int | None
    station: str | None
    unit_code: str | None
    original_filename: str
    size: int
    received_at: datetime
    error_code: str | None
    error_message: str | None
    dossier_ids: list[int]

    @classmethod
    def from_row(cls, scan: Scan, dossier_ids: list[int] | None = None) -> ScanPublic:
        return cls(id=scan.id, sha256=scan.sha256, state=str(scan.state),
                   duplicate_of=scan.duplicate_of, station=scan.station,
                   unit_code=scan.unit_code, original_filename=scan.original_filename,
                   size=scan.size, received_at=scan.received_at, error_code=scan.error_code,
                   error_message=scan.error_message, dossier_ids=dossier_ids or [])


class ScansPublic(BaseModel):
    scans: list[ScanPublic]
    total: int


class EventPublic(BaseModel):
    id: int
    type: str
    unit_code: str | None
    created_at: datetime
    payload: dict[str, Any]

    @classmethod
    def from_row(cls, event: Event) -> EventPublic:
        return cls(id=event.id, type=event.type, unit_code=event.unit_code,
                   created_at=event.created_at, payload=event.payload)


class EventsPublic(BaseModel):
    events: list[EventPublic]
    next_cursor: int = Field(description="pass as ?after= to get the events after these")


class WebhookCreate(_Input):
    url: HttpUrl
    secret: str | None = Field(None, min_length=16, max_length=128,
                               description="omit to have one made (shown once)")
    event_types: list[str] = Field(default_factory=list, description="empty: every type")
    unit_code: str | None = Field(None, max_length=64)


class WebhookPublic(BaseModel):
    id: int
    url: str
    event_types: list[str]
    unit_code: str | None
    active: bool
    created_at: datetime

    @classmethod
    def from_row(cls, webhook: Webhook) -> WebhookPublic:
        return cls(id=webhook.id, url=webhook.url, event_types=list(webhook.event_types),
                   unit_code=webhook.unit_code, active=webhook.active,
                   created_at=webhook.created_at)


class WebhookCreated(WebhookPublic):
    secret: str


class WebhooksPublic(BaseModel):
    webhooks: list[WebhookPublic]


class StatsPublic(BaseModel):
    unit: str | None
    received_from: datetime | None
    received_to: datetime | None
    scans: int
    scans_quarantined: int
    duplicates: int
    dossiers: int
    pages: int
    dossiers_awaiting_review: int
    pages_awaiting_review: int
    records_received: int
    records_digitized: int
    digitization_rate: float | None = Field(description="records digitized / received; "
                                            "null when none were received")
    median_seconds_to_ready: float | None


class CheckPublic(BaseModel):
    ok: bool
    detail: str


class HealthPublic(BaseModel):
    status: str
    checks: dict[str, CheckPublic]


def _summary_values(dossier: Dossier, dossier_code: str | None) -> dict[str, Any]:
    return {"id": dossier.id, "dossier_code": dossier_code, "kind": str(dossier.kind),
            "state": str(dossier.state), "version": dossier.version,
            "unit_code": dossier.unit_code, "page_count": dossier.page_count,
            "created_at": dossier.created_at, "ready_at": dossier.ready_at,
            "approved_at": dossier.approved_at,
            "pdf_url": f"{PREFIX}/dossiers/{dossier.id}/pdf" if dossier.pdf_sha else None}


class SearchHitPublic(BaseModel):
    dossier_id: int
    record_id: int | None
    dossier_code: str | None
    applicant_name: str | None
    id_number: str | None
    state: str
    kind: str
    page_count: int
    created_at: datetime
    snippet: str = Field(description="page text around the words searched for; empty when "
                         "they are not in the text")
    matched: Literal["code", "id_number", "name", "text"]
    dossier_url: str

    @classmethod
    def from_hit(cls, hit: SearchHit) -> SearchHitPublic:
        return cls(dossier_id=hit.dossier_id, record_id=hit.record_id,
                   dossier_code=hit.dossier_code, applicant_name=hit.applicant_name,
                   id_number=hit.id_number, state=str(hit.state), kind=str(hit.kind),
                   page_count=hit.page_count, created_at=hit.created_at, snippet=hit.snippet,
                   matched=str(hit.matched), dossier_url=f"{PREFIX}/dossiers/{hit.dossier_id}")


class SearchHitsPublic(BaseModel):
    query: str
    hits: list[SearchHitPublic]
    offset: int
    limit: int
