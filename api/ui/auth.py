"""Who is using the review pages: the sign-in cookie, checked again on every request.

``CurrentOfficer`` reads the cookie and checks in the store that its sign-in session is
still open (signing out ends it) and its key still live (a revoked key signs its
sessions out at once) and allowed on the pages (officer or admin).
``ChangingOfficer`` is for every request that changes something: besides SameSite=Strict
it wants this session's CSRF token (header ``X-CSRF-Token`` or form field
``csrf_token``) and, when the browser names one, an ``Origin`` of this site.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from api.deps import Caller, StoreDep
from api.ui.cookies import SESSION_COOKIE, SessionSigner
from api.ui.errors import CsrfError, SignInRequired
from api.ui.rendering import now_utc
from intake.store import KeyRole
from intake.store.sign_ins import find_signed_in_key

log = logging.getLogger(__name__)

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
PAGE_ROLES = frozenset({KeyRole.OFFICER, KeyRole.ADMIN})


@dataclass(frozen=True, slots=True)
class Officer:
    """The signed-in officer: the key's caller (role, unit) and this session's token."""

    caller: Caller
    csrf_token: str
    sign_in_id: str  # the session in the store, ended by signing out

    @property
    def unit(self) -> str | None:
        return self.caller.unit

    @property
    def name(self) -> str:
        return self.caller.actor.name


def get_signer(request: Request) -> SessionSigner:
    return request.app.state.ui_signer


SignerDep = Annotated[SessionSigner, Depends(get_signer)]


def current_officer(request: Request, store: StoreDep, signer: SignerDep) -> Officer:
    cookie = request.cookies.get(SESSION_COOKIE)
    sign_in = signer.read(cookie, now_utc())
    if sign_in is None:
        raise SignInRequired(reason="expired" if cookie else None)
    with store.read_session() as session:
        row = find_signed_in_key(session, sign_in.nonce)
        if (row is None or row.id != sign_in.key_id or row.prefix != sign_in.key_prefix
                or row.role not in PAGE_ROLES):
            log.info("a session of key %s no longer holds", sign_in.key_id)
            raise SignInRequired(reason="expired")
        caller = Caller(key_id=row.id, role=KeyRole(row.role), unit=row.unit_code,
                        label=row.label)
    officer = Officer(caller=caller, csrf_token=signer.csrf_token(sign_in),
                      sign_in_id=sign_in.nonce)
    request.state.officer = officer
    return officer


CurrentOfficer = Annotated[Officer, Depends(current_officer)]


async def changing_officer(request: Request, officer: CurrentOfficer) -> Officer:
    check_same_origin(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent, officer.csrf_token):
        raise CsrfError("the change did not carry this session's CSRF token")
    return officer


ChangingOfficer = Annotated[Officer, Depends(changing_officer)]


def check_same_origin(request: Request) -> None:
    """A browser names the page a POST came from; it must be one of ours."""
    origin = request.headers.get("origin")
    if origin is None:
        return
    host = request.headers.get("host", "")
    if origin == "null" or urlsplit(origin).netloc != host:
        raise CsrfError(f"a change from another site ({origin})")
