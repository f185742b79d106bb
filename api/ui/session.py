"""Signing in to the review pages with an officer's (or admin's) key, and out again:
signing in opens a session in the store, signing out ends it there (not only in this
browser), so the cookie is no good to anyone afterwards."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from api.deps import StoreDep
from api.ui.auth import PAGE_ROLES, ChangingOfficer, SignerDep, check_same_origin
from api.ui.cookies import forget_session, set_session
from api.ui.errors import UiRoute
from api.ui.labels import SIGN_IN_REASONS
from api.ui.rendering import now_utc, render
from intake.store import KeyRole, authenticate_key
from intake.store.sign_ins import end_sign_in, open_sign_in

log = logging.getLogger(__name__)

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)

WRONG_KEY = "Khóa không đúng hoặc đã bị thu hồi."
WRONG_ROLE = ("Khóa này dành cho {role}, không dùng để đăng nhập trang cán bộ. "
              "Hãy dùng khóa cán bộ do quản trị viên cấp.")
ROLE_NAMES = {KeyRole.SCANNER: "máy quét", KeyRole.SERVICE: "dịch vụ kết nối"}


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/ui/", reason: str | None = None) -> Response:
    return render(request, "sign_in.html", {"next": safe_next(next),
                                            "notice": SIGN_IN_REASONS.get(reason or "")})


@router.post("/sign-in")
def sign_in(request: Request, store: StoreDep, signer: SignerDep,
            key: Annotated[str, Form(max_length=200)] = "",
            next: Annotated[str, Form(max_length=2000)] = "/ui/") -> Response:
    """A live officer or admin key opens a session; any other key is refused."""
    check_same_origin(request)
    now = now_utc()
    with store.session() as session:
        row = authenticate_key(session, key.strip()) if key.strip() else None
        role = None if row is None else KeyRole(row.role)
        if row is not None and role in PAGE_ROLES:
            sign_in_id = open_sign_in(session, row.id, now + signer.lifetime, now)
            cookie = signer.issue(row.id, row.prefix, now, nonce=sign_in_id)
            key_id = row.id
    if role is None or role not in PAGE_ROLES:
        problem = WRONG_KEY if role is None else WRONG_ROLE.format(role=ROLE_NAMES[role])
        log.info("sign-in refused: %s", "unknown key" if role is None else f"a {role} key")
        return render(request, "sign_in.html", {"next": safe_next(next), "problem": problem},
                      status_code=401 if role is None else 403)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session(response, request, cookie, signer.lifetime)
    log.info("key %s signed in to the review pages", key_id)
    return response


@router.post("/sign-out")
def sign_out(officer: ChangingOfficer, store: StoreDep) -> Response:
    with store.session() as session:
        end_sign_in(session, officer.sign_in_id)
    response = RedirectResponse("/ui/sign-in?reason=signed_out", status_code=303)
    forget_session(response)
    log.info("key %s signed out of the review pages", officer.caller.key_id)
    return response


def safe_next(target: str) -> str:
    """Only a path of these pages: never another site (``//host``, ``/\\host``)."""
    if (not (target == "/ui" or target.startswith("/ui/")) or "\\" in target
            or any(ch in target for ch in "\r\n")):
        return "/ui/"
    return target

