"""The dossier page's keyboard and memory in a real browser (see ``browser_office``):
a Tab past a right field is kept by the server, the highlight sits on the field's box
on the page image, Shift+Tab goes back, Esc puts back the saved value, a typed value
outlives a reload, a refused change is shown once, and on a dossier with no record the
keyboard (a barcode scanner) types into the assign box.

These tests work on dossier ``H15.50.05.13-240110-4490`` of unit A, which the other
browser tests leave alone, and on a fresh unassigned dossier of their own.
"""

from __future__ import annotations

import json
import re

import pytest

from browser_office import CODE_A2, Office, drop_scan, sign_in, wait_for

from tests.service.service_helpers import form_page, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATE_KEYS = {"dob", "signed_date", "received_date", "appointment_date", "issue_date"}


def open_dossier(page, office: Office, dossier_id: int) -> None:
    page.goto(f"{office.url}/ui/dossiers/{dossier_id}")
    page.get_by_test_id("fields").wait_for()


def active_field(page) -> str | None:
    return page.evaluate("document.activeElement.dataset.fieldId ?? null")


FIELD_STATE = """(id) => {
    const item = document.querySelector(`[data-testid="field"][data-field-id="${id}"]`);
    const input = item.querySelector("input");
    const dossier = item.closest("[data-dossier-id]").dataset.dossierId;
    return { value: input.value, saved: input.dataset.saved, checked: item.dataset.checked,
             status: item.querySelector('[data-testid="field-status"]').textContent,
             draft: localStorage.getItem(`intake.draft.${dossier}.${id}`) };
}"""
IMAGE_SHOWN = """(n) => {
    const image = document.querySelector('[data-testid="page-image"]');
    return image.complete && image.naturalWidth > 0 && image.src.includes(`/pages/${n}/image`);
}"""


def field_state(page, field_id: str) -> dict:
    """The field's value, saved value, checked flag, status text and draft as the page has them."""
    return page.evaluate(FIELD_STATE, field_id)


def stored_value(office: Office, dossier_id: int, field_id: str) -> str:
    stored = office.service.get_json(f"/dossiers/{dossier_id}", office.admin_key)
    return {f["id"]: f["value"] for p in stored["pages"] for f in p["fields"]}[int(field_id)]


def queue_count(page, office: Office, dossier_id: int) -> int:
    page.goto(f"{office.url}/ui/")
    row = page.locator(f'[data-testid="queue-row"][data-dossier-id="{dossier_id}"]')
    return int(row.get_attribute("data-fields-to-check"))


def text_field(page) -> tuple[int, str, str]:
    """(index, field id, value) of a field after the first, not a date, with a value."""
    fields = page.evaluate("""[...document.querySelectorAll('[data-testid="field-input"]')]
        .map((input) => [input.dataset.fieldId, input.dataset.key, input.dataset.saved])""")
    return next((index, field_id, value) for index, (field_id, key, value) in enumerate(fields)
                if index > 0 and key not in DATE_KEYS and value)


@pytest.fixture(scope="module")
def fresh_unassigned(office: Office) -> int:
    """GIVEN a form with no cover sheet (a small page drawn here: its name and birth date
    are read in a fraction of the time of a sample page): the id of the unassigned dossier
    the service makes of it."""
    before = {d["id"] for d in office.service.get_json("/dossiers", office.admin_key,
                                                       unassigned="true")["dossiers"]}
    form = form_page("ĐƠN ĐỀ NGHỊ CẤP BẢN SAO", "LÊ THỊ HẠNH", "Ngày sinh: 14/09/1987")
    drop_scan(office.service.inbox, "scan_005.png", png_bytes(form))

    def new_dossier() -> int | None:
        listed = office.service.get_json("/dossiers", office.admin_key, unassigned="true",
                                         state="ready")["dossiers"]
        return next((d["id"] for d in listed if d["id"] not in before), None)

    return wait_for(new_dossier, timeout=240, every=1.0, what="the new unassigned dossier")


