"""Shared by the API tests: units, codes, real sample files, keys as headers, and a
seeded store (a record with a two-page dossier in each of two units)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intake.store import PageInput, Store, add_dossier_with_pages, upsert_record
from ocr.model import Field

UNIT_A = "000.00.19.H55"
UNIT_B = "000.00.20.H56"
CODE_A = "000.00.19.H55-240419-0001"
CODE_B = "000.00.20.H56-240419-0002"
PDF = "paperless-ngx/src/documents/tests/samples/simple.pdf"
PAGE_JPEG = "kraken/tests/resources/input.jpg"  # a photographed page, 1456 x 2184 RGB
PNG = "paperless-ngx/src/documents/tests/samples/simple.png"



def bearer(key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"} if key else {}


@dataclass(frozen=True, slots=True)
class Seeded:
    dossier_a: int
    dossier_b: int
    name_field_a: int
    id_field_a: int
    pdf_sha: str
    image_sha: str


def seed_store(store: Store, testdata: Path) -> Seeded:
    pdf_sha = store.blobs.put(testdata / PDF)
    image_sha = store.blobs.put(testdata / PAGE_JPEG)
    ids = {}
    with store.session() as session:
        for code, unit in ((CODE_A, UNIT_A), (CODE_B, UNIT_B)):
            record = upsert_record(session, code, unit_code=unit, procedure_code="1.001193",
                                   applicant_name="Nguyễn Văn An", status=2)
            pages = [PageInput(number=1, source_page=1, text="TỜ KHAI", confidence=0.93,
                               image_sha=image_sha, width=1456, height=2184,
                               fields={"name": Field("NGUYỄN VĂN AN", 0.97, (412, 880, 1630, 940)),
                                       "id_number": Field("019085012345", 0.88, None,
                                                          warnings=("birth year differs",))}),
                     PageInput(number=2, source_page=2)]
            dossier = add_dossier_with_pages(session, pages, record=record, pdf_sha=pdf_sha)
            ids[unit] = dossier
        fields = {value.key: value.id for value in ids[UNIT_A].pages[0].fields}
        return Seeded(dossier_a=ids[UNIT_A].id, dossier_b=ids[UNIT_B].id,
                      name_field_a=fields["name"], id_field_a=fields["id_number"],
                      pdf_sha=pdf_sha, image_sha=image_sha)
