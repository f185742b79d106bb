"""Search over dossiers and records, on SQLite (FTS5) and PostgreSQL (tsvector + GIN):
the same queries must give the same hits in the same order on both.

Page text and fields are the ground truth of the sample batch (samples/batch/truth.json):
what the pipeline reads from those scans when it reads them right.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, event, insert, select, text
from sqlalchemy.orm import Session

from intake.store import (
    Actor,
    PageInput,
    Store,
    add_dossier_with_pages,
    assign_dossier,
    correct_field,
    get_dossier,
    open_store,
    upsert_record,
)
from intake.store.engine import make_engine, migrate_schema
from intake.store.search import find_records, search_dossiers
from intake.store.search_index import index_dossier, reindex_all
from intake.store.tables import Dossier, DossierSearch, FieldValue, Page, Record, RecordSearch
from ocr.model import Field

TRUTH = Path(__file__).resolve().parents[2] / "samples" / "batch" / "truth.json"
HOA = "38.98.H29-240101-009474"  # Nguyễn Ngọc Hoa, marital status certificate
TUAN = "512.05.H40-251203-03924"  # Ngô Hữu Tuấn, permanent residence
KHANH = "H15.50.05.13-240110-4490"  # Nguyễn Xuân Khánh, copies of papers
OFFICER = Actor("Lê Thị Mai", None)


def truth_pages(dossier_code: str) -> list[PageInput]:
    """The pages with text of one dossier of the sample batch, as the pipeline stores them."""
    files = json.loads(TRUTH.read_text(encoding="utf-8"))["files"]
    pages = [page for file in files for page in file["pages"]
             if page["dossier_code"] == dossier_code and page["text"]]
    return [PageInput(number=n, text=page["text"], document_type=page["document_type"],
                      fields={key: Field(value, 0.9, None)
                              for key, value in page["fields"].items()})
            for n, page in enumerate(pages, start=1)]


def unit_of(dossier_code: str) -> str:
    return dossier_code.rsplit("-", 2)[0]


def add_record_with_dossier(store: Store, dossier_code: str, applicant_name: str | None = None,
                            id_number: str | None = None,
                            pages: list[PageInput] | None = None) -> int:
    with store.session() as session:
        record = upsert_record(session, dossier_code, unit_code=unit_of(dossier_code),
                               applicant_name=applicant_name, applicant_id_number=id_number)
        return add_dossier_with_pages(session, pages or truth_pages(dossier_code),
                                      record=record).id


def add_unassigned(store: Store, unit: str, page_text: str, fields: dict[str, str]) -> int:
    page = PageInput(number=1, text=page_text,
                     fields={key: Field(value, 0.8, None) for key, value in fields.items()})
    with store.session() as session:
        return add_dossier_with_pages(session, [page], unit_code=unit).id


def search(store: Store, query: str, **options) -> list[tuple[str | None, str]]:
    """(dossier code, how it matched) of each hit, in order."""
    with store.read_session() as session:
        return [(hit.dossier_code, str(hit.matched))
                for hit in search_dossiers(session, query, **options)]


def name_form_pages(name: str) -> list[PageInput]:
    text = (f"TỜ KHAI\nHọ, chữ đệm và tên: {name.upper()}\n"
            "Nơi cư trú: phường Hưng Dũng, thành phố Vinh")
    return [PageInput(number=1, text=text, fields={"name": Field(name.upper(), 0.9, None)})]


def test_a_name_is_found_with_either_tone_placement_and_exact_accents_first(store: Store):
    """GIVEN applicants spelt "Hoà" (new placement), "Hòa" (old) and "Hoa" (another
    name) WHEN an officer types "Trần Thị Hòa" THEN both spellings of Hòa come first
    (newest first), then Hoa; typed without accents, all three come newest first."""
    codes = ["38.98.H29-240102-000001", "38.98.H29-240102-000002", "38.98.H29-240102-000003"]
    for code, name in zip(codes, ["Trần Thị Hoà", "Trần Thị Hòa", "Trần Thị Hoa"]):
        add_record_with_dossier(store, code, name, pages=name_form_pages(name))

    expected = [(codes[1], "name"), (codes[0], "name"), (codes[2], "name")]
    assert search(store, "Trần Thị Hòa") == expected
    assert search(store, "TRẦN THỊ HOÀ") == expected
    assert search(store, "tran thi hoa") == [(code, "name") for code in reversed(codes)]
    assert search(store, "Trần Thị Hoa") == [(codes[2], "name"), (codes[1], "name"),
                                             (codes[0], "name")]
    with store.read_session() as session:
        records = find_records(session, "trần thị hòa")
    assert [record.dossier_code for record in records] == [codes[1], codes[0], codes[2]]


def test_words_find_names_without_accents_and_page_text(store: Store):
    for code in (HOA, TUAN, KHANH):
        add_record_with_dossier(store, code)

    # Nguyễn Ngọc Hoa is the applicant; the receiving officer NGUYỄN NGỌC YẾN signed Tuấn's receipt
    assert search(store, "nguyen ngoc") == [(HOA, "name"), (TUAN, "text")]
    assert search(store, "Nguyễn Xuân Kh")[0] == (KHANH, "name")  # the last word as a prefix
    # Tuấn's statement asks for a marital status certificate too; newest first
    assert search(store, "xác nhận tình trạng hôn nhân") == [(TUAN, "text"), (HOA, "text")]
    assert search(store, "hôn nhân Lạng Sơn") == []  # every word must match
    assert search(store, "phường Đông Thọ, Thanh Hoá") == [(KHANH, "text")]  # printed "Hóa"
    with store.read_session() as session:
        hit = search_dossiers(session, "tình trạng hôn nh", unit=unit_of(HOA))[0]
    assert "tình trạng hôn nhân" in hit.snippet and "\n" not in hit.snippet
    # the record does not name the applicant: the pages do
    assert (hit.applicant_name, hit.id_number, hit.page_count) == ("NGUYỄN NGỌC HOA",
                                                                   "096183612445", 4)


def test_codes_and_pieces_of_codes_find_by_code(store: Store):
    """GIVEN codes ending in 0001 and 00012 WHEN an officer types "0001" THEN both are
    found by code, the one whose code ends on the whole piece first."""
    for code in (HOA, TUAN):
        add_record_with_dossier(store, code)
    whole = add_record_with_dossier(store, "H15.50.05.13-240419-0001", "Phạm Văn Long",
                                    pages=name_form_pages("Phạm Văn Long"))
    longer = add_record_with_dossier(store, "H15.50.05.13-240419-00012", "Vũ Thị Lan",
                                     pages=name_form_pages("Vũ Thị Lan"))
    assert whole < longer

    assert search(store, HOA) == [(HOA, "code")]
    assert search(store, "240101-009474") == [(HOA, "code")]
    assert search(store, "009474") == [(HOA, "code")]
    assert search(store, "38.98.H29-2401") == [(HOA, "code")]
    assert search(store, "0001") == [("H15.50.05.13-240419-0001", "code"),
                                     ("H15.50.05.13-240419-00012", "code")]
    # a procedure code looks like a code but is one only in the page text
    assert search(store, "1.004873") == [(HOA, "text")]


def test_id_numbers_find_by_id_number_and_in_the_page_text(store: Store):
    add_record_with_dossier(store, HOA, "Nguyễn Ngọc Hoa", "096183612445")
    add_record_with_dossier(store, TUAN)  # the ID comes from the form's field only
    cmnd = add_unassigned(store, "38.98.H29", "GIẤY ỦY QUYỀN\nBên ủy quyền: LÝ THỊ MAI\n"
                          "Số CMND: 186 543 210", {"name": "LÝ THỊ MAI", "id_number": "186543210"})

    assert search(store, "096183612445") == [(HOA, "id_number")]
    assert search(store, "096 183 612445") == [(HOA, "id_number")]
    assert search(store, "022067835857") == [(TUAN, "id_number")]
    # a household member listed on Tuấn's form: in the text, not an ID of the dossier
    assert search(store, "020095543704") == [(TUAN, "text")]
    with store.read_session() as session:
        [hit] = search_dossiers(session, "186543210")
    assert (hit.dossier_id, hit.dossier_code, hit.matched) == (cmnd, None, "id_number")
    assert (hit.applicant_name, hit.id_number) == ("LÝ THỊ MAI", "186543210")


def test_search_is_scoped_to_the_unit(store: Store):
    for code in (HOA, TUAN, KHANH):
        add_record_with_dossier(store, code)
    assert search(store, "nguyen", unit=unit_of(TUAN)) == [(TUAN, "text")]
    assert search(store, HOA, unit=unit_of(TUAN)) == []
    assert [hit for hit, _ in search(store, "nguyen")] == [KHANH, HOA, TUAN]
    assert search(store, "nguyen", limit=1, offset=1) == [(HOA, "name")]
    with store.read_session() as session:
        assert [r.dossier_code for r in find_records(session, "nguyen", unit=unit_of(KHANH))] == []
        assert [r.dossier_code for r in find_records(session, "0001", unit=unit_of(KHANH))] == []


def test_the_index_follows_a_correction_and_an_assignment(store: Store):
    """GIVEN an unassigned dossier whose name OCR misread ("AH") WHEN an officer corrects
    the name and then assigns it to its record THEN the new name finds it, and so does
    the record's code."""
    dossier_id = add_unassigned(store, "000.00.19.H55", "TỜ KHAI\nHọ và tên: NGUYỄN VĂN AH",
                                {"name": "NGUYỄN VĂN AH"})
    assert search(store, "Nguyễn Văn An") == []
    with store.session() as session:
        dossier = get_dossier(session, dossier_id)
        name_field = dossier.pages[0].fields[0].id
        correct_field(session, name_field, "NGUYỄN VĂN AN", OFFICER, dossier.version)
    assert search(store, "Nguyễn Văn An") == [(None, "name")]
    assert search(store, "nguyen van ah") == [(None, "text")]  # still in the page text

    code = "000.00.19.H55-240419-0007"
    with store.session() as session:
        record = upsert_record(session, code, unit_code="000.00.19.H55")
        assert search_dossiers(session, "240419-0007") == []
        version = get_dossier(session, dossier_id).version
        assign_dossier(session, dossier_id, record, OFFICER, version)
    assert search(store, "240419-0007") == [(code, "code")]
    assert search(store, "Nguyễn Văn An") == [(code, "name")]


