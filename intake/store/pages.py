"""One page of a stored dossier, and the preview image made for it on demand."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store.blobs import check_sha
from intake.store.errors import NotFoundError
from intake.store.tables import Dossier, Page
from ocr.read_quality import RescanReason, rescan_reason

log = logging.getLogger(__name__)


def get_page(session: Session, dossier_id: int, number: int, unit: str | None = None) -> Page:
    """Page ``number`` (1-based) of a dossier; NotFoundError when missing or of another unit."""
    query = (select(Page).join(Page.dossier)
             .where(Page.dossier_id == dossier_id, Page.number == number))
    if unit is not None:
        query = query.where(Dossier.unit_code == unit)
    page = session.scalar(query)
    if page is None:
        raise NotFoundError(f"no page {number} in dossier {dossier_id}")
    return page


def stored_rescan_reason(page: Page) -> RescanReason | None:
    """Why a stored page had better be scanned again (:mod:`ocr.read_quality`), from its
    kept text and confidence; None when it reads well or was never read (no confidence)."""
    if page.confidence is None:
        return None
    return rescan_reason(page.text or "", page.confidence)


def set_page_preview(session: Session, page_id: int, preview_sha: str) -> Page:
    """Remember the blob of a page's preview image (made once, served many times)."""
    page = session.get(Page, page_id)
    if page is None:
        raise NotFoundError(f"no page {page_id}")
    page.preview_sha = check_sha(preview_sha)
    session.flush()
    return page
