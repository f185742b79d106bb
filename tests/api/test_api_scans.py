"""Scan uploads (streamed, size-limited, checked like dropped files), scan status, the
quarantine list and its retry."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.upload import read_multipart
from api_seed import PDF, PNG, UNIT_A, bearer
from intake.errors import FileTooLargeError
from intake.store import (
    PageInput,
    Store,
    add_dossier_with_pages,
    claim_next_job,
    finish_job,
    list_scans,
)

BOUNDARY = "intake-test-boundary"


def upload(client: TestClient, key: str, name: str, data: bytes, station: str | None = "desk-1"):
    form = {"station": station} if station else {}
    return client.post("/api/v1/scans", files={"file": (name, data, "application/octet-stream")},
                       data=form, headers=bearer(key))


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_an_upload_is_kept_queued_and_announced(client: TestClient, keys: dict[str, str],
                                                testdata: Path, data_dir: Path):
    data = (testdata / PNG).read_bytes()
    answer = upload(client, keys["scanner"], "simple.png", data)
    assert answer.status_code == 202
    scan = answer.json()
    sha = hashlib.sha256(data).hexdigest()
    assert scan | {"sha256": sha, "state": "queued", "duplicate_of": None, "station": "desk-1",
                   "unit_code": UNIT_A, "original_filename": "simple.png",
                   "size": len(data)} == scan
    [kept] = files_under(data_dir / "originals")
    assert kept == data_dir / "originals" / sha[:2] / f"{sha}-simple.png"
    assert kept.read_bytes() == data
    assert files_under(data_dir / "incoming") == []
    events = client.get("/api/v1/events", headers=bearer(keys["admin"])).json()["events"]
    assert [(e["type"], e["payload"]["scan_id"]) for e in events] == [("scan.received", scan["id"])]


def test_a_byte_identical_upload_is_linked_to_the_first_and_not_queued(
        client: TestClient, keys: dict[str, str], testdata: Path, data_dir: Path, store: Store):
    data = (testdata / PDF).read_bytes()
    first = upload(client, keys["scanner"], "batch-0001.pdf", data).json()
    second = upload(client, keys["service"], "batch-0001 (copy).pdf", data)
    assert second.status_code == 202
    assert second.json() | {"state": "duplicate", "duplicate_of": first["id"]} == second.json()
    assert len(files_under(data_dir / "originals")) == 1
    with store.read_session() as session:
        queued, _ = list_scans(session, state="queued")
    assert [s.id for s in queued] == [first["id"]]


def test_an_empty_upload_is_refused_and_quarantined_with_its_reason(
        client: TestClient, keys: dict[str, str], data_dir: Path):
    answer = upload(client, keys["scanner"], "scan_0007.pdf", b"")
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "empty_file"
    kept = files_under(data_dir / "quarantine")
    [reason_file] = [p for p in kept if p.suffix == ".json"]
    [quarantined] = [p for p in kept if p.suffix != ".json"]
    assert quarantined.name.endswith("scan_0007.pdf") and quarantined.stat().st_size == 0
    reason = json.loads(reason_file.read_text())
    assert reason | {"code": "empty_file", "station": "desk-1",
                     "original_name": "scan_0007.pdf"} == reason
    assert reason["message"] and reason["time"]
    listed = client.get("/api/v1/scans", params={"state": "quarantined"},
                        headers=bearer(keys["officer_a"])).json()
    assert [(s["original_filename"], s["error_code"]) for s in listed["scans"]] == [
        ("scan_0007.pdf", "empty_file")]
    assert listed["scans"][0]["error_message"] == reason["message"]


def test_uploads_that_are_no_scan_get_the_specific_code(client: TestClient,
                                                        keys: dict[str, str]):
    text = "Biên bản họp, not a scan\n".encode()
    unsupported = upload(client, keys["scanner"], "notes.txt", text)
    mislabelled = upload(client, keys["scanner"], "receipt.pdf", text)
    assert (unsupported.status_code, unsupported.json()["error"]["code"]) == (
        415, "unsupported_format")
    assert (mislabelled.status_code, mislabelled.json()["error"]["code"]) == (
        422, "format_mismatch")


def test_an_upload_over_the_limit_is_refused_413_and_leaves_nothing(
        client: TestClient, keys: dict[str, str], data_dir: Path, store: Store):
    """GIVEN a limit of 256 KiB, WHEN 1 MiB is uploaded with a Content-Length, and again
    streamed without one, THEN both answer 413 ``file_too_large`` and no file or scan is
    left behind."""
    big = bytes(1024 * 1024)
    declared = upload(client, keys["scanner"], "big.pdf", big)
    body = multipart_body("big.pdf", big)
    streamed = client.post("/api/v1/scans", content=iter([body]),
                           headers={**bearer(keys["scanner"]),
                                    "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    for refused in (declared, streamed):
        assert refused.status_code == 413
        assert refused.json()["error"]["code"] == "file_too_large"
    assert files_under(data_dir / "incoming") == [] and files_under(data_dir / "originals") == []
    with store.read_session() as session:
        assert list_scans(session)[1] == 0


def test_the_size_limit_is_checked_while_streaming_not_after(tmp_path: Path):
    """GIVEN a 4 MiB file arriving in 64 KiB chunks and a 256 KiB limit, WHEN the body is
    read, THEN it fails with FileTooLargeError after pulling a few chunks past the limit,
    long before the end, and the partial file is removed."""
    pulled = 0
    chunk = 64 * 1024
    body = multipart_body("big.tif", bytes(4 * 1024 * 1024))

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal pulled
        for start in range(0, len(body), chunk):
            pulled += 1
            yield body[start:start + chunk]

    with pytest.raises(FileTooLargeError):
        asyncio.run(read_multipart(chunks(), BOUNDARY.encode(), tmp_path, 256 * 1024))
    assert pulled <= 256 * 1024 // chunk + 2
    assert list(tmp_path.iterdir()) == []


def test_a_scan_reports_its_dossiers_once_done(client: TestClient, keys: dict[str, str],
                                              testdata: Path, store: Store):
    """GIVEN an uploaded scan, WHEN a worker claims its job, stores a dossier from it and
    finishes, THEN the scanner sees the scan ``done`` with that dossier's id."""
    scan = upload(client, keys["scanner"], "simple.pdf", (testdata / PDF).read_bytes()).json()
    assert client.get(f"/api/v1/scans/{scan['id']}",
                      headers=bearer(keys["scanner"])).json()["state"] == "queued"
    with store.session() as session:
        job = claim_next_job(session, "worker-1", lease_seconds=60)
        dossier = add_dossier_with_pages(session, [PageInput(number=1)], unit_code=UNIT_A,
                                         source_scan_id=scan["id"])
        finish_job(session, job.id, "worker-1")
    done = client.get(f"/api/v1/scans/{scan['id']}", headers=bearer(keys["scanner"])).json()
    assert (done["state"], done["dossier_ids"]) == ("done", [dossier.id])


