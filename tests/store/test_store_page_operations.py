"""Officers' page operations on stored dossiers: turn, move, remove, restore, on SQLite
and PostgreSQL, with the dossier PDF rebuilt in the blob store.

The dossier's PDF is a real one made by ``intake.bundle`` from three real scans of the
shared test data; each page's image stream names the page it came from, so the
rebuilt PDF's order is read from the images themselves.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from intake.bundle import BundlePage, DossierMeta, build_dossier_pdf, encode_page_image
from intake.store import (
    Actor,
    ConflictError,
    InvalidValueError,
    LastPageError,
    NotFoundError,
    PageInput,
    Store,
    add_dossier_with_pages,
    approve_dossier,
    ensure_record_for_receipt,
    get_dossier,
    list_audit,
    list_events,
    move_page,
    remove_page,
    restore_dossier,
    restore_page,
    turn_page,
)
from intake.store.page_operations import (
    PageAlreadyRemovedError,
    PageNotRemovedError,
    PageRemovedError,
)
from intake.store.search import search_dossiers
from intake.store.tables import utcnow
from ocr.model import Field

CODE = "000.00.19.H55-240419-0001"
UNIT = "000.00.19.H55"
OFFICER = Actor("Trần Thị Bình", None)
SCANS = ("tesseract-ocr-test/testing/phototest.tif", "tesseract-ocr-test/testing/eurotext.tif",
         "unpaper/tests/source_images/imgsrc001.png")


@pytest.fixture(scope="module")
def dossier_pdf(testdata: Path) -> bytes:
    """GIVEN a three-page dossier PDF, as the pipeline makes it, of three different scans."""
    pages = []
    for name in SCANS:
        with Image.open(testdata / name) as picture:
            pixels = np.asarray(picture.convert("L").resize((picture.width // 2,
                                                             picture.height // 2)))
        pages.append(BundlePage(encode_page_image(pixels, 150, bilevel=False, has_colour=False)))
    return build_dossier_pdf(pages, DossierMeta(CODE, utcnow()))


PAGE_WORDS = ("mở đầu", "khai sinh", "cam đoan")


def store_dossier(store: Store, pdf: bytes, *, ready: bool = True) -> int:
    """The dossier as a worker stores it: its PDF in blobs, three pages, a field on page 1."""
    pdf_sha = store.blobs.put(pdf)
    pages = [PageInput(number=n, source_page=n, text=f"trang {PAGE_WORDS[n - 1]}", width=320, height=240,
                       fields={"name": Field("NGUYỄN VĂN AN", 0.97, (10, 20, 110, 40))} if n == 1
                       else {}) for n in (1, 2, 3)]
    with store.session() as session:
        record = ensure_record_for_receipt(session, CODE, UNIT)
        return add_dossier_with_pages(session, pages, record=record,
                                      pdf_sha=pdf_sha if ready else None, ready=ready).id


def pdf_layout(store: Store, pdf_sha: str, original: bytes) -> list[tuple[int, int]]:
    """(original page number, /Rotate) of each page of blob ``pdf_sha``."""
    def images(data: bytes) -> list[tuple[bytes, int]]:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return [(next(iter(page.get_images().values())).read_raw_bytes(),
                     int(page.obj.get("/Rotate", 0))) for page in pdf.pages]

    originals = [image for image, _ in images(original)]
    with store.blobs.open(pdf_sha) as stream:
        return [(originals.index(image) + 1, rotate) for image, rotate in images(stream.read())]


def page_rows(store: Store, dossier_id: int) -> list[tuple[int, int, int, bool]]:
    """(number, original_number, turn, removed) of every page, in number order."""
    with store.read_session() as session:
        return [(p.number, p.original_number, p.turn, p.removed)
                for p in get_dossier(session, dossier_id).pages]


def test_turning_a_page_rebuilds_the_pdf_audits_and_announces(store: Store, dossier_pdf: bytes):
    """WHEN page 2 is turned 90 degrees THEN its turn is 90, the version 2, the new PDF
    has page 2 at /Rotate 90 (the others untouched, all three kept), the pipeline's PDF
    is still there unchanged, and the change is audited and announced."""
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        dossier = turn_page(session, store.blobs, dossier_id, 2, 90, OFFICER, expected_version=1)
        page_id = dossier.pages[1].id
    assert (dossier.version, dossier.page_count) == (2, 3)
    assert dossier.pdf_sha != dossier.original_pdf_sha
    assert pdf_layout(store, dossier.pdf_sha, dossier_pdf) == [(1, 0), (2, 90), (3, 0)]
    with store.blobs.open(dossier.original_pdf_sha) as stream:
        assert stream.read() == dossier_pdf
    assert page_rows(store, dossier_id) == [(1, 1, 0, False), (2, 2, 90, False), (3, 3, 0, False)]
    with store.read_session() as session:
        (entry,) = list_audit(session, "page", page_id)
        event = list_events(session)[-1]
    assert (entry.actor, entry.action) == ("Trần Thị Bình", "page.turned")
    assert entry.old_value == {"dossier_id": dossier_id, "number": 2, "turn": 0,
                               "pdf_sha": dossier.original_pdf_sha}
    assert entry.new_value == {"dossier_id": dossier_id, "number": 2, "turn": 90,
                               "pdf_sha": dossier.pdf_sha}
    assert event.type == "dossier.pages_changed" and event.unit_code == UNIT
    assert {k: event.payload[k] for k in ("dossier_id", "version", "pdf_sha", "action")} == {
        "dossier_id": dossier_id, "version": 2, "pdf_sha": dossier.pdf_sha,
        "action": "page.turned"}


def test_turns_add_up_and_a_full_circle_is_the_pipelines_pdf_again(store: Store,
                                                                    dossier_pdf: bytes):
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        turn_page(session, store.blobs, dossier_id, 1, 180, OFFICER, expected_version=1)
    with store.session() as session:
        dossier = turn_page(session, store.blobs, dossier_id, 1, 90, OFFICER, expected_version=2)
    assert pdf_layout(store, dossier.pdf_sha, dossier_pdf)[0] == (1, 270)
    with store.session() as session:
        dossier = turn_page(session, store.blobs, dossier_id, 1, 90, OFFICER, expected_version=3)
    assert dossier.pdf_sha == dossier.original_pdf_sha and dossier.version == 4


def test_moving_a_page_renumbers_all_pages_and_fields_stay_with_their_page(store: Store,
                                                                           dossier_pdf: bytes):
    """WHEN page 3 moves to place 1 THEN the pages are 3, 1, 2 in the rows and the PDF,
    and page 1's field is now on place 2 (UNIQUE(dossier_id, number) holds throughout)."""
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        dossier = move_page(session, store.blobs, dossier_id, 3, 1, OFFICER, expected_version=1)
        moved_id = dossier.pages[0].id
    assert [p.original_number for p in dossier.pages] == [3, 1, 2]
    assert page_rows(store, dossier_id) == [(1, 3, 0, False), (2, 1, 0, False), (3, 2, 0, False)]
    assert pdf_layout(store, dossier.pdf_sha, dossier_pdf) == [(3, 0), (1, 0), (2, 0)]
    with store.read_session() as session:
        second = get_dossier(session, dossier_id).pages[1]
        assert [f.value for f in second.fields] == ["NGUYỄN VĂN AN"]
        (entry,) = list_audit(session, "page", moved_id)
    assert (entry.action, entry.old_value["number"], entry.new_value["number"]) == (
        "page.moved", 3, 1)
    with store.session() as session:
        dossier = move_page(session, store.blobs, dossier_id, 1, 3, OFFICER, expected_version=2)
    assert dossier.pdf_sha == dossier.original_pdf_sha  # 1, 2, 3 again


