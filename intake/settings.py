"""All of Intake's settings in one place, read once at start.

Every option has an ``INTAKE_`` environment variable (``INTAKE_OCR_LANGUAGES=vie``).
Core code never imports this module: front ends turn settings into the small option
values each stage takes (see ``pipeline_options``).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from ocr.calibration import shipped_auto_accept

DEFAULT_DOSSIER_CODE_PATTERN = (
    r"(?:(?:\d{2,3}\.){1,3}[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){0,3})"
    r"-\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{4,8}"
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    # OCR
    ocr_languages: str = "vie"  # measured: vie+eng loses tone marks on capitals (docs/accuracy.md)
    ocr_timeout_s: float = Field(120.0, gt=0)
    ocr_psm: int | None = None  # None: 4 (single column), or 3 on pages set in columns (ocr/layout.py)
    ocr_min_confidence: float = Field(0.4, ge=0, le=1)  # noise lines below it are dropped
    ocr_correct_syllables: bool = True  # misread Vietnamese syllables mended (docs/accuracy.md)
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
    drop_signatures: bool = True  # coloured pen signatures out of the OCR image
    crop_borders: bool = True

    # separation and bundling
    dossier_code_pattern: str = DEFAULT_DOSSIER_CODE_PATTERN
    separator_values: tuple[str, ...] = ("PATCHT",)
    keep_blank_pages: bool = False
    keep_separator_pages: bool = False
    jpeg_quality: int = Field(80, ge=30, le=95)

    # service (``intake serve``): everything lives under data_dir unless told otherwise
    data_dir: Path = Path("data")
    db_url: str | None = None  # default: SQLite in data_dir/intake.db
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    watch: Path | None = None  # one station watching this folder (see stations_file)
    stations_file: Path | None = None  # TOML with [[stations]] tables
    station_unit: str = ""  # unit code of the --watch station
    station_procedure: str = ""  # default procedure code of the --watch station
    settle_seconds: float = Field(5.0, gt=0)  # size and mtime unchanged this long: complete
    rescan_seconds: float = Field(30.0, gt=0)
    lease_seconds: float = Field(120.0, gt=0)  # a worker renews its job's lease every third
    max_attempts: int = Field(3, ge=1)  # leases that may expire before a job is quarantined
    supervise_seconds: float = Field(5.0, gt=0)  # requeue stale jobs, restart dead workers
    grace_seconds: float = Field(30.0, ge=0)  # SIGTERM: how long running jobs may finish
    upload_max_bytes: int | None = None  # request size limit of HTTP uploads; default max_bytes
    originals_retention_days: float = Field(30.0, ge=0)  # after the dossier is committed
    sweep_seconds: float = Field(3600.0, gt=0)  # how often old originals are removed

    # officers' review pages (/ui)
    # fields whose calibrated confidence is below this are marked for checking on /ui; the
    # default is the shipped calibration's auto-accept threshold (>= 99.5% of the fields
    # above it were exactly right on held-out corpora, ocr/field_calibration.json)
    review_confidence: float = Field(default_factory=shipped_auto_accept, ge=0, le=1)
    session_secret: SecretStr | None = None  # signs sign-in cookies; default: data_dir file
    session_hours: float = Field(12.0, gt=0)  # a sign-in lasts this long
