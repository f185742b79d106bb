"""The audit log: who changed what, when, from which value to which.

Written in the same transaction as the change, so an audit row exists exactly when the
change does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store.tables import AuditEntry, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: an officer's name, and the API key used if any."""

    name: str
    key_id: int | None = None


SYSTEM = Actor("intake")


def record_audit(session: Session, actor: Actor, action: str, entity_type: str,
                 entity_id: int | str, old: Any = None, new: Any = None,
                 at: datetime | None = None) -> AuditEntry:
    entry = AuditEntry(at=at or utcnow(), actor=actor.name, actor_key_id=actor.key_id,
                       action=action, entity_type=entity_type, entity_id=str(entity_id),
                       old_value=old, new_value=new)
    session.add(entry)
    session.flush()
    log.info("%s by %s on %s %s", action, actor.name, entity_type, entity_id)
    return entry


def list_audit(session: Session, entity_type: str | None = None, entity_id: int | str | None = None,
               *, offset: int = 0, limit: int = 100) -> list[AuditEntry]:
    """Audit rows, newest first, optionally for one entity."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    if entity_type is not None:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == str(entity_id))
    return list(session.scalars(query))
