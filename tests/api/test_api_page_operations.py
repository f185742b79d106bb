"""Officers' page operations over HTTP: turn, move, remove, restore a page, restore the
dossier; roles, units, versions; and page images served as the page now stands.

Each unit has a three-page dossier whose PDF is a real one made by ``intake.bundle``
from three scans of the shared test data, with those pages' JPEGs as page images (as
the workers store them).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.previews import turn_image
from api_seed import CODE_A, CODE_B, UNIT_A, UNIT_B, bearer
from intake.bundle import BundlePage, DossierMeta, build_dossier_pdf, encode_page_image
from intake.store import (
    Actor,
    PageInput,
    Store,
    add_dossier_with_pages,
    approve_dossier,
    list_audit,
    upsert_record,
)
from intake.store.tables import utcnow

SCANS = ("tesseract-ocr-test/testing/phototest.tif", "tesseract-ocr-test/testing/eurotext.tif",
         "unpaper/tests/source_images/imgsrc001.png")


@dataclass(frozen=True, slots=True)
class Paged:
    dossier_a: int
    dossier_b: int
    pdf_sha: str
    page_images: tuple[bytes, ...]  # the JPEG of pages 1, 2, 3


@pytest.fixture
def paged(store: Store, testdata: Path) -> Paged:
    """GIVEN in each unit a record with a ready three-page dossier (real PDF, real JPEGs;
    page 1 is phototest, 640 x 480)."""
    images = []
    for name in SCANS:
        with Image.open(testdata / name) as picture:
            pixels = np.asarray(picture.convert("L"))
        scale = 1 if pixels.shape[1] <= 640 else 2
        images.append(encode_page_image(pixels[::scale, ::scale].copy(), 150, bilevel=False,
                                        has_colour=False))
    pdf_sha = store.blobs.put(build_dossier_pdf([BundlePage(image) for image in images],
                                                DossierMeta(CODE_A, utcnow())))
    ids = []
    with store.session() as session:
        for code, unit in ((CODE_A, UNIT_A), (CODE_B, UNIT_B)):
            record = upsert_record(session, code, unit_code=unit, status=2)
            pages = [PageInput(number=n, source_page=n, image_sha=store.blobs.put(image.data),
                               width=image.width, height=image.height)
                     for n, image in enumerate(images, start=1)]
            ids.append(add_dossier_with_pages(session, pages, record=record, pdf_sha=pdf_sha).id)
    return Paged(ids[0], ids[1], pdf_sha, tuple(image.data for image in images))


def url(dossier_id: int, operation: str, number: int | None = None) -> str:
    page = f"/pages/{number}" if number is not None else ""
    return f"/api/v1/dossiers/{dossier_id}{page}/{operation}"


def pdf_pages(client: TestClient, key: str, dossier_id: int,
              page_images: tuple[bytes, ...]) -> list[tuple[int, int]]:
    """(original page number, /Rotate) of each page of the dossier's PDF as served."""
    answer = client.get(f"/api/v1/dossiers/{dossier_id}/pdf", headers=bearer(key))
    assert answer.status_code == 200
    with pikepdf.open(io.BytesIO(answer.content)) as pdf:
        return [(page_images.index(next(iter(page.get_images().values())).read_raw_bytes()) + 1,
                 int(page.obj.get("/Rotate", 0))) for page in pdf.pages]


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.int16)


