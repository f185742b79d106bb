"""A busy office's database for the review-page benchmark: many dossiers with realistic
Vietnamese applicants, pages with OCR text, and fields, stored through the store's own
functions (so every index and the search index is filled as in production).

Each dossier comes from a scan dropped at one of a few desks over the last 60 days; about
a tenth are unassigned (no cover sheet), a third already approved, the rest ready for
review. Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from intake.store import (
    PageInput,
    Store,
    add_dossier_with_pages,
    approve_dossier,
    create_scan,
    ensure_record_for_receipt,
)
from intake.store.audit import Actor
from ocr.model import Field
from samples.citizens import make_citizen

UNIT = "000.00.19.H55"
DESKS = ("desk-1", "desk-2", "desk-3")
PROCEDURES = ("1.004194", "1.001193", "2.000986", "1.003583")
TITLES = ("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", "TỜ KHAI ĐĂNG KÝ KHAI SINH",
          "ĐƠN ĐỀ NGHỊ CẤP BẢN SAO", "TỜ KHAI ĐĂNG KÝ KẾT HÔN")
BODY = ("Kính gửi: Công an xã Phúc Xuân. Họ, chữ đệm và tên: {name}. Ngày, tháng, năm sinh: "
        "{dob}. Số định danh cá nhân: {id}. Nơi cư trú: {address}. Số điện thoại: {phone}. "
        "Nội dung đề nghị: đăng ký thường trú tại địa chỉ trên. Tôi xin cam đoan những lời "
        "khai trên là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình.")
SEEDER = Actor("benchmark-seed")


@dataclass(frozen=True, slots=True)
class SeededOffice:
    dossiers: int
    ready_ids: tuple[int, ...]
    unit: str = UNIT


def seed_office(store: Store, dossiers: int, *, seed: int = 7, batch: int = 200,
                now: datetime | None = None) -> SeededOffice:
    """Store ``dossiers`` dossiers in transactions of ``batch``; returns the ready ones' ids."""
    rng = random.Random(seed)
    now = now or datetime.now(timezone.utc)
    ready: list[int] = []
    for start in range(0, dossiers, batch):
        with store.session() as session:
            for number in range(start, min(dossiers, start + batch)):
                ready.extend(_seed_dossier(session, rng, number, now))
    return SeededOffice(dossiers=dossiers, ready_ids=tuple(ready))


def _seed_dossier(session, rng: random.Random, number: int, now: datetime) -> list[int]:
    citizen = make_citizen(rng)
    dropped = now - timedelta(minutes=rng.randint(1, 60 * 24 * 60))
    desk = rng.choice(DESKS)
    scan = create_scan(session, sha256=hashlib.sha256(f"scan-{number}".encode()).hexdigest(),
                       original_filename=f"scan_{number:05d}.pdf", size=rng.randint(10**5, 10**7),
                       station=desk, unit_code=UNIT, received_at=dropped)
    record = None
    if rng.random() > 0.1:
        code = f"{UNIT}-{dropped:%y%m%d}-{number:04d}"
        record = ensure_record_for_receipt(session, code, unit_code=UNIT,
                                           procedure_code=rng.choice(PROCEDURES),
                                           received_at=dropped)
        record.applicant_name, record.applicant_id_number = citizen.name, citizen.id_number
    pages = [_page(rng, citizen, n) for n in range(1, rng.randint(2, 6))]
    dossier = add_dossier_with_pages(session, pages, record=record, unit_code=UNIT,
                                     source_scan_id=scan.id,
                                     pdf_sha=hashlib.sha256(f"pdf-{number}".encode()).hexdigest(),
                                     created_by="intake-worker")
    dossier.ready_at = dropped + timedelta(seconds=rng.randint(20, 600))
    if record is not None and rng.random() < 0.33:
        approve_dossier(session, dossier.id, SEEDER, dossier.version)
        return []
    return [dossier.id]


def _page(rng: random.Random, citizen, number: int) -> PageInput:
    dob = citizen.dob.strftime("%d/%m/%Y")
    text = BODY.format(name=citizen.name, dob=dob, id=citizen.id_number, address=citizen.address,
                       phone=citizen.phone)
    fields = {
        "name": _field(rng, citizen.name, (420, 610, 700, 48)),
        "dob": _field(rng, citizen.dob.isoformat(), (420, 680, 300, 48)),
        "id_number": _field(rng, citizen.id_number, (420, 750, 420, 48)),
        "address": _field(rng, citizen.address, (300, 820, 1400, 48)),
        "phone": _field(rng, citizen.phone, (420, 890, 320, 48)),
        "signed_on": _field(rng, date(2025, 12, rng.randint(1, 28)).isoformat(), (1200, 1900, 500, 48)),
    }
    return PageInput(number=number, source_page=number, text=f"{rng.choice(TITLES)}\n{text}",
                     confidence=round(rng.uniform(0.75, 0.97), 4),
                     document_type=rng.choice(TITLES), width=2480, height=3508, fields=fields,
                     ocr_seconds=round(rng.uniform(1.0, 4.0), 2))


def _field(rng: random.Random, value: str, box: tuple[int, int, int, int]) -> Field:
    confidence = round(rng.betavariate(8, 1), 4)
    return Field(value=value, confidence=confidence, bbox=box, warnings=())
