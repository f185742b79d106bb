"""Turning one scan's pipeline result into stored dossiers: every file first, then one
transaction.

``write_dossier_files`` puts each dossier's PDF and its page images into the
content-addressed blob store (previews are the API's, made on first request). Only then
``commit_dossiers`` adds, in the caller's single transaction, the dossiers with their
pages and fields, the records their receipt cover sheets name, and finishes the job
(which checks that this worker still holds it). A crash before the commit leaves only
blobs nobody points to; the re-run writes the same bytes again (the PDF's dates come
from the scan, not the clock), so nothing is stored twice.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from PIL import Image
from sqlalchemy.orm import Session

from intake.bundle import BundlePage, DossierMeta, build_dossier_pdf
from intake.logcontext import log_context
from intake.model import Dossier, PageImage, ProcessedPage
from intake.store import (
    BlobStore,
    PageInput,
    add_dossier_with_pages,
    ensure_record_for_receipt,
    finish_job,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreparedDossier:
    """A dossier whose files are in the blob store, ready to be committed."""

    dossier_code: str | None
    procedure_code: str | None
    pdf_sha: str
    pages: tuple[PageInput, ...]


@dataclass(frozen=True, slots=True)
class ScanOrigin:
    """What the store knows of the scan the dossiers come from."""

    scan_id: int
    received_at: datetime
    unit_code: str | None = None
    procedure_code: str | None = None  # the station's default procedure


@dataclass(frozen=True, slots=True)
class CommittedDossier:
    dossier_id: int
    dossier_code: str | None
    page_count: int


def write_dossier_files(dossiers: Sequence[Dossier], blobs: BlobStore,
                        origin: ScanOrigin) -> list[PreparedDossier]:
    """Store the PDF and page images of every dossier that has pages; skip empty ones.

    Atomic and content-addressed (the blob store's promise), so safe to repeat.
    """
    prepared = []
    for number, dossier in enumerate(dossiers, start=1):
        pages = [page for page in dossier.pages if page.image is not None]
        with log_context(dossier=dossier.dossier_code or f"unassigned-{number}"):
            if not pages:
                log.info("no page to keep (%d dropped); no dossier stored", len(dossier.dropped_pages))
                continue
            title = dossier.dossier_code or f"unassigned-{origin.scan_id}-{number}"
            pdf_sha = _store_pdf(pages, blobs, DossierMeta(
                title=title, created=origin.received_at,
                subject=dossier.procedure_code or origin.procedure_code))
            inputs = tuple(_store_page(index, page, blobs, origin.scan_id)
                           for index, page in enumerate(pages, start=1))
            log.info("files stored: PDF %.12s and %d page images", pdf_sha, len(inputs))
            prepared.append(PreparedDossier(dossier.dossier_code, dossier.procedure_code, pdf_sha, inputs))
    return prepared


def commit_dossiers(session: Session, prepared: Sequence[PreparedDossier], origin: ScanOrigin,
                    job_id: int, worker_id: str) -> list[CommittedDossier]:
    """In the caller's transaction: records for cover sheets, dossiers with pages and
    fields (each announced ``dossier.ready``), then the job finished.

    ``finish_job`` raises ``ConflictError`` when the worker lost its lease; the caller's
    transaction then rolls back and nothing of this run is kept.
    """
    committed = []
    for dossier in prepared:
        record = None
        if dossier.dossier_code:
            unit = origin.unit_code or unit_of_code(dossier.dossier_code)
            record = ensure_record_for_receipt(
                session, dossier.dossier_code, unit_code=unit,
                procedure_code=dossier.procedure_code or origin.procedure_code or None,
                received_at=origin.received_at)
        row = add_dossier_with_pages(session, dossier.pages, record=record, unit_code=origin.unit_code,
                                     source_scan_id=origin.scan_id, pdf_sha=dossier.pdf_sha,
                                     created_by="intake-worker")
        committed.append(CommittedDossier(row.id, dossier.dossier_code, len(dossier.pages)))
    finish_job(session, job_id, worker_id)
    return committed


def unit_of_code(dossier_code: str) -> str:
    """The unit code a dossier code starts with: ``000.00.19.H55-240419-0001`` -> ``000.00.19.H55``."""
    return dossier_code.rsplit("-", 2)[0]


def _store_pdf(pages: Sequence[ProcessedPage], blobs: BlobStore, meta: DossierMeta) -> str:
    return blobs.put(build_dossier_pdf([BundlePage(page.image, page.ocr) for page in pages], meta))


def _store_page(number: int, page: ProcessedPage, blobs: BlobStore, scan_id: int) -> PageInput:
    assert page.image is not None
    return PageInput(
        number=number, source_scan_id=scan_id, source_page=page.source_page,
        rotation=page.rotation, skew_deg=page.skew_deg,
        text=page.ocr.text if page.ocr else "",
        confidence=round(page.ocr.confidence, 4) if page.ocr else None,
        document_type=page.document_type.value if page.document_type else None,
        image_sha=blobs.put(page_image_file(page.image)),
        width=page.image.width, height=page.image.height, fields=dict(page.fields),
        ocr_seconds=page.ocr_seconds)


def page_image_file(image: PageImage) -> bytes:
    """The page as a browser can show it: the PDF's JPEG as it is, a CCITT G4 page
    (TIFF, which browsers do not show) as a lossless 1-bit PNG."""
    if image.encoding == "jpeg":
        return image.data
    with Image.open(io.BytesIO(image.data)) as picture:
        out = io.BytesIO()
        picture.save(out, "PNG", optimize=True)
        return out.getvalue()
