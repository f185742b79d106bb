"""``intake serve`` end to end: a real subprocess, real files dropped into its folder,
real tesseract, and the API over HTTP."""

from __future__ import annotations

import io
import json
import time

import pikepdf
import pytest
from service_helpers import create_key, drop_file, form_page, receipt_page, tiff_bytes, wait_for

DOSSIER_CODE = "000.00.19.H55-240419-0001"


def drop_slowly(path, data: bytes, seconds: float = 3.0, chunks: int = 6) -> None:
    """A scanner writing a file in chunks: each flushed, a pause between them."""
    size = -(-len(data) // chunks)
    with path.open("wb") as out:
        for start in range(0, len(data), size):
            out.write(data[start:start + size])
            out.flush()
            time.sleep(seconds / chunks)


@pytest.mark.slow
def test_a_slowly_written_batch_becomes_a_dossier_and_the_feed_tells_it_in_order(service, tmp_path):
    """GIVEN the service watching an inbox
    WHEN a 3-page TIFF (receipt with the dossier code's QR + 2 forms) is written slowly,
         and after its dossier is ready a byte-identical copy and a truncated TIFF arrive
    THEN the record holds one dossier whose PDF (fetched with a service key) has the 2
         form pages; the copy is a duplicate of the first scan with no dossier of its own;
         the truncated file is quarantined with its reason, in the API and in the JSON note
         beside it; the feed lists received, ready, done, then duplicate and quarantined,
         with increasing cursors, the same when read page by page."""
    running = service(env={"INTAKE_SETTLE_SECONDS": "2"})  # 4 x the pauses between chunks
    service_key = create_key(running.data_dir, "service")
    admin_key = create_key(running.data_dir, "admin")
    batch = tiff_bytes([receipt_page(DOSSIER_CODE, "NGUYỄN VĂN AN"),
                        form_page("TỜ KHAI ĐĂNG KÝ KHAI SINH", "NGUYỄN THỊ BÌNH"),
                        form_page("ĐƠN ĐỀ NGHỊ", "TRẦN VĂN CƯỜNG", "Số điện thoại: 0912 345 678")])

    drop_slowly(running.inbox / "scan_001.tif", batch)

    def ready_dossier():
        response = running.get(f"/records/{DOSSIER_CODE}", service_key)
        dossiers = response.json()["dossiers"] if response.status_code == 200 else []
        return next((d for d in dossiers if d["state"] == "ready"), None)

    dossier = wait_for(ready_dossier, timeout=90, what="the dossier to be ready")
    pdf = running.get(f"/dossiers/{dossier['id']}/pdf", service_key)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        assert len(document.pages) == 2  # the receipt cover sheet is not kept
    assert dossier["page_count"] == 2

    drop_file(running.inbox, "scan_001 (copy).tif", batch)
    drop_file(running.inbox, "broken.tif", batch[: len(batch) // 2])

    def settled_scans():
        scans = running.get_json("/scans", admin_key)["scans"]
        states = {scan["original_filename"]: scan for scan in scans}
        done = {"duplicate", "quarantined"} <= {scan["state"] for scan in scans}
        return states if done and len(scans) == 3 else None

    scans = wait_for(settled_scans, timeout=60, what="the copy and the broken file to be taken in")
    first, copy, broken = scans["scan_001.tif"], scans["scan_001 (copy).tif"], scans["broken.tif"]
    assert first["state"] == "done"
    assert running.get_json(f"/scans/{first['id']}", admin_key)["dossier_ids"] == [dossier["id"]]
    assert copy["state"] == "duplicate" and copy["duplicate_of"] == first["id"]
    assert running.get_json("/dossiers", admin_key)["total"] == 1
    assert broken["state"] == "quarantined" and broken["error_code"] == "truncated_file"

    notes = list((running.data_dir / "quarantine").glob("*.json"))
    assert len(notes) == 1
    note = json.loads(notes[0].read_text())
    assert (note["code"], note["original_name"], note["station"]) == ("truncated_file", "broken.tif", "inbox")
    assert notes[0].with_suffix("").read_bytes() == batch[: len(batch) // 2]

    assert_feed_in_order(running, admin_key)


def assert_feed_in_order(running, key: str) -> None:
    """Received, ready, done, then the duplicate and the quarantined file; ids increase,
    and reading page by page from each last cursor gives the same feed."""
    events = running.get_json("/events", key, after=0, limit=100)["events"]
    ids = [event["id"] for event in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    types = [event["type"] for event in events]
    order = [types.index(kind) for kind in ("scan.received", "dossier.ready", "scan.done")]
    assert order == sorted(order)
    assert max(order) < types.index("scan.duplicate") and max(order) < types.index("scan.quarantined")
    paged, cursor = [], 0
    while page := running.get_json("/events", key, after=cursor, limit=2)["events"]:
        paged.extend(event["id"] for event in page)
        cursor = page[-1]["id"]
    assert paged == ids
