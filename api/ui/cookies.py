"""Sign-in sessions of the review pages, kept in one signed cookie.

The cookie carries the key's id and prefix, an expiry and a random nonce, signed with
HMAC-SHA256; it is HttpOnly and SameSite=Strict (and Secure over HTTPS). It never
carries the key itself. The nonce is the id of the sign-in session kept in the store
(``intake.store.sign_ins``), which signing out ends, so a copy of the cookie is
worthless afterwards. It also gives each sign-in its own CSRF token, an HMAC of the
nonce, which pages embed and every change sends back.

The secret is ``INTAKE_SESSION_SECRET``, or else a random one made once and kept in
``<data_dir>/session-secret`` (mode 0600), so sign-ins survive a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fastapi import Request, Response

log = logging.getLogger(__name__)

SESSION_COOKIE = "intake_session"
SECRET_FILE = "session-secret"
_SECRET_BYTES = 32


@dataclass(frozen=True, slots=True)
class SignIn:
    """What a valid cookie says: which key signed in, until when, and its nonce."""

    key_id: int
    key_prefix: str
    expires_at: datetime
    nonce: str


class SessionSigner:
    """Makes and reads sign-in cookies with one secret."""

    def __init__(self, secret: bytes, lifetime: timedelta):
        if len(secret) < 16:
            raise ValueError("the session secret must have at least 16 bytes")
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, key_id: int, key_prefix: str, now: datetime, nonce: str | None = None) -> str:
        """A cookie for key ``key_id`` signed in at ``now``; ``nonce`` names its sign-in
        session (a random one if not given)."""
        payload = {"k": key_id, "p": key_prefix, "n": nonce or secrets.token_urlsafe(16),
                   "e": int((now + self.lifetime).timestamp())}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._sign(body)}"

    def read(self, cookie: str | None, now: datetime) -> SignIn | None:
        """The sign-in of a cookie whose signature holds and which has not expired."""
        if not cookie or cookie.count(".") != 1:
            return None
        body, signature = cookie.split(".")
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            payload = json.loads(_unb64(body))
            sign_in = SignIn(key_id=int(payload["k"]), key_prefix=str(payload["p"]),
                             expires_at=datetime.fromtimestamp(int(payload["e"]), timezone.utc),
                             nonce=str(payload["n"]))
        except (ValueError, KeyError, TypeError):
            return None
        return sign_in if now < sign_in.expires_at else None

    def csrf_token(self, sign_in: SignIn) -> str:
        return self._sign(f"csrf.{sign_in.nonce}")

    def _sign(self, text: str) -> str:
        return _b64(hmac.new(self._secret, text.encode(), hashlib.sha256).digest())


def set_session(response: Response, request: Request, cookie: str, lifetime: timedelta) -> None:
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(lifetime.total_seconds()),
                        path="/ui", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def forget_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/ui", httponly=True, samesite="strict")


def session_secret(configured: str | None, data_dir: Path) -> bytes:
    """The configured secret, or the one kept in ``data_dir`` (made on first use)."""
    if configured:
        return configured.encode("utf-8")
    path = Path(data_dir) / SECRET_FILE
    if not path.exists():
        _create_secret_file(path)
    secret = path.read_bytes().strip()
    if len(secret) < 32:
        raise ValueError(f"{path} holds no usable session secret; remove it to make a new one")
    return secret


def _create_secret_file(path: Path) -> None:
    """Write a new secret beside ``path`` (0600) and link it into place: a reader never
    sees half of it, and when two processes race the first link wins for both."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(secrets.token_hex(_SECRET_BYTES).encode())
            tmp.flush()
            os.fsync(tmp.fileno())
        try:
            os.link(tmp_name, path)
            log.info("made a new session secret in %s", path)
        except FileExistsError:
            pass
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
