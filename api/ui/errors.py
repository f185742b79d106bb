"""How the review pages answer a failure: one handler for the ``/ui`` front end.

Every ``/ui`` route runs through ``UiRoute``: a missing or dead sign-in sends a page
request to the sign-in form (and a script's request gets 401), any other
``IntakeError`` or invalid request answers with a Vietnamese error page, or with
``{"error": {"code", "message"}}`` for a script (``Accept: application/json``). An
address naming no such thing (``/ui/dossiers/abc``, an id past any the store keeps)
answers 404 like a missing dossier. An unexpected failure is logged with its traceback
and answers the Vietnamese error page (500), never the framework's English.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from api.errors import error_body
from api.ui.cookies import forget_session
from api.ui.labels import error_message
from api.ui.rendering import render
from intake.errors import IntakeError

log = logging.getLogger(__name__)

SIGN_IN_PATH = "/ui/sign-in"


class SignInRequired(IntakeError):
    """No sign-in cookie, a forged or expired one, or its key was revoked."""

    code = "sign_in_required"
    http_status = 401

    def __init__(self, message: str = "sign in first", *, reason: str | None = None):
        super().__init__(message)
        self.reason = reason  # shown on the sign-in form ("expired", ...)


class CsrfError(IntakeError):
    """A change sent without this session's token, or from another site."""

    code = "csrf_failed"
    http_status = 403


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


class UiRoute(APIRoute):
    """An ``APIRoute`` whose failures are answered for people (see the module text)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def ui_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequired as exc:
                return sign_in_answer(request, exc)
            except IntakeError as exc:
                return error_answer(request, exc.code, exc.http_status, exc)
            except RequestValidationError as exc:
                log.info("invalid /ui request %s: %s", request.url.path, exc.errors())
                if all(error.get("loc", ("",))[0] == "path" for error in exc.errors()):
                    return error_answer(request, "not_found", 404, exc)
                return error_answer(request, "invalid_request", 422, exc)
            except HTTPException:
                raise
            except Exception as exc:  # noqa: BLE001 - answered for people, logged in full
                return error_answer(request, "internal_error", 500, exc)

        return ui_handler


def sign_in_answer(request: Request, exc: SignInRequired) -> Response:
    """To the sign-in form, coming back here afterwards (a GET page only)."""
    if wants_json(request):
        response: Response = JSONResponse(
            error_body(exc.code, error_message(exc.code)), status_code=401)
    else:
        back = request.url.path if request.method == "GET" else "/ui/"
        if request.method == "GET" and request.url.query:
            back += f"?{request.url.query}"
        target = f"{SIGN_IN_PATH}?next={quote(back, safe='')}"
        if exc.reason:
            target += f"&reason={exc.reason}"
        response = RedirectResponse(target, status_code=303)
    forget_session(response)
    return response


def error_answer(request: Request, code: str, status: int, exc: Exception) -> Response:
    if status >= 500:
        log.error("%s on %s: %s", code, request.url.path, exc, exc_info=exc)
    message = error_message(code)
    if wants_json(request):
        return JSONResponse(error_body(code, message), status_code=status)
    return render(request, "error.html", {"code": code, "message": message},
                  status_code=status)
