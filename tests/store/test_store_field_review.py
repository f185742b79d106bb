"""Officers checking fields, on SQLite and PostgreSQL: a confirmation is kept in the store
(checked everywhere, audited, the version left alone), corrections follow the value
rules (length, dates typed dd/mm/yyyy kept as ISO, empty allowed), and a dossier with
no record cannot be approved."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.store import (
    Actor,
    ConflictError,
    InvalidValueError,
    PageInput,
    QueueFilter,
    Store,
    add_dossier_with_pages,
    approve_dossier,
    correct_field,
    ensure_record_for_receipt,
    get_dossier,
    list_audit,
    list_events,
    review_queue,
)
from intake.store.dossiers import FieldChangedError, UnassignedDossierError, confirm_field
from intake.store.field_values import (
    MAX_VALUE_LENGTH,
    InvalidDateError,
    ValueTooLongError,
    normalise_field_value,
)
from ocr.model import Field

CODE = "000.00.19.H55-240419-0001"
UNIT = "000.00.19.H55"
OFFICER = Actor("Trần Thị Bình")
OTHER = Actor("Lê Văn Cường")
THRESHOLD = 0.9


def store_dossier(store: Store, code: str | None = CODE) -> dict[str, int]:
    """GIVEN a ready dossier whose page reads a sure name, a doubtful date of birth and an
    ID number with a failed cross-check: the ids of its fields by key, and ``dossier``."""
    fields = {"name": Field("NGUYỄN VĂN AN", 0.97, (10, 10, 90, 30)),
              "dob": Field("1985-02-03", 0.55, (10, 40, 90, 60)),
              "id_number": Field("019085012345", 0.95, None,
                                 warnings=("id_birth_year_mismatch",))}
    with store.session() as session:
        record = ensure_record_for_receipt(session, code, UNIT) if code else None
        dossier = add_dossier_with_pages(session, [PageInput(number=1, fields=fields)],
                                         record=record, unit_code=UNIT)
        return {"dossier": dossier.id, **{v.key: v.id for v in dossier.pages[0].fields}}


def to_check(store: Store, dossier_id: int, assigned: bool = True) -> int:
    with store.read_session() as session:
        page = review_queue(session, QueueFilter(unit=UNIT), confidence=THRESHOLD,
                            assigned=assigned)
    return next(row.fields_to_check for row in page.rows if row.dossier_id == dossier_id)


def test_a_confirmation_is_kept_counted_as_checked_and_audited_without_a_new_version(
        store: Store):
    """GIVEN a dossier with two fields to check WHEN an officer confirms the date of birth
    as read THEN the queue counts one field left, the field is checked with who and when,
    the audit says so, the version stays 1 and no event is announced."""
    ids = store_dossier(store)
    assert to_check(store, ids["dossier"]) == 2
    with store.read_session() as session:
        events_before = len(list_events(session))
    with store.session() as session:
        confirmed = confirm_field(session, ids["dob"], "1985-02-03", OFFICER, unit=UNIT)
        assert confirmed.checked and not confirmed.corrected
    assert to_check(store, ids["dossier"]) == 1
    with store.read_session() as session:
        dossier = get_dossier(session, ids["dossier"])
        dob = next(v for v in dossier.pages[0].fields if v.key == "dob")
        (entry,) = list_audit(session, "field", ids["dob"])
        assert dossier.version == 1 and len(list_events(session)) == events_before
    assert (dob.confirmed_by, dob.value, dob.checked) == ("Trần Thị Bình", "1985-02-03", True)
    assert (entry.action, entry.actor, entry.old_value) == (
        "field.confirmed", "Trần Thị Bình", None)
    assert entry.new_value == {"dossier_id": ids["dossier"], "key": "dob", "value": "1985-02-03"}
    with store.session() as session:  # confirming again changes nothing
        again = confirm_field(session, ids["dob"], "1985-02-03", OTHER)
        assert again.confirmed_by == "Trần Thị Bình"
    with store.read_session() as session:
        assert len(list_audit(session, "field", ids["dob"])) == 1


def test_a_correction_counts_as_checked_and_a_confirmation_does_not_make_pages_stale(
        store: Store):
    """GIVEN two officers who opened the dossier at version 1 WHEN one confirms the date of
    birth THEN the other can still correct the ID number against version 1, and then the
    dossier has nothing left to check."""
    ids = store_dossier(store)
    with store.session() as session:
        confirm_field(session, ids["dob"], "1985-02-03", OFFICER)
    with store.session() as session:
        correct_field(session, ids["id_number"], "019085012346", OTHER, expected_version=1)
    assert to_check(store, ids["dossier"]) == 0


def test_a_confirmation_of_a_value_changed_since_is_refused(store: Store):
    """GIVEN an officer who saw the date of birth 1985-02-03 WHEN another officer corrects
    it to 1985-03-02 first THEN the first one's confirmation is refused (field_changed)
    and the field counts as checked only by the correction."""
    ids = store_dossier(store)
    with store.session() as session:
        correct_field(session, ids["dob"], "1985-03-02", OTHER, expected_version=1)
    with pytest.raises(FieldChangedError, match="1985-03-02") as refused, \
            store.session() as session:
        confirm_field(session, ids["dob"], "1985-02-03", OFFICER)
    assert isinstance(refused.value, ConflictError) and refused.value.code == "field_changed"
    with store.read_session() as session:
        dob = next(v for v in get_dossier(session, ids["dossier"]).pages[0].fields
                   if v.key == "dob")
        assert (dob.confirmed_at, dob.corrected) == (None, True)
        assert [e.action for e in list_audit(session, "field", ids["dob"])] == ["field.corrected"]


def test_an_approved_dossier_takes_no_confirmation(store: Store):
    ids = store_dossier(store)
    with store.session() as session:
        approve_dossier(session, ids["dossier"], OFFICER, expected_version=1)
    with pytest.raises(ConflictError, match="approved"), store.session() as session:
        confirm_field(session, ids["dob"], "1985-02-03", OFFICER)


def test_a_dossier_attached_to_no_record_cannot_be_approved(store: Store):
    """GIVEN an unassigned ready dossier WHEN it is approved THEN UnassignedDossierError
    (a conflict of its own code), and it stays ready at version 1 with no audit row."""
    ids = store_dossier(store, code=None)
    with pytest.raises(UnassignedDossierError) as refused, store.session() as session:
        approve_dossier(session, ids["dossier"], OFFICER, expected_version=1)
    assert (refused.value.code, refused.value.http_status) == ("unassigned", 409)
    with store.read_session() as session:
        dossier = get_dossier(session, ids["dossier"])
        assert (dossier.state, dossier.version) == ("ready", 1)
        assert list_audit(session, "dossier", ids["dossier"]) == []


def test_corrections_keep_typed_dates_as_iso_allow_empty_and_refuse_the_impossible(
        store: Store):
    ids = store_dossier(store)
    version = 1
    for typed, kept in (("03/02/1986", "1986-02-03"), (" 3-2-1987 ", "1987-02-03"),
                        ("1988-2-3", "1988-02-03"), ("1950", "1950"), ("", "")):
        with store.session() as session:
            assert correct_field(session, ids["dob"], typed, OFFICER, version).value == kept
        version += 1
    for typed in ("31/02/1985", "13/13/1985", "mùng 3 tháng 2", "03/02/0985"):
        with pytest.raises(InvalidDateError), store.session() as session:
            correct_field(session, ids["dob"], typed, OFFICER, version)
    with pytest.raises(ValueTooLongError) as too_long, store.session() as session:
        correct_field(session, ids["name"], "A" * (MAX_VALUE_LENGTH + 1), OFFICER, version)
    assert isinstance(too_long.value, InvalidValueError) and too_long.value.http_status == 422
    with store.session() as session:  # not a date field: kept as typed, only trimmed
        assert correct_field(session, ids["name"], " 03/02/1985 ", OFFICER, version).value == \
            "03/02/1985"
    with store.read_session() as session:
        assert get_dossier(session, ids["dossier"]).version == version + 1


def test_value_rules_by_themselves():
    assert normalise_field_value("signed_date", "29.02.2024") == "2024-02-29"
    assert normalise_field_value("issue_date", "01/07/2021") == "2021-07-01"
    assert normalise_field_value("name", "  Nguye\u0302\u0303n  ") == "Nguyễn"  # NFC
    assert normalise_field_value("address", "x" * MAX_VALUE_LENGTH) == "x" * MAX_VALUE_LENGTH
    with pytest.raises(InvalidDateError):
        normalise_field_value("signed_date", "29/02/2023")
    # an ID card's expiry: a date, or the card's "no time limit" however its marks were typed
    assert normalise_field_value("expiry_date", "05/06/2038") == "2038-06-05"
    assert normalise_field_value("expiry_date", "khong thoi han") == "Không thời hạn"
    with pytest.raises(InvalidDateError):
        normalise_field_value("expiry_date", "mãi mãi")