def test_removing_and_restoring_a_page(store: Store, dossier_pdf: bytes):
    """WHEN page 2 is removed THEN it keeps its place in the rows but is not in the PDF,
    and page_count is 2; WHEN restored THEN the PDF is the pipeline's again."""
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        dossier = remove_page(session, store.blobs, dossier_id, 2, OFFICER, expected_version=1)
        page_id = dossier.pages[1].id
    assert (dossier.page_count, dossier.version) == (2, 2)
    assert page_rows(store, dossier_id) == [(1, 1, 0, False), (2, 2, 0, True), (3, 3, 0, False)]
    assert pdf_layout(store, dossier.pdf_sha, dossier_pdf) == [(1, 0), (3, 0)]
    with store.session() as session:
        dossier = restore_page(session, store.blobs, dossier_id, 2, OFFICER, expected_version=2)
    assert (dossier.page_count, dossier.pdf_sha) == (3, dossier.original_pdf_sha)
    with store.read_session() as session:
        actions = [(e.action, e.old_value["removed"], e.new_value["removed"])
                   for e in list_audit(session, "page", page_id)]
        events = [e.payload["action"] for e in list_events(session)
                  if e.type == "dossier.pages_changed"]
    assert actions == [("page.restored", True, False), ("page.removed", False, True)]
    assert events == ["page.removed", "page.restored"]


