"""Sign-in sessions of the review pages, on SQLite and PostgreSQL: open while neither
ended, expired nor made from a revoked key; expired ones are swept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from intake.store import KeyRole, Store, create_api_key, revoke_api_key
from intake.store.sign_ins import end_sign_in, find_signed_in_key, open_sign_in
from intake.store.tables import SignInSession, utcnow


def test_a_session_holds_until_it_is_ended(store: Store):
    now = utcnow()
    with store.session() as session:
        key_id, _key = create_api_key(session, KeyRole.OFFICER, "000.00.19.H55")
        first = open_sign_in(session, key_id, now + timedelta(hours=12), now)
        second = open_sign_in(session, key_id, now + timedelta(hours=12), now)
    assert first != second and len(first) >= 32
    with store.session() as session:
        assert find_signed_in_key(session, first, now).id == key_id
        assert end_sign_in(session, first) is True
    with store.session() as session:
        assert find_signed_in_key(session, first, now) is None  # signed out
        assert find_signed_in_key(session, second, now).id == key_id  # the other one holds
        assert end_sign_in(session, first) is False
        assert find_signed_in_key(session, "no such session", now) is None


def test_expired_sessions_and_revoked_keys_hold_no_more(store: Store):
    """GIVEN a session expiring in one hour and another key's session WHEN asked two hours
    later THEN the first is no session, and the next sign-in sweeps its row; WHEN the
    other key is revoked THEN its session ends with it."""
    now = utcnow()
    with store.session() as session:
        short_key, _ = create_api_key(session, KeyRole.OFFICER, "000.00.19.H55")
        long_key, _ = create_api_key(session, KeyRole.ADMIN)
        short = open_sign_in(session, short_key, now + timedelta(hours=1), now)
        kept = open_sign_in(session, long_key, now + timedelta(hours=12), now)
    later = now + timedelta(hours=2)
    with store.session() as session:
        assert find_signed_in_key(session, short, now) is not None
        assert find_signed_in_key(session, short, later) is None
        open_sign_in(session, short_key, later + timedelta(hours=1), later)
        ids = set(session.scalars(select(SignInSession.id)))
        assert short not in ids and kept in ids
        assert session.scalar(select(func.count()).select_from(SignInSession)) == 2
    with store.session() as session:
        revoke_api_key(session, long_key)
    with store.read_session() as session:
        assert find_signed_in_key(session, kept, now) is None