def test_a_new_applicant_name_reaches_the_records_dossiers(store: Store):
    add_record_with_dossier(store, KHANH)
    with store.session() as session:
        upsert_record(session, KHANH, unit_code=unit_of(KHANH), applicant_name="Đặng Thị Thuý",
                      applicant_id_number="001190012345")
    assert search(store, "Đặng Thị Thúy") == [(KHANH, "name")]
    assert search(store, "001190012345") == [(KHANH, "id_number")]
    with store.read_session() as session:
        [record] = find_records(session, "dang thi thuy")
    assert record.dossier_code == KHANH and len(record.dossiers) == 1


def test_find_records_finds_records_without_dossiers(store: Store):
    with store.session() as session:
        upsert_record(session, "38.98.H29-240415-000321", unit_code="38.98.H29",
                      applicant_name="Hoàng Minh Thuý", applicant_id_number="040089001234")
        upsert_record(session, "38.98.H29-240415-000322", unit_code="38.98.H29",
                      applicant_name="Hoàng Minh Thùy")
        upsert_record(session, "H15.50.05.13-240415-000321", unit_code="H15.50.05.13",
                      applicant_name="Hoàng Minh Thúy")

    def found(query: str, unit: str | None = None) -> list[str]:
        with store.read_session() as session:
            return [record.dossier_code for record in find_records(session, query, unit=unit)]

    # Thuý and Thúy are one name in two tone placements; Thùy is another name
    assert found("hoàng minh thúy", unit="38.98.H29") == ["38.98.H29-240415-000321",
                                                          "38.98.H29-240415-000322"]
    assert found("Hoàng Minh Thuý") == ["H15.50.05.13-240415-000321", "38.98.H29-240415-000321",
                                        "38.98.H29-240415-000322"]
    assert found("hoang minh thuy") == ["H15.50.05.13-240415-000321", "38.98.H29-240415-000322",
                                        "38.98.H29-240415-000321"]
    assert found("040089001234") == ["38.98.H29-240415-000321"]
    assert found("240415-000321") == ["H15.50.05.13-240415-000321", "38.98.H29-240415-000321"]
    assert found("Hoàng Minh Khánh") == []
    with store.read_session() as session:
        assert search_dossiers(session, "hoang minh") == []  # records, not dossiers