def test_the_last_kept_page_cannot_be_removed(store: Store, dossier_pdf: bytes):
    """GIVEN pages 1 and 3 removed WHEN page 2 is removed THEN LastPageError (a conflict),
    and nothing changed: version, rows, PDF, audit."""
    dossier_id = store_dossier(store, dossier_pdf)
    for version, number in ((1, 1), (2, 3)):
        with store.session() as session:
            dossier = remove_page(session, store.blobs, dossier_id, number, OFFICER, version)
    with pytest.raises(LastPageError, match="at least one page") as refused, \
            store.session() as session:
        remove_page(session, store.blobs, dossier_id, 2, OFFICER, expected_version=3)
    assert isinstance(refused.value, ConflictError) and refused.value.code == "last_page"
    with store.read_session() as session:
        after = get_dossier(session, dossier_id)
        assert (after.version, after.page_count, after.pdf_sha) == (3, 1, dossier.pdf_sha)
        assert list_audit(session, "page", after.pages[1].id) == []
    assert pdf_layout(store, dossier.pdf_sha, dossier_pdf) == [(2, 0)]


def test_a_stale_version_is_a_conflict_and_changes_nothing(store: Store, dossier_pdf: bytes):
    """GIVEN two officers at version 1 WHEN the first turns page 1 THEN the second's
    removal (still against version 1) is refused and leaves no trace."""
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        turned = turn_page(session, store.blobs, dossier_id, 1, 90, OFFICER, expected_version=1)
    with pytest.raises(ConflictError, match="version 2"), store.session() as session:
        remove_page(session, store.blobs, dossier_id, 3, Actor("Lê Văn Cường", None), 1)
    assert page_rows(store, dossier_id) == [(1, 1, 90, False), (2, 2, 0, False), (3, 3, 0, False)]
    with store.read_session() as session:
        after = get_dossier(session, dossier_id)
        assert (after.version, after.pdf_sha) == (2, turned.pdf_sha)
        assert [e.actor for e in list_audit(session, "page")] == ["Trần Thị Bình"]


def test_an_approved_dossier_can_no_longer_change(store: Store, dossier_pdf: bytes):
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        approve_dossier(session, dossier_id, OFFICER, expected_version=1)
    operations = [lambda s: turn_page(s, store.blobs, dossier_id, 1, 90, OFFICER, 2),
                  lambda s: move_page(s, store.blobs, dossier_id, 1, 2, OFFICER, 2),
                  lambda s: remove_page(s, store.blobs, dossier_id, 1, OFFICER, 2),
                  lambda s: restore_dossier(s, store.blobs, dossier_id, OFFICER, 2)]
    for operation in operations:
        with pytest.raises(ConflictError, match="approved"), store.session() as session:
            operation(session)
    assert page_rows(store, dossier_id) == [(1, 1, 0, False), (2, 2, 0, False), (3, 3, 0, False)]


def test_restoring_the_dossier_undoes_every_page_operation(store: Store, dossier_pdf: bytes):
    """GIVEN page 1 turned, page 3 moved to the front and (then) page 3 removed
    WHEN the dossier is restored THEN pages, places, turns and PDF are the pipeline's."""
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        turn_page(session, store.blobs, dossier_id, 1, 270, OFFICER, 1)
    with store.session() as session:
        move_page(session, store.blobs, dossier_id, 3, 1, OFFICER, 2)
    with store.session() as session:
        changed = remove_page(session, store.blobs, dossier_id, 3, OFFICER, 3)
    assert page_rows(store, dossier_id) == [(1, 3, 0, False), (2, 1, 270, False), (3, 2, 0, True)]
    assert pdf_layout(store, changed.pdf_sha, dossier_pdf) == [(3, 0), (1, 270)]
    with store.session() as session:
        restored = restore_dossier(session, store.blobs, dossier_id, OFFICER, 4)
    assert (restored.version, restored.page_count) == (5, 3)
    assert restored.pdf_sha == restored.original_pdf_sha
    assert page_rows(store, dossier_id) == [(1, 1, 0, False), (2, 2, 0, False), (3, 3, 0, False)]
    with store.read_session() as session:
        (entry,) = list_audit(session, "dossier", dossier_id)
        event = list_events(session)[-1]
    assert entry.action == "dossier.restored"
    assert entry.old_value["pdf_sha"] == changed.pdf_sha
    assert entry.old_value["pages"][1] == {"number": 2, "original_number": 1, "turn": 270,
                                           "removed": False}
    assert entry.new_value["pages"][2] == {"number": 3, "original_number": 3, "turn": 0,
                                           "removed": False}
    assert (event.payload["action"], event.payload["pdf_sha"]) == (
        "dossier.restored", restored.original_pdf_sha)