def test_a_tab_past_a_right_field_is_kept_by_the_server(office: Office, page, browser) -> None:
    """GIVEN the first field to check has the focus WHEN the officer presses Tab without
    changing it THEN the page says it is confirmed, and in another officer's browser the
    queue counts one field fewer and the dossier shows it checked and focuses another."""
    dossier_id = office.dossier_id(CODE_A2)
    sign_in(page, office, office.officer_a2)
    before = queue_count(page, office, dossier_id)
    assert before > 0
    open_dossier(page, office, dossier_id)
    field_id = active_field(page)
    assert field_id and field_state(page, field_id)["checked"] == "0"
    page.keyboard.press("Tab")
    page.locator(f'[data-testid="field"][data-field-id="{field_id}"] [data-testid="field-status"]',
                 has_text="Đã xác nhận").wait_for()
    assert active_field(page) != field_id

    other_context = browser.new_context(viewport={"width": 1366, "height": 860})
    try:
        other = other_context.new_page()
        sign_in(other, office, office.officer_a)
        assert queue_count(other, office, dossier_id) == before - 1
        open_dossier(other, office, dossier_id)
        assert field_state(other, field_id)["checked"] == "1"
        assert other.locator(f'[data-testid="field"][data-field-id="{field_id}"]',
                             has_text="Đã xác nhận · Lê Văn Cường").count() == 1
        assert active_field(other) not in (None, field_id)
    finally:
        other_context.close()


def test_the_highlight_sits_on_the_fields_box_on_the_page_image(office: Office, page) -> None:
    """GIVEN a field whose box the API gives in pixels of its (unturned) page WHEN the
    officer puts the cursor in it THEN the viewer shows that page, and the highlight is
    visible over exactly that part of the shown image (within 2 px), inside the viewer."""
    dossier_id = office.dossier_id(CODE_A2)
    dossier = office.service.get_json(f"/dossiers/{dossier_id}", office.admin_key)
    shown_page, field = next((p, f) for p in dossier["pages"][::-1] for f in p["fields"]
                             if f["bbox"] and p["preview_url"] and not p["turn"]
                             and not p["removed"])
    sign_in(page, office, office.officer_a2)
    open_dossier(page, office, dossier_id)
    page.locator(f'input[data-field-id="{field["id"]}"]').focus()
    highlight = page.get_by_test_id("field-highlight")
    highlight.wait_for(state="visible")
    assert page.get_by_test_id("viewer-label").inner_text() == f"Trang {shown_page['number']}"
    page.wait_for_function(IMAGE_SHOWN, arg=shown_page["number"])
    image = page.get_by_test_id("page-image").bounding_box()
    shown = highlight.bounding_box()
    left, top, right, bottom = field["bbox"]
    width, height = shown_page["width"], shown_page["height"]
    expected = (image["x"] + image["width"] * left / width,
                image["y"] + image["height"] * top / height,
                image["width"] * (right - left) / width, image["height"] * (bottom - top) / height)
    assert all(abs(a - b) <= 2.0 for a, b in zip(
        (shown["x"], shown["y"], shown["width"], shown["height"]), expected)), (shown, expected)
    viewer = page.get_by_test_id("page-viewer").bounding_box()
    centre = (shown["x"] + shown["width"] / 2, shown["y"] + shown["height"] / 2)
    assert viewer["x"] <= centre[0] <= viewer["x"] + viewer["width"]
    assert viewer["y"] <= centre[1] <= viewer["y"] + viewer["height"]


def test_shift_tab_goes_back_saving_what_was_typed(office: Office, page) -> None:
    dossier_id = office.dossier_id(CODE_A2)
    sign_in(page, office, office.officer_a2)
    open_dossier(page, office, dossier_id)
    index, field_id, value = text_field(page)
    previous = page.get_by_test_id("field-input").nth(index - 1).get_attribute("data-field-id")
    page.locator(f'input[data-field-id="{field_id}"]').focus()
    page.keyboard.press("Shift+Tab")  # nothing typed: back, nothing saved
    assert active_field(page) == previous
    assert field_state(page, field_id)["saved"] == value

    typed = f"{value} SỬA"
    page.locator(f'input[data-field-id="{field_id}"]').focus()
    page.keyboard.press("End")
    page.keyboard.type(" SỬA")
    page.keyboard.press("Shift+Tab")
    assert active_field(page) == previous
    page.wait_for_function(f"document.querySelector('input[data-field-id=\"{field_id}\"]')"
                           f".dataset.saved === {json.dumps(typed)}")
    assert stored_value(office, dossier_id, field_id) == typed