def test_removed_pages_leave_the_index(store: Store):
    dossier_id = add_record_with_dossier(store, HOA)
    assert search(store, "Trích lục khai tử") == [(HOA, "text")]
    with store.session() as session:
        page = session.scalars(select(Page).where(Page.dossier_id == dossier_id,
                                                  Page.number == 3)).one()
        page.removed = True
        index_dossier(session, dossier_id)
    assert search(store, "Trích lục khai tử") == []


def test_reindex_all_rebuilds_the_same_documents(store: Store):
    for code in (HOA, TUAN, KHANH):
        add_record_with_dossier(store, code)
    add_unassigned(store, "38.98.H29", "Bên ủy quyền: LÝ THỊ MAI", {"name": "LÝ THỊ MAI"})
    with store.session() as session:
        upsert_record(session, "38.98.H29-240415-000321", unit_code="38.98.H29",
                      applicant_name="Hoàng Minh Thuý")
    before = _documents(store)
    with store.session() as session:
        session.execute(delete(DossierSearch))
        session.execute(delete(RecordSearch))
    assert search(store, "nguyen") == []
    with store.session() as session:
        assert reindex_all(session) == (4, 4)
    assert _documents(store) == before
    assert [code for code, _ in search(store, "nguyen")] == [KHANH, HOA, TUAN]