def test_turning_a_page_answers_the_dossier_and_rebuilds_the_pdf(
        client: TestClient, keys: dict[str, str], paged: Paged, store: Store):
    key = keys["officer_a"]
    answer = client.post(url(paged.dossier_a, "turn", 1),
                         json={"degrees": 90, "expected_version": 1}, headers=bearer(key))
    assert answer.status_code == 200
    dossier = answer.json()
    assert (dossier["version"], dossier["page_count"]) == (2, 3)
    assert [(p["number"], p["turn"], p["removed"], p["original_number"])
            for p in dossier["pages"]] == [(1, 90, False, 1), (2, 0, False, 2), (3, 0, False, 3)]
    assert pdf_pages(client, key, paged.dossier_a, paged.page_images) == [(1, 90), (2, 0), (3, 0)]
    with store.read_session() as session:
        (entry,) = list_audit(session, "page")
    assert (entry.actor, entry.action, entry.new_value["turn"]) == ("test officer_a",
                                                                   "page.turned", 90)
    event = client.get("/api/v1/events", headers=bearer(key)).json()["events"][-1]
    assert event["type"] == "dossier.pages_changed"
    assert event["payload"]["dossier_id"] == paged.dossier_a and event["payload"]["version"] == 2
    assert event["payload"]["pdf_sha"] != paged.pdf_sha


def test_move_remove_restore_and_restore_the_dossier(client: TestClient, keys: dict[str, str],
                                                     paged: Paged):
    key = keys["officer_a"]
    moved = client.post(url(paged.dossier_a, "move", 3), json={"to": 1, "expected_version": 1},
                        headers=bearer(key)).json()
    assert [p["original_number"] for p in moved["pages"]] == [3, 1, 2]
    removed = client.post(url(paged.dossier_a, "remove", 2), json={"expected_version": 2},
                          headers=bearer(key)).json()
    assert [p["removed"] for p in removed["pages"]] == [False, True, False]
    assert removed["page_count"] == 2
    assert pdf_pages(client, key, paged.dossier_a, paged.page_images) == [(3, 0), (2, 0)]
    back = client.post(url(paged.dossier_a, "restore", 2), json={"expected_version": 3},
                       headers=bearer(key)).json()
    assert back["page_count"] == 3 and not any(p["removed"] for p in back["pages"])
    client.post(url(paged.dossier_a, "turn", 2), json={"degrees": 180, "expected_version": 4},
                headers=bearer(key))
    restored = client.post(url(paged.dossier_a, "restore"), json={"expected_version": 5},
                           headers=bearer(key))
    assert restored.status_code == 200
    assert [(p["number"], p["original_number"], p["turn"]) for p in restored.json()["pages"]] == [
        (1, 1, 0), (2, 2, 0), (3, 3, 0)]
    pdf = client.get(url(paged.dossier_a, "pdf"), headers=bearer(key))
    assert pdf.headers["etag"] == f'"{paged.pdf_sha}"'  # the pipeline's own PDF again


def test_page_images_are_served_turned_and_a_turn_never_gets_the_old_preview(
        client: TestClient, keys: dict[str, str], paged: Paged):
    """GIVEN page 1's preview and full image served unturned (640 x 480)
    WHEN the page is turned 90 degrees THEN both come back 480 x 640, the pixels turned
    clockwise, under new ETags; WHEN turned on to 360 THEN the first preview again."""
    key = bearer(keys["officer_a"])
    image = f"/api/v1/dossiers/{paged.dossier_a}/pages/1/image"
    before = {size: client.get(image, params={"size": size}, headers=key)
              for size in ("preview", "full")}
    assert before["full"].content == paged.page_images[0]
    assert Image.open(io.BytesIO(before["preview"].content)).size == (640, 480)
    client.post(url(paged.dossier_a, "turn", 1), json={"degrees": 90, "expected_version": 1},
                headers=key)
    for size in ("preview", "full"):
        after = client.get(image, params={"size": size}, headers=key)
        assert after.status_code == 200 and after.headers["etag"] != before[size].headers["etag"]
        turned, unturned = pixels(after.content), pixels(before[size].content)
        assert turned.shape == (640, 480)
        assert np.abs(turned - np.rot90(unturned, k=-1)).mean() < 2.0, size
        again = client.get(image, params={"size": size}, headers=key)
        assert again.headers["etag"] == after.headers["etag"]
    client.post(url(paged.dossier_a, "turn", 1), json={"degrees": 270, "expected_version": 2},
                headers=key)
    full_circle = client.get(image, params={"size": "preview"}, headers=key)
    assert full_circle.headers["etag"] == before["preview"].headers["etag"]


