"""Errors the records store raises, in the project's one ``IntakeError`` hierarchy.

Database errors are translated where they enter the store: an integrity error on a
unique key becomes a ``DuplicateError``, a stale version a ``ConflictError``.
"""

from __future__ import annotations

from intake.errors import IntakeError


class StoreError(IntakeError):
    """The records store could not do what was asked."""

    code = "store_error"
    http_status = 500
    exit_code = 6


class NotFoundError(StoreError):
    """No row with that key (or not visible to the caller's unit)."""

    code = "not_found"
    http_status = 404


class ConflictError(StoreError):
    """Someone else changed the row first (stale version), or the state forbids the change."""

    code = "conflict"
    http_status = 409


class DuplicateError(ConflictError):
    """A row with the same unique key exists already."""

    code = "duplicate"


class BlobError(StoreError):
    """A blob is missing or could not be written."""

    code = "blob_error"


class MigrationError(StoreError):
    """The database schema could not be brought to the current version."""

    code = "migration_failed"


class InvalidValueError(StoreError):
    """A value the store cannot keep (a status outside 1-10, a naive time, ...)."""

    code = "invalid_value"
    http_status = 422
