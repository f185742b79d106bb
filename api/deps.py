"""The routes' dependencies as ``Annotated`` aliases: the store, sessions, the caller's
key, and role guards.

Every key is checked in its own short writing transaction (``authenticate_key`` notes
when the key was last used), before the route's own session opens. A unit-scoped key
(any role) sees only its unit's records, dossiers, scans and events; routes pass
``caller.unit`` to the store, which answers "not found" for the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.errors import ForbiddenError, UnauthorizedError
from api.options import ApiOptions
from intake.store import Actor, KeyRole, Store, authenticate_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the key's id, role and unit (None: every unit)."""

    key_id: int
    role: KeyRole
    unit: str | None
    label: str | None

    @property
    def actor(self) -> Actor:
        return Actor(self.label or f"api-key-{self.key_id}", self.key_id)

    def sees(self, unit_code: str | None) -> bool:
        return self.unit is None or unit_code == self.unit


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_options(request: Request) -> ApiOptions:
    return request.app.state.options


StoreDep = Annotated[Store, Depends(get_store)]
OptionsDep = Annotated[ApiOptions, Depends(get_options)]


def write_session(store: StoreDep) -> Iterator[Session]:
    """One transaction, committed when the route returns (before the answer is sent)."""
    with store.session() as session:
        yield session


def read_session(store: StoreDep) -> Iterator[Session]:
    with store.read_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(write_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]


_bearer = HTTPBearer(auto_error=False, description="an API key from `intake keys create`")


def current_key(store: StoreDep,
                credentials: Annotated[HTTPAuthorizationCredentials | None,
                                       Depends(_bearer)]) -> Caller:
    """The caller of ``Authorization: Bearer <key>``; 401 without a live key."""
    if credentials is None or not credentials.credentials.strip():
        raise UnauthorizedError("send an API key as 'Authorization: Bearer <key>'")
    with store.session() as session:
        row = authenticate_key(session, credentials.credentials.strip())
        if row is None:
            raise UnauthorizedError("unknown or revoked API key")
        return Caller(key_id=row.id, role=KeyRole(row.role), unit=row.unit_code, label=row.label)


CurrentKey = Annotated[Caller, Depends(current_key)]


def require(*roles: KeyRole) -> Callable[[Caller], Caller]:
    """A guard letting ``roles`` (and always admin) through; 403 for any other key."""
    allowed = frozenset(roles) | {KeyRole.ADMIN}

    def guard(caller: CurrentKey) -> Caller:
        if caller.role not in allowed:
            raise ForbiddenError(f"a {caller.role} key may not do this")
        return caller

    return guard


Admin = Annotated[Caller, Depends(require())]
Reader = Annotated[Caller, Depends(require(KeyRole.OFFICER, KeyRole.SERVICE))]
Reviewer = Annotated[Caller, Depends(require(KeyRole.OFFICER))]
RecordWriter = Annotated[Caller, Depends(require(KeyRole.SERVICE))]
Uploader = Annotated[Caller, Depends(require(KeyRole.SCANNER, KeyRole.SERVICE))]
ScanWatcher = Annotated[Caller, Depends(require(KeyRole.SCANNER, KeyRole.OFFICER,
                                                KeyRole.SERVICE))]
Monitor = Annotated[Caller, Depends(require(KeyRole.SERVICE))]
