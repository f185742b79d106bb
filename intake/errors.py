"""One exception hierarchy for everything Intake reports to people and programs.

Each class carries a stable machine-readable ``code``, the HTTP status an API answers
with, and the exit code the CLI uses. Library errors are translated where they enter
(``raise CorruptFileError(...) from exc``); front ends each have one handler.
"""

from __future__ import annotations


class IntakeError(Exception):
    """Base of every error Intake raises on purpose."""

    code = "intake_error"
    http_status = 500
    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, page: int | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.page = page

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = f"{self.source}"
            if self.page is not None:
                where += f" page {self.page}"
            where += ": "
        return f"{where}{self.message}"

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "source": self.source, "page": self.page}


class InputError(IntakeError):
    """The scan itself is unusable; it goes to quarantine."""

    code = "bad_input"
    http_status = 422
    exit_code = 2


class EmptyFileError(InputError):
    code = "empty_file"


class UnsupportedFormatError(InputError):
    code = "unsupported_format"
    http_status = 415


class FormatMismatchError(InputError):
    code = "format_mismatch"


class CorruptFileError(InputError):
    code = "corrupt_file"


class TruncatedFileError(CorruptFileError):
    code = "truncated_file"


class EncryptedPdfError(InputError):
    code = "encrypted_pdf"


class LimitExceededError(InputError):
    code = "limit_exceeded"
    http_status = 413


class TooManyPixelsError(LimitExceededError):
    code = "too_many_pixels"


class TooManyPagesError(LimitExceededError):
    code = "too_many_pages"


class FileTooLargeError(LimitExceededError):
    code = "file_too_large"


class NoPagesError(InputError):
    code = "no_pages"


class OcrError(IntakeError):
    """The OCR engine failed on one page; the rest of the dossier goes on."""

    code = "ocr_failed"
    exit_code = 3


class OcrTimeoutError(OcrError):
    code = "ocr_timeout"


class OcrEngineMissingError(OcrError):
    code = "ocr_engine_missing"
    exit_code = 4


class PageProcessingError(IntakeError):
    """An unexpected failure while cleaning or reading a page (a bug or an odd page)."""

    code = "page_failed"
    exit_code = 3


class OutputError(IntakeError):
    code = "output_failed"
    exit_code = 5
