"""A dossier's history: every audited change of the dossier itself, of its fields and
of its pages (corrections, assignment, approval, page operations), newest first."""

from __future__ import annotations

import logging

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from intake.store.errors import NotFoundError
from intake.store.tables import AuditEntry, Dossier, FieldValue, Page

log = logging.getLogger(__name__)


def dossier_history(session: Session, dossier_id: int, unit: str | None = None, *,
                    limit: int = 500) -> list[AuditEntry]:
    """Audit rows about the dossier, its fields and its pages, newest first;
    NotFoundError when the dossier is missing or of another unit."""
    query = select(Dossier.id).where(Dossier.id == dossier_id)
    if unit is not None:
        query = query.where(Dossier.unit_code == unit)
    if session.scalar(query) is None:
        raise NotFoundError(f"no dossier {dossier_id}")
    page_ids = [str(page_id) for page_id in
                session.scalars(select(Page.id).where(Page.dossier_id == dossier_id))]
    field_ids = [str(field_id) for field_id in session.scalars(
        select(FieldValue.id).join(FieldValue.page).where(Page.dossier_id == dossier_id))]
    about = [and_(AuditEntry.entity_type == "dossier", AuditEntry.entity_id == str(dossier_id))]
    if page_ids:
        about.append(and_(AuditEntry.entity_type == "page", AuditEntry.entity_id.in_(page_ids)))
    if field_ids:
        about.append(and_(AuditEntry.entity_type == "field",
                          AuditEntry.entity_id.in_(field_ids)))
    entries = select(AuditEntry).where(or_(*about)).order_by(AuditEntry.id.desc()).limit(limit)
    return list(session.scalars(entries))
