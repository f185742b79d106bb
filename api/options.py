"""What the API needs to know from the service's settings, as one small frozen value.

``api_options(settings)`` reads any settings-like object (``intake.settings.Settings``,
or a test's ``SimpleNamespace``): names it lacks take the defaults below.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ApiOptions:
    data_dir: Path
    upload_max_bytes: int = DEFAULT_MAX_BYTES  # a larger upload is refused while streaming
    min_free_disk_bytes: int = 1024 * 1024 * 1024  # /health fails below this in data_dir
    tesseract_cmd: str = "tesseract"
    ocr_languages: str = "vie+eng"  # /health checks that each one is installed
    health_cache_seconds: float = 60.0  # how long a tesseract check result is reused
    preview_height: int = 1000  # pixels: page preview JPEGs are scaled to this height
    preview_quality: int = 80
    review_confidence: float = 0.9  # /ui marks fields read below it for checking
    session_secret: str | None = field(default=None, repr=False)  # None: kept in data_dir
    session_hours: float = 12.0  # how long a sign-in to /ui lasts


def api_options(settings: object) -> ApiOptions:
    """The API options from ``settings``; ``upload_max_bytes`` defaults to the sources'
    ``max_bytes``, so an upload may be as large as a dropped file."""
    if isinstance(settings, ApiOptions):
        return settings
    data_dir = getattr(settings, "data_dir", None)
    if data_dir is None:
        raise ValueError("the API needs settings with a data_dir")
    max_bytes = int(getattr(settings, "max_bytes", DEFAULT_MAX_BYTES))
    defaults = ApiOptions(data_dir=Path(data_dir))
    return ApiOptions(
        data_dir=Path(data_dir),
        upload_max_bytes=int(getattr(settings, "upload_max_bytes", None) or max_bytes),
        min_free_disk_bytes=int(getattr(settings, "min_free_disk_bytes",
                                        defaults.min_free_disk_bytes)),
        tesseract_cmd=str(getattr(settings, "tesseract_cmd", defaults.tesseract_cmd)),
        ocr_languages=str(getattr(settings, "ocr_languages", defaults.ocr_languages)),
        health_cache_seconds=float(getattr(settings, "health_cache_seconds",
                                           defaults.health_cache_seconds)),
        preview_height=int(getattr(settings, "preview_height", defaults.preview_height)),
        preview_quality=int(getattr(settings, "preview_quality", defaults.preview_quality)),
        review_confidence=float(getattr(settings, "review_confidence",
                                        defaults.review_confidence)),
        session_secret=_secret_text(getattr(settings, "session_secret", None)),
        session_hours=float(getattr(settings, "session_hours", defaults.session_hours)),
    )


def _secret_text(secret: object) -> str | None:
    """A pydantic ``SecretStr`` or a plain string; None or blank: no secret given."""
    reveal = getattr(secret, "get_secret_value", None)
    text = reveal() if callable(reveal) else secret
    return str(text) if text else None
