"""Dossiers: pages and fields, the PDF with ETag and ranges, page images, and the
officers' review (attach, correct, approve) with versions, audit and events."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image

from api_seed import CODE_A, CODE_B, PAGE_JPEG, PDF, UNIT_A, Seeded, bearer
from intake.store import PageInput, Store, add_dossier_with_pages, get_page, list_audit


def pdf_url(seeded: Seeded) -> str:
    return f"/api/v1/dossiers/{seeded.dossier_a}/pdf"


def test_a_dossier_answers_with_pages_and_fields(client: TestClient, keys: dict[str, str],
                                                 seeded: Seeded):
    dossier = client.get(f"/api/v1/dossiers/{seeded.dossier_a}",
                         headers=bearer(keys["officer_a"])).json()
    assert (dossier["dossier_code"], dossier["state"], dossier["version"]) == (CODE_A, "ready", 1)
    first, second = dossier["pages"]
    assert first["preview_url"].endswith(f"/dossiers/{seeded.dossier_a}/pages/1/image?size=preview")
    assert second["image_url"] is None and second["fields"] == []
    by_key = {field["key"]: field for field in first["fields"]}
    assert by_key["name"] == {"id": seeded.name_field_a, "key": "name", "value": "NGUYỄN VĂN AN",
                              "confidence": 0.97, "bbox": [412, 880, 1630, 940],
                              "warnings": [], "corrected": False}
    assert by_key["id_number"]["warnings"] == ["birth year differs"]


def test_the_pdf_is_served_with_its_sha_as_etag_and_304_when_unchanged(
        client: TestClient, keys: dict[str, str], seeded: Seeded, testdata: Path):
    key = bearer(keys["service"])
    whole = client.get(pdf_url(seeded), headers=key)
    assert whole.status_code == 200
    assert whole.content == (testdata / PDF).read_bytes()
    assert whole.headers["etag"] == f'"{seeded.pdf_sha}"'
    assert whole.headers["content-type"] == "application/pdf"
    assert whole.headers["content-disposition"] == f"inline; filename*=UTF-8''{CODE_A}.pdf"
    again = client.get(pdf_url(seeded), headers={**key, "If-None-Match": whole.headers["etag"]})
    assert (again.status_code, again.content) == (304, b"")
    other = client.get(pdf_url(seeded), headers={**key, "If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_pdf_ranges_answer_206_with_exactly_the_bytes_asked_for(
        client: TestClient, keys: dict[str, str], seeded: Seeded, testdata: Path):
    key = bearer(keys["service"])
    data = (testdata / PDF).read_bytes()
    size = len(data)
    for header, start, end in (("bytes=100-199", 100, 199), ("bytes=-50", size - 50, size - 1),
                               (f"bytes={size - 10}-", size - 10, size - 1),
                               (f"bytes=0-{size + 500}", 0, size - 1)):
        part = client.get(pdf_url(seeded), headers={**key, "Range": header})
        assert part.status_code == 206, header
        assert part.content == data[start:end + 1], header
        assert part.headers["content-range"] == f"bytes {start}-{end}/{size}"
        assert part.headers["content-length"] == str(end - start + 1)
    past_end = client.get(pdf_url(seeded), headers={**key, "Range": f"bytes={size}-"})
    assert past_end.status_code == 416
    assert past_end.headers["content-range"] == f"bytes */{size}"
    several = client.get(pdf_url(seeded), headers={**key, "Range": "bytes=0-1,5-9"})
    assert (several.status_code, several.content) == (200, data)
    stale_if_range = client.get(pdf_url(seeded), headers={**key, "Range": "bytes=0-9",
                                                          "If-Range": '"old"'})
    assert stale_if_range.status_code == 200


def test_head_on_the_pdf_gives_the_headers_without_the_body(
        client: TestClient, keys: dict[str, str], seeded: Seeded, testdata: Path):
    head = client.head(pdf_url(seeded), headers=bearer(keys["service"]))
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str((testdata / PDF).stat().st_size)
    assert head.headers["etag"] == f'"{seeded.pdf_sha}"'


def test_a_page_preview_is_a_jpeg_about_1000_px_high_made_once(
        client: TestClient, keys: dict[str, str], seeded: Seeded, store: Store, testdata: Path):
    """GIVEN a page whose archive image is a 1456 x 2184 photo, WHEN its preview is asked
    for twice, THEN it is a JPEG 1000 px high with the page's proportions, made once and
    kept as a blob; ``size=full`` gives the archive image itself."""
    url = f"/api/v1/dossiers/{seeded.dossier_a}/pages/1/image"
    key = bearer(keys["officer_a"])
    preview = client.get(url, params={"size": "preview"}, headers=key)
    assert preview.headers["content-type"] == "image/jpeg"
    image = Image.open(BytesIO(preview.content))
    Path("/tmp/intake-api-preview.jpg").write_bytes(preview.content)
    assert (image.format, image.height) == ("JPEG", 1000)
    assert image.width == round(1456 * 1000 / 2184)
    with store.read_session() as session:
        preview_sha = get_page(session, seeded.dossier_a, 1).preview_sha
    assert preview.headers["etag"] == f'"{preview_sha}"'
    again = client.get(url, headers=key)  # preview is the default
    assert again.headers["etag"] == preview.headers["etag"]
    full = client.get(url, params={"size": "full"}, headers=key)
    assert full.content == (testdata / PAGE_JPEG).read_bytes()
    assert client.get(f"/api/v1/dossiers/{seeded.dossier_a}/pages/2/image",
                      headers=key).status_code == 404
    assert client.get(url, params={"size": "huge"}, headers=key).status_code == 422


def test_a_correction_bumps_the_version_is_audited_and_announced(
        client: TestClient, keys: dict[str, str], seeded: Seeded, store: Store):
    url = f"/api/v1/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}"
    key = bearer(keys["officer_a"])
    corrected = client.patch(url, json={"value": "NGUYỄN VĂN BÌNH", "expected_version": 1},
                             headers=key)
    assert corrected.status_code == 200
    assert corrected.json() | {"value": "NGUYỄN VĂN BÌNH", "corrected": True,
                               "dossier_version": 2} == corrected.json()
    with store.read_session() as session:
        [entry] = list_audit(session, "field", seeded.name_field_a)
    assert (entry.actor, entry.old_value["value"], entry.new_value["value"]) == (
        "test officer_a", "NGUYỄN VĂN AN", "NGUYỄN VĂN BÌNH")
    events = client.get("/api/v1/events", headers=key).json()["events"]
    assert events[-1]["type"] == "dossier.corrected"
    assert events[-1]["payload"] | {"dossier_id": seeded.dossier_a, "version": 2,
                                    "field_id": seeded.name_field_a} == events[-1]["payload"]


def test_a_correction_against_a_stale_version_is_a_conflict(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    """GIVEN two officers who both opened version 1, WHEN the second saves after the
    first, THEN the second gets 409 ``conflict`` and the first one's value stays."""
    url = f"/api/v1/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}"
    key = bearer(keys["officer_a"])
    first = client.patch(url, json={"value": "NGUYỄN VĂN BÌNH", "expected_version": 1},
                         headers=key)
    second = client.patch(url, json={"value": "NGUYỄN VĂN CHÍ", "expected_version": 1},
                          headers=key)
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["error"]["code"] == "conflict"
    dossier = client.get(f"/api/v1/dossiers/{seeded.dossier_a}", headers=key).json()
    values = {f["key"]: f["value"] for f in dossier["pages"][0]["fields"]}
    assert values["name"] == "NGUYỄN VĂN BÌNH" and dossier["version"] == 2