@pytest.fixture
def quarantined(client: TestClient, keys: dict[str, str],
                data_dir: Path) -> Iterator[tuple[int, Path]]:
    answer = upload(client, keys["scanner"], "simple.png", b"")
    assert answer.status_code == 422
    scans = client.get("/api/v1/scans?state=quarantined", headers=bearer(keys["admin"])).json()
    [path] = [p for p in files_under(data_dir / "quarantine") if p.suffix != ".json"]
    yield scans["scans"][0]["id"], path


def test_a_fixed_quarantined_scan_is_queued_again(client: TestClient, keys: dict[str, str],
                                                 quarantined: tuple[int, Path], testdata: Path,
                                                 data_dir: Path):
    """GIVEN an upload quarantined as empty, WHEN its file is replaced in quarantine by a
    good one and retried, THEN the scan is queued with the new content's sha, the file is
    back under originals and the reason file is gone."""
    scan_id, path = quarantined
    still_bad = client.post(f"/api/v1/scans/{scan_id}/retry", headers=bearer(keys["officer_a"]))
    assert (still_bad.status_code, still_bad.json()["error"]["code"]) == (422, "empty_file")
    data = (testdata / PNG).read_bytes()
    path.write_bytes(data)
    retried = client.post(f"/api/v1/scans/{scan_id}/retry", headers=bearer(keys["officer_a"]))
    assert retried.status_code == 202
    sha = hashlib.sha256(data).hexdigest()
    assert retried.json() | {"id": scan_id, "state": "queued", "sha256": sha,
                             "error_code": None} == retried.json()
    assert files_under(data_dir / "quarantine") == []
    assert [p.name for p in files_under(data_dir / "originals")] == [f"{sha}-simple.png"]
    again = client.post(f"/api/v1/scans/{scan_id}/retry", headers=bearer(keys["officer_a"]))
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")


def multipart_body(name: str, data: bytes) -> bytes:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()
