"""API keys: made once, shown once, kept only as the sha256 of the secret.

A key reads ``ik_<prefix>_<secret>``: the prefix finds the row without scanning, the
sha256 of the whole key is compared in constant time. The secret part has 256 bits of
entropy, so a plain (unsalted, fast) hash is enough: there is nothing to guess.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store.audit import SYSTEM, Actor, record_audit
from intake.store.errors import NotFoundError
from intake.store.tables import ApiKey, KeyRole, utcnow

log = logging.getLogger(__name__)

KEY_SCHEME = "ik"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # write last_used_at at most this often
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


def create_api_key(session: Session, role: KeyRole, unit: str | None = None,
                   label: str | None = None, actor: Actor = SYSTEM) -> tuple[int, str]:
    """A new key for ``role`` (bound to ``unit`` if given): its id and the key itself,
    which is not stored and cannot be shown again."""
    prefix = secrets.token_hex(6)
    key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(prefix=prefix, secret_hash=_hash(key), role=KeyRole(role), unit_code=unit,
                 label=label, created_at=utcnow())
    session.add(row)
    session.flush()
    record_audit(session, actor, "api_key.created", "api_key", row.id, None,
                 {"role": str(row.role), "unit_code": unit, "label": label})
    return row.id, key


def authenticate_key(session: Session, key: str, now: datetime | None = None) -> ApiKey | None:
    """The live key row for a presented key, or None (unknown, wrong or revoked)."""
    parts = key.split("_", 2) if isinstance(key, str) else []
    row = None
    if len(parts) == 3 and parts[0] == KEY_SCHEME:
        row = session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    expected = row.secret_hash if row is not None else _DUMMY_HASH
    if not hmac.compare_digest(_hash(key if isinstance(key, str) else ""), expected):
        return None
    if row is None or row.revoked_at is not None:
        return None
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now
        session.flush()
    return row


def find_live_key(session: Session, key_id: int) -> ApiKey | None:
    """The key with this id if it is still live (not revoked), else None: what a
    sign-in session made from the key re-checks on every request."""
    row = session.get(ApiKey, key_id)
    return row if row is not None and row.revoked_at is None else None


def revoke_api_key(session: Session, key_id: int, actor: Actor = SYSTEM) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFoundError(f"no api key {key_id}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        record_audit(session, actor, "api_key.revoked", "api_key", row.id, None,
                     {"revoked_at": row.revoked_at.isoformat()})
        log.info("api key %s revoked", key_id)
    return row


def list_api_keys(session: Session, include_revoked: bool = False) -> list[ApiKey]:
    query = select(ApiKey).order_by(ApiKey.id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_(None))
    return list(session.scalars(query))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
