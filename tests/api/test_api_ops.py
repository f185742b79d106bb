"""``/health`` (no key): database, free disk, tesseract with vie; the OpenAPI schema."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.health import TesseractCheck
from api.options import ApiOptions, api_options
from intake.settings import Settings
from intake.store import Store


def test_health_is_ok_with_every_check_named(client: TestClient):
    answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "disk", "tesseract"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "vie" in body["checks"]["tesseract"]["detail"]


def test_health_fails_503_without_tesseract_or_disk(store: Store, options: ApiOptions):
    """WHEN tesseract is not where the settings say, or the disk has less free space than
    the minimum, THEN /health answers 503 naming the failing check."""
    no_tesseract = dataclasses.replace(options, tesseract_cmd="/nonexistent/tesseract")
    answer = TestClient(create_app(store, no_tesseract)).get("/health")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "failing"
    assert body["checks"]["tesseract"]["ok"] is False
    assert "/nonexistent/tesseract" in body["checks"]["tesseract"]["detail"]
    assert body["checks"]["database"]["ok"] is True
    full_disk = dataclasses.replace(options, min_free_disk_bytes=2**62)
    answer = TestClient(create_app(store, full_disk)).get("/health")
    assert answer.status_code == 503 and answer.json()["checks"]["disk"]["ok"] is False


def test_health_fails_when_a_language_model_is_missing(store: Store, options: ApiOptions):
    klingon = dataclasses.replace(options, ocr_languages="vie+tlh")
    answer = TestClient(create_app(store, klingon)).get("/health")
    assert answer.status_code == 503
    assert "lacks tlh" in answer.json()["checks"]["tesseract"]["detail"]


def test_the_tesseract_check_runs_tesseract_at_most_once_a_minute(tmp_path: Path):
    """GIVEN tesseract behind a wrapper that logs each run, WHEN the check is asked three
    times within a minute and once after, THEN tesseract ran for the first and the last."""
    runs = tmp_path / "runs.log"
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(f'#!/bin/sh\necho "$1" >> {runs}\nexec {shutil.which("tesseract")} "$@"\n')
    wrapper.chmod(0o755)
    now = [1000.0]
    check = TesseractCheck(str(wrapper), "vie+eng", cache_seconds=60, clock=lambda: now[0])
    results = [check(), check(), check()]
    assert all(result.ok for result in results)
    assert runs.read_text().split() == ["--version", "--list-langs"]
    now[0] += 61
    assert check().ok
    assert len(runs.read_text().split()) == 4


def test_options_come_from_the_service_settings(tmp_path: Path):
    settings = Settings(data_dir=tmp_path, max_bytes=1234)
    options = api_options(settings)
    assert (options.data_dir, options.upload_max_bytes) == (tmp_path, 1234)
    assert options.ocr_languages == settings.ocr_languages


def test_the_openapi_schema_documents_the_versioned_api_and_bearer_keys(client: TestClient):
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/v1/records/{dossier_code}", "/api/v1/dossiers/{dossier_id}/pdf",
            "/api/v1/events", "/health"} <= paths
    upload = schema["paths"]["/api/v1/scans"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert upload["security"] == [{"HTTPBearer": []}]
    assert "security" not in schema["paths"]["/health"]["get"]