@pytest.mark.parametrize("role,status", [("officer_a", 200), ("admin", 200),
                                         ("service", 403), ("scanner", 403), (None, 401)])
def test_only_officers_and_admins_change_pages(client: TestClient, keys: dict[str, str],
                                               paged: Paged, role: str | None, status: int):
    answer = client.post(url(paged.dossier_a, "remove", 3), json={"expected_version": 1},
                         headers=bearer(keys[role] if role else None))
    assert answer.status_code == status


def test_another_units_dossier_and_a_missing_page_are_not_found(
        client: TestClient, keys: dict[str, str], paged: Paged):
    key = bearer(keys["officer_b"])
    for path, body in ((url(paged.dossier_a, "turn", 1), {"degrees": 90, "expected_version": 1}),
                       (url(paged.dossier_a, "restore"), {"expected_version": 1}),
                       (url(paged.dossier_b, "move", 9), {"to": 1, "expected_version": 1})):
        answer = client.post(path, json=body, headers=key)
        assert (answer.status_code, answer.json()["error"]["code"]) == (404, "not_found"), path
    assert client.post(url(paged.dossier_b, "turn", 1), json={"degrees": 90, "expected_version": 1},
                       headers=key).status_code == 200


def test_conflicts_answer_409(client: TestClient, keys: dict[str, str], paged: Paged,
                              store: Store):
    """THEN a stale version, the last kept page, and an approved dossier each answer 409,
    and none of them changed the dossier."""
    key = bearer(keys["officer_a"])
    for number, version in ((1, 1), (2, 2)):
        assert client.post(url(paged.dossier_a, "remove", number),
                           json={"expected_version": version}, headers=key).status_code == 200
    stale = client.post(url(paged.dossier_a, "turn", 3),
                        json={"degrees": 90, "expected_version": 1}, headers=key)
    last = client.post(url(paged.dossier_a, "remove", 3), json={"expected_version": 3},
                       headers=key)
    assert (stale.status_code, stale.json()["error"]["code"]) == (409, "conflict")
    assert (last.status_code, last.json()["error"]["code"]) == (409, "last_page")
    with store.session() as session:
        approve_dossier(session, paged.dossier_b, Actor("Trần Thị Bình"), expected_version=1)
    approved = client.post(url(paged.dossier_b, "restore"), json={"expected_version": 2},
                           headers=bearer(keys["officer_b"]))
    assert approved.status_code == 409 and "approved" in approved.json()["error"]["message"]
    dossier = client.get(f"/api/v1/dossiers/{paged.dossier_a}", headers=key).json()
    assert (dossier["version"], dossier["page_count"]) == (3, 1)


@pytest.mark.parametrize("operation,body", [
    ("turn", {"degrees": 45, "expected_version": 1}),
    ("turn", {"degrees": 90}),
    ("move", {"to": 0, "expected_version": 1}),
    ("move", {"to": 4, "expected_version": 1}),
    ("remove", {"expected_version": 1, "why": "smudged"}),
])
def test_bad_bodies_answer_422(client: TestClient, keys: dict[str, str], paged: Paged,
                               operation: str, body: dict):
    answer = client.post(url(paged.dossier_a, operation, 1), json=body,
                         headers=bearer(keys["officer_a"]))
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] in ("invalid_request", "invalid_value")


def test_a_1_bit_png_page_turns_losslessly(testdata: Path):
    """GIVEN a bilevel page stored as a 1-bit PNG (as workers store G4 pages)
    WHEN turned 270 degrees THEN a 1-bit PNG with exactly the pixels turned."""
    with Image.open(testdata / SCANS[0]) as picture:
        out = io.BytesIO()
        picture.convert("1").save(out, "PNG")
        original = np.asarray(picture.convert("1"))
    turned = Image.open(io.BytesIO(turn_image(out.getvalue(), 270)))
    assert (turned.format, turned.mode) == ("PNG", "1")
    assert np.array_equal(np.asarray(turned), np.rot90(original, k=1))
