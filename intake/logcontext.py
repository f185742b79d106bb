"""Attach the scan, dossier and station being worked on to every log line.

``with log_context(scan="scan_001.tif"):`` sets a ContextVar; ``ContextFilter`` copies
it onto each record, and ``mask_personal_ids`` keeps 12-digit and 9-digit personal ID
numbers out of the logs.
"""

from __future__ import annotations

import contextlib
import logging
import re
from contextvars import ContextVar
from typing import Iterator

_context: ContextVar[dict[str, str]] = ContextVar("intake_log_context", default={})
# 9 (CMND) or 12 (CCCD) digits standing alone: not inside a sha256, a uuid or a longer number
_PERSONAL_ID = re.compile(r"(?<![0-9A-Za-z])(\d{3})(?:\d{3}|\d{6})(\d{3})(?![0-9A-Za-z])")


@contextlib.contextmanager
def log_context(**values: object) -> Iterator[None]:
    merged = {**_context.get(), **{k: str(v) for k, v in values.items() if v is not None}}
    token = _context.set(merged)
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> dict[str, str]:
    return dict(_context.get())


def mask_personal_ids(text: str) -> str:
    """``019190001234`` -> ``019******234``: enough to tell cases apart, not to identify."""
    return _PERSONAL_ID.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 6) + m.group(2), text)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _context.get()
        record.context = " ".join(f"{k}={v}" for k, v in sorted(ctx.items()))
        for key, value in ctx.items():
            setattr(record, key, value)
        message = record.getMessage()
        masked = mask_personal_ids(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
