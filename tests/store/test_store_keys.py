"""API keys: shown once, stored hashed, refused once revoked."""

from __future__ import annotations

import hashlib

from intake.store import (
    KeyRole,
    Store,
    authenticate_key,
    create_api_key,
    list_api_keys,
    list_audit,
    revoke_api_key,
)
from intake.store.tables import ApiKey


def test_a_new_key_authenticates_and_only_its_hash_is_kept(store: Store):
    with store.session() as session:
        key_id, key = create_api_key(session, KeyRole.OFFICER, unit="000.00.19.H55",
                                     label="Quầy 1")
    with store.session() as session:
        row = authenticate_key(session, key)
        assert row is not None and row.id == key_id
        assert (row.role, row.unit_code) == (KeyRole.OFFICER, "000.00.19.H55")
        assert row.last_used_at is not None
        stored = session.get(ApiKey, key_id)
        assert key.split("_")[1] == stored.prefix
        assert stored.secret_hash == hashlib.sha256(key.encode()).hexdigest()
        assert key not in (stored.secret_hash, stored.prefix)
        assert list_audit(session, "api_key", key_id)[0].new_value["role"] == "officer"


def test_wrong_malformed_and_revoked_keys_are_refused(store: Store):
    with store.session() as session:
        key_id, key = create_api_key(session, KeyRole.SCANNER)
        other_id, other = create_api_key(session, KeyRole.ADMIN)
    prefix = key.rsplit("_", 1)[0]
    with store.session() as session:
        assert authenticate_key(session, prefix + "_" + "A" * 43) is None  # right prefix, wrong secret
        assert authenticate_key(session, key[:-1]) is None
        assert authenticate_key(session, "") is None
        assert authenticate_key(session, "Bearer " + key) is None
        revoke_api_key(session, key_id)
    with store.session() as session:
        assert authenticate_key(session, key) is None
        assert authenticate_key(session, other).id == other_id
        assert [row.id for row in list_api_keys(session)] == [other_id]
        assert len(list_api_keys(session, include_revoked=True)) == 2
