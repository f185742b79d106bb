"""Dossiers: storing pipeline output, and the officers' review with optimistic locking."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from intake.store import (
    Actor,
    ConflictError,
    DossierState,
    NotFoundError,
    PageInput,
    Store,
    add_dossier_with_pages,
    approve_dossier,
    assign_dossier,
    correct_field,
    ensure_record_for_receipt,
    get_dossier,
    list_audit,
    list_dossiers,
    list_events,
)
from intake.store.tables import utcnow
from ocr.model import Field

CODE = "000.00.19.H55-240419-0001"
UNIT = "000.00.19.H55"
OFFICER = Actor("Trần Thị Bình", None)
PAGE_IMAGE = "tesseract-ocr-test/testing/phototest.tif"


def store_dossier(store: Store, testdata: Path, code: str | None = CODE) -> int:
    """A two-page dossier as a worker would store it, the first page's image in blobs."""
    image_sha = store.blobs.put(testdata / PAGE_IMAGE)
    pages = [
        PageInput(number=1, source_page=2, rotation=90, skew_deg=-1.8, text="TỜ KHAI ...",
                  confidence=0.93, document_type="TỜ KHAI ĐĂNG KÝ KHAI SINH",
                  image_sha=image_sha, width=640, height=480,
                  fields={"name": Field("NGUYỄN VĂN AN", 0.97, (412, 880, 1630, 940)),
                          "id_number": Field("019085012345", 0.88, (400, 960, 900, 1010),
                                             warnings=("birth year differs",))}),
        PageInput(number=2, source_page=3, text="", confidence=0.0),
    ]
    with store.session() as session:
        record = ensure_record_for_receipt(session, code, UNIT) if code else None
        return add_dossier_with_pages(session, pages, record=record, unit_code=UNIT).id


def field_id(store: Store, dossier_id: int, key: str) -> int:
    with store.read_session() as session:
        page = get_dossier(session, dossier_id).pages[0]
        return next(value.id for value in page.fields if value.key == key)


def test_a_stored_dossier_comes_back_with_pages_fields_and_blob(store: Store, testdata: Path):
    dossier_id = store_dossier(store, testdata)
    with store.read_session() as session:
        dossier = get_dossier(session, dossier_id, unit=UNIT)
        events = list_events(session)
    assert (dossier.state, dossier.version, dossier.page_count) == (DossierState.READY, 1, 2)
    assert dossier.record.dossier_code == CODE and dossier.ready_at is not None
    first, second = dossier.pages
    assert (first.number, first.source_page, first.rotation, first.skew_deg) == (1, 2, 90, -1.8)
    assert store.blobs.size(first.image_sha) == (testdata / PAGE_IMAGE).stat().st_size
    fields = {value.key: value for value in first.fields}
    assert fields["name"].value == "NGUYỄN VĂN AN" and fields["name"].bbox == [412, 880, 1630, 940]
    assert fields["id_number"].warnings == ["birth year differs"]
    assert second.fields == []
    assert events[-1].type == "dossier.ready" and events[-1].payload["dossier_code"] == CODE


def test_correcting_a_field_bumps_the_version_and_is_audited(store: Store, testdata: Path):
    dossier_id = store_dossier(store, testdata)
    name_id = field_id(store, dossier_id, "name")
    before = utcnow()
    with store.session() as session:
        corrected = correct_field(session, name_id, "NGUYỄN VĂN ÂN", OFFICER, expected_version=1)
    with store.read_session() as session:
        dossier = get_dossier(session, dossier_id)
        (entry,) = list_audit(session, "field", name_id)
        event = list_events(session)[-1]
    assert corrected.value == "NGUYỄN VĂN ÂN" and corrected.corrected
    assert dossier.version == 2
    assert (entry.actor, entry.action) == ("Trần Thị Bình", "field.corrected")
    assert entry.old_value == {"dossier_id": dossier_id, "key": "name", "value": "NGUYỄN VĂN AN"}
    assert entry.new_value == {"dossier_id": dossier_id, "key": "name", "value": "NGUYỄN VĂN ÂN"}
    assert before - timedelta(seconds=1) <= entry.at <= utcnow()
    assert (event.type, event.payload["version"], event.payload["key"]) == (
        "dossier.corrected", 2, "name")
    assert "NGUYỄN" not in str(event.payload)  # no personal data in the feed