def test_a_field_is_reached_only_through_its_own_dossier(client: TestClient,
                                                         keys: dict[str, str],
                                                         seeded: Seeded):
    url = f"/api/v1/dossiers/{seeded.dossier_b}/fields/{seeded.name_field_a}"
    answer = client.patch(url, json={"value": "X", "expected_version": 1},
                          headers=bearer(keys["admin"]))
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "not_found")


def test_an_approved_dossier_is_announced_and_no_longer_editable(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    key = bearer(keys["officer_a"])
    approved = client.post(f"/api/v1/dossiers/{seeded.dossier_a}/approve",
                           json={"expected_version": 1}, headers=key).json()
    assert (approved["state"], approved["approved_by"], approved["version"]) == (
        "approved", "test officer_a", 2)
    events = client.get("/api/v1/events", headers=key).json()["events"]
    assert events[-1]["type"] == "dossier.approved"
    late = client.patch(f"/api/v1/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}",
                        json={"value": "X", "expected_version": 2}, headers=key)
    assert late.status_code == 409


def test_an_unassigned_dossier_is_listed_and_attached_to_an_existing_record(
        client: TestClient, keys: dict[str, str], seeded: Seeded, store: Store):
    with store.session() as session:
        loose = add_dossier_with_pages(session, [PageInput(number=1)], unit_code=UNIT_A).id
    key = bearer(keys["officer_a"])
    unassigned = client.get("/api/v1/dossiers", params={"unassigned": "true"}, headers=key)
    assert [d["id"] for d in unassigned.json()["dossiers"]] == [loose]
    missing = client.post(f"/api/v1/dossiers/{loose}/attach",
                          json={"dossier_code": "000.00.19.H55-240101-9999"}, headers=key)
    other_unit = client.post(f"/api/v1/dossiers/{loose}/attach",
                             json={"dossier_code": CODE_B}, headers=key)
    assert (missing.status_code, other_unit.status_code) == (404, 404)
    attached = client.post(f"/api/v1/dossiers/{loose}/attach",
                           json={"dossier_code": CODE_A, "expected_version": 1}, headers=key)
    assert attached.status_code == 200
    assert (attached.json()["dossier_code"], attached.json()["version"]) == (CODE_A, 2)
    record = client.get(f"/api/v1/records/{CODE_A}", headers=key).json()
    assert [d["id"] for d in record["dossiers"]] == [seeded.dossier_a, loose]
    assert client.get("/api/v1/dossiers?unassigned=true", headers=key).json()["total"] == 0