def test_esc_puts_back_the_saved_value_and_forgets_the_draft(office: Office, page) -> None:
    dossier_id = office.dossier_id(CODE_A2)
    sign_in(page, office, office.officer_a2)
    open_dossier(page, office, dossier_id)
    _index, field_id, value = text_field(page)
    page.locator(f'input[data-field-id="{field_id}"]').focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("GIÁ TRỊ GÕ NHẦM")
    typed = field_state(page, field_id)
    assert (typed["value"], typed["status"]) == ("GIÁ TRỊ GÕ NHẦM", "Chưa lưu") and typed["draft"]
    page.keyboard.press("Escape")
    after = field_state(page, field_id)
    assert (after["value"], after["saved"], after["draft"]) == (value, value, None)
    assert after["status"] != "Chưa lưu"
    assert active_field(page) == field_id


def test_a_typed_value_outlives_a_reload_until_it_is_saved_or_dropped(office: Office,
                                                                       page) -> None:
    """GIVEN an officer typed into a field without confirming WHEN the page reloads THEN the
    typed value is back in the field, marked unsaved, and the server still has the old
    one; Esc then puts the saved value back for good."""
    dossier_id = office.dossier_id(CODE_A2)
    sign_in(page, office, office.officer_a2)
    open_dossier(page, office, dossier_id)
    _index, field_id, value = text_field(page)
    page.locator(f'input[data-field-id="{field_id}"]').focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("BẢN NHÁP CHƯA LƯU")
    page.reload()
    page.get_by_test_id("fields").wait_for()
    kept = field_state(page, field_id)
    assert (kept["value"], kept["saved"], kept["status"]) == (
        "BẢN NHÁP CHƯA LƯU", value, "Chưa lưu")
    assert stored_value(office, dossier_id, field_id) == value
    page.locator(f'input[data-field-id="{field_id}"]').focus()
    page.keyboard.press("Escape")
    page.reload()
    page.get_by_test_id("fields").wait_for()
    assert field_state(page, field_id)["value"] == value


def test_a_refused_change_is_told_once_and_a_reload_sends_nothing(office: Office, page) -> None:
    """GIVEN the page a refused change comes back to (``?problem=conflict``) WHEN it shows
    THEN the message is there and the address is the plain dossier page, so F5 shows the
    dossier without the message."""
    dossier_id = office.dossier_id(CODE_A2)
    sign_in(page, office, office.officer_a2)
    page.goto(f"{office.url}/ui/dossiers/{dossier_id}?page=1&problem=conflict")
    problem = page.get_by_test_id("conflict-message")
    assert problem.is_visible() and "người khác" in problem.inner_text()
    assert page.evaluate("location.search") == "?page=1"
    page.reload()
    page.get_by_test_id("fields").wait_for()
    assert not page.get_by_test_id("conflict-message").is_visible()


def test_a_scanned_code_on_an_unassigned_dossier_goes_to_the_assign_box(
        office: Office, page, fresh_unassigned: int) -> None:
    """GIVEN an unassigned dossier with fields to check WHEN the officer opens it and a
    barcode scanner types the receipt's code and Enter THEN the code went to the assign
    box (no field changed) and the dossier belongs to that record."""
    sign_in(page, office, office.officer_a)
    open_dossier(page, office, fresh_unassigned)
    assert page.locator('[data-testid="field"][data-needs-check="1"]').count() > 0
    assert page.evaluate("document.activeElement.dataset.testid") == "assign-code"
    before = office.service.get_json(f"/dossiers/{fresh_unassigned}", office.admin_key)
    page.keyboard.type(CODE_A2)
    page.keyboard.press("Enter")
    page.get_by_test_id("notice").wait_for()
    assert CODE_A2 in page.locator("h1").inner_text()
    after = office.service.get_json(f"/dossiers/{fresh_unassigned}", office.admin_key)
    assert after["dossier_code"] == CODE_A2
    assert [f["value"] for p in after["pages"] for f in p["fields"]] == \
        [f["value"] for p in before["pages"] for f in p["fields"]]
    assert re.search(r"/ui/dossiers/\d+$", page.url)  # the notice is not kept in the address