def test_reindex_all_rebuilds_an_fts5_table_out_of_step(tmp_path: Path):
    """GIVEN a SQLite store whose FTS5 table lost its entries (e.g. a copy of the file
    taken mid-way) WHEN the index is rebuilt THEN search finds the dossiers again."""
    store = open_store(f"sqlite:///{tmp_path / 'intake.db'}", tmp_path / "data")
    try:
        add_record_with_dossier(store, HOA)
        with store.session() as session:
            session.execute(text("INSERT INTO dossier_search_fts(dossier_search_fts) "
                                 "VALUES ('delete-all')"))
        assert search(store, "nguyen ngoc hoa") == []
        with store.session() as session:
            reindex_all(session)
        assert search(store, "nguyen ngoc hoa") == [(HOA, "name")]
    finally:
        store.close()


def _documents(store: Store) -> list[tuple]:
    with store.read_session() as session:
        return ([tuple(row) for row in session.execute(
                    select(DossierSearch.__table__).order_by(DossierSearch.dossier_id))]
                + [tuple(row) for row in session.execute(
                    select(RecordSearch.__table__).order_by(RecordSearch.record_id))])


def test_the_migration_indexes_what_was_stored_before(database_url: str, tmp_path: Path):
    """GIVEN a database at revision 0003 holding a record with a dossier and an
    unassigned dossier WHEN it is migrated to the head THEN both are found."""
    engine = make_engine(database_url)
    try:
        migrate_schema(engine, "0003")
        with engine.begin() as connection:
            record_id = connection.execute(insert(Record).values(
                dossier_code=HOA, unit_code="38.98.H29", applicant_name="Nguyễn Ngọc Hoa",
                applicant_id_number="096183612445", status=2).returning(Record.id)).scalar_one()
            for owner, page in ((record_id, truth_pages(HOA)[1]),
                                (None, name_form_pages("Lý Thị Mai")[0])):
                dossier_id = connection.execute(insert(Dossier).values(
                    record_id=owner, unit_code="38.98.H29", kind="submission", state="ready",
                    page_count=1, version=1).returning(Dossier.id)).scalar_one()
                page_id = connection.execute(insert(Page).values(
                    dossier_id=dossier_id, number=1, original_number=1, text=page.text)
                    .returning(Page.id)).scalar_one()
                connection.execute(insert(FieldValue), [
                    {"page_id": page_id, "key": key, "value": value.value, "confidence": 0.9,
                     "warnings": [], "corrected": False} for key, value in page.fields.items()])
        migrate_schema(engine)
        with Session(engine) as session:
            assert [(hit.dossier_code, hit.matched) for hit in
                    search_dossiers(session, "096183612445")] == [(HOA, "id_number")]
            assert [(hit.dossier_code, hit.matched) for hit in
                    search_dossiers(session, "ly thi mai")] == [(None, "name")]
            assert [record.dossier_code for record in
                    find_records(session, "nguyen ngoc hoa")] == [HOA]
    finally:
        engine.dispose()


def test_the_search_uses_the_full_text_index(store: Store):
    """WHEN a search runs THEN its query reads the FTS5 table (SQLite) or can use the GIN
    index (PostgreSQL, sequential scans switched off: a handful of rows would make a
    scan the cheaper plan)."""
    add_record_with_dossier(store, HOA)
    statements: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "_search" in statement:
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        with store.read_session() as session:
            search_dossiers(session, "tình trạng hôn nhân")
            find_records(session, "nguyen ngoc hoa")
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert len(statements) == 2
    with store.read_session() as session:
        cursor = session.connection().connection.driver_connection.cursor()
        postgres = store.engine.dialect.name == "postgresql"
        if postgres:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for statement, parameters in statements:
            cursor.execute(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement,
                           parameters)
            plan = "\n".join(str(row) for row in cursor.fetchall())
            if postgres:
                assert "ix_dossier_search_search_vector" in plan or \
                    "ix_record_search_search_vector" in plan, plan
            else:
                assert "_search_fts VIRTUAL TABLE INDEX 0:M" in plan, plan