def test_a_correction_against_a_stale_version_is_a_conflict(store: Store, testdata: Path):
    """GIVEN two officers who opened the dossier at version 1 WHEN the first saves
    THEN the second's save (still against version 1) is refused, changes nothing and
    leaves no audit row."""
    dossier_id = store_dossier(store, testdata)
    name_id, number_id = field_id(store, dossier_id, "name"), field_id(store, dossier_id, "id_number")
    with store.session() as session:
        correct_field(session, number_id, "019085012346", OFFICER, expected_version=1)
    with pytest.raises(ConflictError, match="version 2"), store.session() as session:
        correct_field(session, name_id, "NGUYỄN VĂN BÌNH", Actor("Lê Văn Cường", 7),
                      expected_version=1)
    with store.read_session() as session:
        dossier = get_dossier(session, dossier_id)
        names = [v.value for v in dossier.pages[0].fields if v.key == "name"]
        assert dossier.version == 2 and names == ["NGUYỄN VĂN AN"]
        assert list_audit(session, "field", name_id) == []


def test_approval_needs_the_current_version_and_freezes_the_dossier(store: Store, testdata: Path):
    dossier_id = store_dossier(store, testdata)
    name_id = field_id(store, dossier_id, "name")
    with pytest.raises(ConflictError), store.session() as session:
        approve_dossier(session, dossier_id, OFFICER, expected_version=5)
    with store.session() as session:
        approved = approve_dossier(session, dossier_id, OFFICER, expected_version=1, unit=UNIT)
    assert (approved.state, approved.version, approved.approved_by) == (
        DossierState.APPROVED, 2, "Trần Thị Bình")
    with pytest.raises(ConflictError, match="approved"), store.session() as session:
        correct_field(session, name_id, "X", OFFICER, expected_version=2)
    with pytest.raises(ConflictError), store.session() as session:
        approve_dossier(session, dossier_id, OFFICER, expected_version=2)
    with store.read_session() as session:
        (entry,) = list_audit(session, "dossier", dossier_id)
        assert (entry.old_value, entry.new_value) == ({"state": "ready"}, {"state": "approved"})
        assert list_events(session)[-1].type == "dossier.approved"


def test_an_unassigned_dossier_is_listed_and_can_be_assigned(store: Store, testdata: Path):
    dossier_id = store_dossier(store, testdata, code=None)
    with store.session() as session:
        record = ensure_record_for_receipt(session, CODE, UNIT)
    with store.read_session() as session:
        unassigned, total = list_dossiers(session, unassigned=True, unit=UNIT)
        assert total == 1 and unassigned[0].id == dossier_id
    with store.session() as session:
        dossier = assign_dossier(session, dossier_id, record, OFFICER, expected_version=1)
    assert dossier.record.dossier_code == CODE and dossier.version == 2
    with store.read_session() as session:
        assert list_dossiers(session, unassigned=True)[1] == 0
        assert list_dossiers(session, record_id=record.id)[1] == 1


def test_other_units_dossiers_and_fields_are_not_found(store: Store, testdata: Path):
    dossier_id = store_dossier(store, testdata)
    name_id = field_id(store, dossier_id, "name")
    with pytest.raises(NotFoundError), store.read_session() as session:
        get_dossier(session, dossier_id, unit="38.98.H29")
    with pytest.raises(NotFoundError), store.session() as session:
        correct_field(session, name_id, "X", OFFICER, expected_version=1, unit="38.98.H29")
