"""An officer's day in a real browser: sign in, open the queue, open a dossier, correct a
low-confidence field with the keyboard only, turn a sideways page, approve; then the
API shows the correction, the upright PDF page and the approval, and the events feed
announces them. Also: another unit's officer is refused, and two officers editing the
same dossier get a conflict instead of overwriting each other."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from browser_office import CODE_A1, CODE_B, SAMPLES, SCREENSHOTS, Office, drop_scan, faint_form, sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def truth_values(name: str) -> dict[str, str]:
    """Every field value the generator wrote on the pages of one sample scan."""
    truth = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    values: dict[str, str] = {}
    for scan in truth["files"]:
        if scan["source"] == name:
            for source_page in scan["pages"]:
                values.update(source_page.get("fields", {}))
    return values


def pdf_page_rotation(office: Office, dossier_id: int, tmp_path: Path) -> int:
    """The quarter turn tesseract's OSD finds on page 1 of the dossier's PDF as served."""
    response = httpx.get(f"{office.url}/api/v1/dossiers/{dossier_id}/pdf", timeout=30,
                         headers={"Authorization": f"Bearer {office.admin_key}"})
    assert response.status_code == 200
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "150", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page1")], check=True, timeout=60)
    osd = subprocess.run(["tesseract", str(tmp_path / "page1.png"), "-", "--psm", "0"],
                         capture_output=True, text=True, timeout=60)
    found = re.search(r"Rotate: (\d+)", osd.stdout + osd.stderr)
    assert found, osd.stdout + osd.stderr
    return int(found.group(1))


def events_of(office: Office, dossier_id: int) -> list[dict]:
    body = office.service.get_json("/events", office.admin_key, after=0, limit=500)
    return [event for event in body["events"] if event["payload"].get("dossier_id") == dossier_id]


def test_officer_reviews_a_dossier_with_the_keyboard(office: Office, page, tmp_path: Path) -> None:
    dossier_id = office.dossier_id(CODE_A1)
    assert pdf_page_rotation(office, dossier_id, tmp_path) != 0  # sideways, as scanned

    # 1-2. sign in; the queue lists this unit's dossiers and not the other unit's
    sign_in(page, office, office.officer_a)
    rows = page.get_by_test_id("queue-row")
    assert rows.filter(has_text=CODE_A1).count() == 1
    assert rows.filter(has_text=CODE_B).count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "queue.png"), full_page=True)

    # 3. open the dossier from the queue
    rows.filter(has_text=CODE_A1).get_by_role("link").first.click()
    page.wait_for_url(f"**/ui/dossiers/{dossier_id}*")
    fields = page.get_by_test_id("field")
    assert fields.count() > 0
    to_check = page.locator('[data-testid="field"][data-needs-check="1"]')
    assert to_check.count() > 0
    # low-confidence fields come first, and the first of them has the focus
    assert fields.first.get_attribute("data-needs-check") == "1"
    focused = page.evaluate("document.activeElement.dataset.fieldId")
    assert focused == to_check.first.get_attribute("data-field-id")
    page.screenshot(path=str(SCREENSHOTS / "dossier.png"))

    # 4. correct a field the machine got wrong, with the keyboard only
    truth = truth_values("scan_001.tif")
    target = None
    for _ in range(to_check.count()):
        field_id = page.evaluate("document.activeElement.dataset.fieldId")
        key = page.evaluate("document.activeElement.dataset.key")
        current = page.evaluate("document.activeElement.value")
        if key in truth and current != truth[key]:
            target = (field_id, key, truth[key])
            break
        page.keyboard.press("Tab")  # confirms this one and moves to the next field to check
    if target is None:  # every field was read right: the officer still amends one (a spelling they prefer)
        first = to_check.first
        first.locator("input").focus()
        current = first.locator("input").input_value()
        target = (first.get_attribute("data-field-id"), first.locator("input").get_attribute("data-key"),
                  f"{current} (đã sửa)")
    field_id, key, right_value = target
    page.keyboard.press("Control+A")
    page.keyboard.type(right_value)
    page.keyboard.press("Enter")
    saved = page.locator(f'[data-testid="field"][data-field-id="{field_id}"]')
    saved.locator(".status").filter(has_text=re.compile(r"\S")).wait_for()
    page.wait_for_function(
        f"document.querySelector('[data-field-id=\"{field_id}\"] input').dataset.saved === "
        f"{json.dumps(right_value)}")
    assert page.evaluate("document.activeElement.dataset.fieldId") != field_id  # moved on

    # 5. turn the sideways first page a quarter clockwise
    thumb = page.locator('[data-testid="page-thumb"][data-number="1"]')
    thumb.get_by_test_id("page-turn").click()
    page.wait_for_load_state()
    page.locator('[data-testid="page-thumb"][data-number="1"][data-turn="90"]').wait_for()

    # 6. approve: back to the queue, which no longer lists the dossier
    page.get_by_test_id("approve-button").click()
    page.get_by_test_id("approved-notice").wait_for()
    assert page.get_by_test_id("queue-row").filter(has_text=CODE_A1).count() == 0

    # 7. the API has it all
    dossier = office.service.get_json(f"/dossiers/{dossier_id}", office.admin_key)
    assert dossier["state"] == "approved"
    stored = {field["id"]: field for p in dossier["pages"] for field in p["fields"]}
    assert stored[int(field_id)]["value"] == right_value and stored[int(field_id)]["corrected"]
    assert dossier["pages"][0]["turn"] == 90
    assert pdf_page_rotation(office, dossier_id, tmp_path) == 0  # upright now
    types = [event["type"] for event in events_of(office, dossier_id)]
    assert {"dossier.corrected", "dossier.pages_changed", "dossier.approved"} <= set(types)
    assert types.index("dossier.approved") > types.index("dossier.pages_changed")
    # and the dossier's history says who changed what
    page.goto(f"{office.url}/ui/dossiers/{dossier_id}")
    page.get_by_test_id("approved-banner").wait_for()
    history = page.get_by_test_id("history-row")
    assert history.filter(has_text=right_value).count() >= 1
    assert history.first.get_by_test_id("history-actor").inner_text() == "Trần Thị Bình"


def test_an_officer_of_another_unit_is_refused(office: Office, page) -> None:
    dossier_id = office.dossier_id(CODE_A1)
    sign_in(page, office, office.officer_b)
    assert page.get_by_test_id("queue-row").filter(has_text=CODE_A1).count() == 0
    response = page.goto(f"{office.url}/ui/dossiers/{dossier_id}")
    assert response.status == 404
    assert page.get_by_test_id("field").count() == 0
    image = page.request.get(f"{office.url}/ui/dossiers/{dossier_id}/pages/1/image")
    assert image.status == 404


def test_two_officers_editing_one_dossier_get_a_conflict(office: Office, browser) -> None:
    dossier_id = office.dossier_id(CODE_B)
    first_context = browser.new_context(viewport={"width": 1366, "height": 860})
    second_context = browser.new_context(viewport={"width": 1366, "height": 860})
    try:
        first, second = first_context.new_page(), second_context.new_page()
        sign_in(first, office, office.officer_b)
        sign_in(second, office, office.officer_b2)
        first.goto(f"{office.url}/ui/dossiers/{dossier_id}")
        second.goto(f"{office.url}/ui/dossiers/{dossier_id}")
        field_id = first.evaluate("document.activeElement.dataset.fieldId")
        assert field_id, "no field to check has the focus"

        first.keyboard.press("Control+A")
        first.keyboard.type("GIÁ TRỊ CỦA NGƯỜI THỨ NHẤT")
        first.keyboard.press("Enter")
        first.wait_for_function(
            f"document.querySelector('[data-field-id=\"{field_id}\"] input').dataset.saved"
            " === 'GIÁ TRỊ CỦA NGƯỜI THỨ NHẤT'")

        second.locator(f'input[data-field-id="{field_id}"]').focus()
        second.keyboard.press("Control+A")
        second.keyboard.type("GIÁ TRỊ CỦA NGƯỜI THỨ HAI")
        second.keyboard.press("Enter")
        conflict = second.get_by_test_id("conflict-message")
        conflict.wait_for(state="visible")
        assert "người khác" in conflict.inner_text()

        dossier = office.service.get_json(f"/dossiers/{dossier_id}", office.admin_key)
        values = {field["id"]: field["value"] for p in dossier["pages"] for field in p["fields"]}
        assert values[int(field_id)] == "GIÁ TRỊ CỦA NGƯỜI THỨ NHẤT"  # not overwritten
    finally:
        first_context.close()
        second_context.close()


def test_an_unassigned_dossier_is_attached_by_searching_the_applicant(office: Office,
                                                                     page) -> None:
    """GIVEN scan_002 (a statement with no cover sheet) stored as an unassigned dossier
    WHEN an officer types the applicant's name without accents on the assign page and picks
    the record THEN the dossier belongs to that record."""
    unassigned = office.service.get_json("/dossiers", office.admin_key, unassigned="true")
    assert unassigned["total"] >= 1
    dossier_id = unassigned["dossiers"][-1]["id"]  # newest first: scan_002's is the oldest
    sign_in(page, office, office.officer_a)
    row = page.locator(f'[data-testid="unassigned-row"][data-dossier-id="{dossier_id}"]')
    assert row.count() == 1
    row.get_by_test_id("assign-link").click()
    page.get_by_test_id("assign-query").fill("ngo huu tuan")
    page.get_by_test_id("assign-query").press("Enter")
    result = page.locator(f'[data-testid="assign-result"][data-dossier-code="{CODE_A1}"]')
    result.get_by_test_id("assign-pick").click()
    page.wait_for_url(f"**/ui/dossiers/{dossier_id}*")
    assert CODE_A1 in page.locator("h1").inner_text()
    dossier = office.service.get_json(f"/dossiers/{dossier_id}", office.admin_key)
    assert dossier["dossier_code"] == CODE_A1


def test_a_page_too_faint_to_read_is_marked_for_rescanning(office: Office, page) -> None:
    """GIVEN a form whose toner broke into dots (a third of its ink left) dropped at unit
    A's desk WHEN it has been read (an unassigned dossier: no cover sheet) and an officer
    opens it THEN its page carries the "Nên quét lại" badge with the reason, and the
    dossier's facts name the page."""
    def unassigned() -> set[int]:
        body = office.service.get_json("/dossiers", office.admin_key, unassigned="true", limit=50)
        return {d["id"] for d in body["dossiers"]}

    before = unassigned()
    drop_scan(office.service.inbox, "scan_faint.tif", faint_form())
    (dossier_id,) = wait_for(lambda: unassigned() - before, timeout=240, every=1.0, what="the faint scan's dossier")
    sign_in(page, office, office.officer_a)
    page.goto(f"{office.url}/ui/dossiers/{dossier_id}")
    badge = page.locator('[data-testid="page-thumb"][data-number="1"] [data-testid="page-rescan"]')
    assert badge.inner_text() == "Nên quét lại"
    assert "quét lại bản giấy" in badge.get_attribute("title")
    assert page.get_by_test_id("rescan-pages").inner_text() == "trang 1"
    page.screenshot(path=str(SCREENSHOTS / "rescan.png"))
