"""The API's one error handler: every failure answers ``{"error": {"code", "message"}}``.

An ``IntakeError`` answers with its class's ``http_status`` and stable ``code``; a request
that does not validate answers 422 ``invalid_request``; the HTTP layer's own refusals
(no such route, wrong method) keep their status with a code of their own.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from intake.errors import IntakeError

log = logging.getLogger(__name__)

_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 413: "request_too_large",
               415: "unsupported_media_type", 416: "range_not_satisfiable"}


class UnauthorizedError(IntakeError):
    """No key, or a key that is unknown, wrong or revoked."""

    code = "unauthorized"
    http_status = 401


class ForbiddenError(IntakeError):
    """The key is good, but its role may not do this."""

    code = "forbidden"
    http_status = 403


class InvalidRequestError(IntakeError):
    """The request is well-formed HTTP but asks for something that cannot be (a bad range,
    a broken multipart body)."""

    code = "invalid_request"
    http_status = 422


class RangeNotSatisfiableError(IntakeError):
    code = "range_not_satisfiable"
    http_status = 416

    def __init__(self, message: str, *, size: int):
        super().__init__(message)
        self.size = size


def error_body(code: str, message: str, **extra: object) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(IntakeError, _intake_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


async def _intake_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntakeError)
    if exc.http_status >= 500:
        log.error("%s: %s", exc.code, exc, exc_info=exc)
    headers = {}
    if isinstance(exc, UnauthorizedError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, RangeNotSatisfiableError):
        headers["Content-Range"] = f"bytes */{exc.size}"
    return JSONResponse(error_body(exc.code, exc.message), status_code=exc.http_status,
                        headers=headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"where": ".".join(str(part) for part in error.get("loc", ())),
                 "problem": error.get("msg", "")} for error in exc.errors()]
    message = "; ".join(f"{p['where']}: {p['problem']}" for p in problems) or "invalid request"
    return JSONResponse(error_body("invalid_request", message, details=problems),
                        status_code=422)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error: %s", exc, exc_info=exc)
    return JSONResponse(error_body("internal_error", "an unexpected error; see the log"),
                        status_code=500)
