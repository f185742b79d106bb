"""Sign-in sessions of the officers' pages, kept in the store so that they can end.

A session is opened when an officer signs in with a live key and named by a random id
(the page cookie carries it, signed). Every request looks the session up together with
its key: a session that was ended (signed out), has expired, or whose key was revoked
is no session. Ending a session deletes its row; expired rows are swept whenever a new
session opens, so the table holds about as many rows as there are live sessions.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from intake.store.tables import ApiKey, SignInSession, utcnow

log = logging.getLogger(__name__)


def open_sign_in(session: Session, key_id: int, expires_at: datetime,
                 now: datetime | None = None) -> str:
    """A new session of key ``key_id`` until ``expires_at``: its id."""
    now = now or utcnow()
    swept = session.execute(delete(SignInSession).where(SignInSession.expires_at <= now))
    if swept.rowcount:
        log.info("%d expired sign-in sessions swept", swept.rowcount)
    sign_in_id = secrets.token_urlsafe(24)
    session.add(SignInSession(id=sign_in_id, key_id=key_id, created_at=now,
                              expires_at=expires_at))
    session.flush()
    return sign_in_id


def find_signed_in_key(session: Session, sign_in_id: str,
                       now: datetime | None = None) -> ApiKey | None:
    """The live key of a session that is still open, or None."""
    return session.scalar(
        select(ApiKey).join(SignInSession, SignInSession.key_id == ApiKey.id)
        .where(SignInSession.id == sign_in_id, SignInSession.expires_at > (now or utcnow()),
               ApiKey.revoked_at.is_(None)))


def end_sign_in(session: Session, sign_in_id: str) -> bool:
    """End the session (signing out); False when it had ended already."""
    ended = session.execute(delete(SignInSession).where(SignInSession.id == sign_in_id))
    return bool(ended.rowcount)
