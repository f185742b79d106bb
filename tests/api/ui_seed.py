"""Shared by the review-page tests: signing in through the form, reading the page's CSRF
token and its fields, and storing dossiers that came from a scan at a given station and
time, with fields of chosen confidence and warnings, or with real page images and PDF."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from itertools import count
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from PIL import Image

from api_seed import CODE_A, PAGE_JPEG, UNIT_A
from intake.bundle import BundlePage, DossierMeta, build_dossier_pdf, encode_page_image
from intake.store import (
    PageInput,
    Store,
    add_dossier_with_pages,
    create_scan,
    record_quarantined_scan,
    upsert_record,
)
from intake.store.tables import utcnow
from ocr.model import Field

_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
_FIELD = re.compile(r'data-testid="field" data-field-id="(\d+)" data-key="(\w+)" data-page="(\d+)"'
                    r'\s+data-needs-check="(\d)"\s+data-box="([^"]*)"')
_numbers = count(1)


def sign_in(client: TestClient, key: str) -> str:
    """Sign in through the form; the session's CSRF token, as a page embeds it."""
    answer = client.post("/ui/sign-in", data={"key": key, "next": "/ui/"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/ui/search").text)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def shown_fields(html: str) -> list[tuple[str, int, bool, str]]:
    """(key, page, needs check, box) of each field, in the page's order."""
    return [(key, int(page), check == "1", box)
            for _, key, page, check, box in _FIELD.findall(html)]


def json_headers(token: str) -> dict[str, str]:
    return {"X-CSRF-Token": token, "Accept": "application/json"}


def store_dossier(store: Store, *, unit: str, dropped_at: datetime, code: str | None = None,
                  station: str = "desk-1", procedure: str = "1.001193",
                  applicant: str | None = "Nguyễn Văn An", image_sha: str | None = None,
                  fields: dict[str, Field] | None = None, pages: int = 1,
                  later_fields: dict[int, dict[str, Field]] | None = None,
                  reads: dict[int, tuple[str, float]] | None = None) -> int:
    """A ready dossier from a scan received at ``dropped_at``, ``fields`` read on page 1
    and ``later_fields`` on the pages they name, ``reads`` the (text, confidence) of the
    pages they name (others: not read); unassigned without a code."""
    by_page = {1: fields or {}, **(later_fields or {})}
    number = next(_numbers)
    with store.session() as session:
        scan = create_scan(session, sha256=hashlib.sha256(f"scan-{number}".encode()).hexdigest(),
                           original_filename=f"scan_{number}.pdf", size=1000, station=station,
                           unit_code=unit, received_at=dropped_at)
        record = None
        if code is not None:
            record = upsert_record(session, code, unit_code=unit, procedure_code=procedure,
                                   applicant_name=applicant, status=2)
        page_inputs = [PageInput(number=n, source_page=n, image_sha=image_sha, width=1456,
                                 height=2184, fields=by_page.get(n, {}),
                                 text=(reads or {}).get(n, ("", None))[0],
                                 confidence=(reads or {}).get(n, ("", None))[1])
                       for n in range(1, pages + 1)]
        dossier = add_dossier_with_pages(session, page_inputs, record=record, unit_code=unit,
                                         source_scan_id=scan.id,
                                         pdf_sha=hashlib.sha256(b"pdf").hexdigest())
        return dossier.id


def quarantine(store: Store, *, unit: str, name: str, code: str, message: str) -> int:
    with store.session() as session:
        return record_quarantined_scan(
            session, sha256=hashlib.sha256(name.encode()).hexdigest(), original_filename=name,
            size=10, error_code=code, message=message, station="desk-1", unit_code=unit).id


def store_paged_dossier(store: Store, testdata: Path) -> int:
    """GIVEN a unit-A record with a ready two-page dossier: a real PDF/A made by
    ``intake.bundle`` from a photographed page (728 x 1092 after halving) and its mirror
    image, those JPEGs as page images, and a name field read on page 1 at 0.6."""
    with Image.open(testdata / PAGE_JPEG) as picture:
        gray = np.asarray(picture.convert("L"))[::2, ::2].copy()
    images = [encode_page_image(gray, 150, bilevel=False, has_colour=False),
              encode_page_image(gray[:, ::-1].copy(), 150, bilevel=False, has_colour=False)]
    pdf_sha = store.blobs.put(build_dossier_pdf([BundlePage(image) for image in images],
                                                DossierMeta(CODE_A, utcnow())))
    with store.session() as session:
        record = upsert_record(session, CODE_A, unit_code=UNIT_A, status=2)
        pages = [PageInput(number=n, source_page=n, image_sha=store.blobs.put(image.data),
                           width=image.width, height=image.height,
                           fields={"name": Field("NGUYỄN VĂN AN", 0.6, (100, 200, 500, 260))}
                           if n == 1 else {})
                 for n, image in enumerate(images, start=1)]
        return add_dossier_with_pages(session, pages, record=record, pdf_sha=pdf_sha).id