def test_impossible_operations_are_refused(store: Store, dossier_pdf: bytes):
    """THEN a half turn of 45, a move off the dossier or onto its own place, turning or
    removing a removed page, restoring a kept one, and page 9 are all refused."""
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        remove_page(session, store.blobs, dossier_id, 2, OFFICER, 1)
    blobs = store.blobs
    refused = [
        (InvalidValueError, lambda s: turn_page(s, blobs, dossier_id, 1, 45, OFFICER, 2)),
        (InvalidValueError, lambda s: move_page(s, blobs, dossier_id, 1, 4, OFFICER, 2)),
        (InvalidValueError, lambda s: move_page(s, blobs, dossier_id, 1, 1, OFFICER, 2)),
        (PageRemovedError, lambda s: turn_page(s, blobs, dossier_id, 2, 90, OFFICER, 2)),
        (PageAlreadyRemovedError, lambda s: remove_page(s, blobs, dossier_id, 2, OFFICER, 2)),
        (PageNotRemovedError, lambda s: restore_page(s, blobs, dossier_id, 1, OFFICER, 2)),
        (NotFoundError, lambda s: turn_page(s, blobs, dossier_id, 9, 90, OFFICER, 2))]
    for error, operation in refused:
        with pytest.raises(error), store.session() as session:
            operation(session)
    with store.read_session() as session:
        assert get_dossier(session, dossier_id).version == 2


def test_a_form_sent_twice_says_what_happened_rather_than_a_conflict(store: Store,
                                                                     dossier_pdf: bytes):
    """GIVEN page 2 removed at version 1 WHEN the same removal is sent again (still against
    version 1) THEN PageAlreadyRemovedError; GIVEN it restored at version 2 WHEN the
    restore is sent again against version 2 THEN PageNotRemovedError; turning the page
    while it was removed said PageRemovedError. Each is a conflict with its own code, and
    the version is only what the two real changes made it."""
    dossier_id = store_dossier(store, dossier_pdf)
    blobs = store.blobs
    with store.session() as session:
        remove_page(session, blobs, dossier_id, 2, OFFICER, 1)
    for error, code, operation in (
            (PageAlreadyRemovedError, "page_already_removed",
             lambda s: remove_page(s, blobs, dossier_id, 2, OFFICER, 1)),
            (PageRemovedError, "page_removed",
             lambda s: turn_page(s, blobs, dossier_id, 2, 90, OFFICER, 1))):
        with pytest.raises(error) as refused, store.session() as session:
            operation(session)
        assert isinstance(refused.value, ConflictError) and refused.value.code == code
    with store.session() as session:
        restore_page(session, blobs, dossier_id, 2, OFFICER, 2)
    with pytest.raises(PageNotRemovedError) as refused, store.session() as session:
        restore_page(session, blobs, dossier_id, 2, OFFICER, 2)
    assert refused.value.code == "page_not_removed"
    with store.read_session() as session:
        assert get_dossier(session, dossier_id).version == 3


def test_a_removed_page_can_be_moved(store: Store, dossier_pdf: bytes):
    """GIVEN page 2 removed WHEN moved to place 3 THEN it is at 3, still removed, and the
    PDF (pages 1 and 3) is unchanged in order."""
    dossier_id = store_dossier(store, dossier_pdf)
    with store.session() as session:
        remove_page(session, store.blobs, dossier_id, 2, OFFICER, 1)
    with store.session() as session:
        dossier = move_page(session, store.blobs, dossier_id, 2, 3, OFFICER, 2)
    assert page_rows(store, dossier_id) == [(1, 1, 0, False), (2, 3, 0, False), (3, 2, 0, True)]
    assert pdf_layout(store, dossier.pdf_sha, dossier_pdf) == [(1, 0), (3, 0)]


def test_other_units_and_dossiers_without_a_pdf_are_refused(store: Store, dossier_pdf: bytes):
    dossier_id = store_dossier(store, dossier_pdf)
    with pytest.raises(NotFoundError), store.session() as session:
        turn_page(session, store.blobs, dossier_id, 1, 90, OFFICER, 1, unit="38.98.H29")
    with store.session() as session:
        turn_page(session, store.blobs, dossier_id, 1, 90, OFFICER, 1, unit=UNIT)
    processing_id = store_dossier(store, dossier_pdf, ready=False)
    with pytest.raises(ConflictError, match="no PDF"), store.session() as session:
        turn_page(session, store.blobs, processing_id, 1, 90, OFFICER, 1)


def test_a_removed_page_leaves_the_search_index_and_comes_back_restored(store: Store,
                                                                       dossier_pdf: bytes):
    """GIVEN a dossier whose page 2 reads "trang khai sinh" WHEN an officer removes page 2 THEN a
    search for its words no longer finds the dossier; restoring the dossier brings it back."""
    dossier_id = store_dossier(store, dossier_pdf)

    def found(words: str) -> list[int]:
        with store.read_session() as session:
            return [hit.dossier_id for hit in search_dossiers(session, words, unit=UNIT)]

    assert found("khai sinh") == [dossier_id]
    with store.session() as session:
        remove_page(session, store.blobs, dossier_id, 2, OFFICER, expected_version=1)
    assert found("khai sinh") == []
    assert found("cam đoan") == [dossier_id]
    with store.session() as session:
        restore_dossier(session, store.blobs, dossier_id, OFFICER, expected_version=2)
    assert found("khai sinh") == [dossier_id]
