"""All of Intake's settings in one place, read once at start.

Every option has an ``INTAKE_`` environment variable (``INTAKE_OCR_LANGUAGES=vie``).
Core code never imports this module: front ends turn settings into the small option
values each stage takes (see ``pipeline_options``).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DOSSIER_CODE_PATTERN = (
    r"(?:(?:\d{2,3}\.){1,3}[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){0,3})"
    r"-\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{4,8}"
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    # OCR
    ocr_languages: str = "vie+eng"
    ocr_timeout_s: float = Field(120.0, gt=0)
    ocr_psm: int = 3
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)

    # sources: limits against decompression bombs and runaway files
    max_pixels_per_page: int = 150_000_000
    max_pages: int = 1000
    max_bytes: int = 512 * 1024 * 1024

    # cleanup
    ocr_dpi: int = 300
    detect_orientation: bool = True
    remove_form_lines: bool = True
    drop_red: bool = True
    crop_borders: bool = True

    # separation and bundling
    dossier_code_pattern: str = DEFAULT_DOSSIER_CODE_PATTERN
    separator_values: tuple[str, ...] = ("PATCHT",)
    keep_blank_pages: bool = False
    keep_separator_pages: bool = False
    jpeg_quality: int = Field(80, ge=30, le=95)

    # service
    data_dir: Path = Path("data")
