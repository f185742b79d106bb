"""Fixtures of the browser tests: the running office (see ``browser_office``), Playwright's
Chromium (Debian's, at ``/usr/bin/chromium``) and a fresh browser tab per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_office import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CODE_A1,
    CODE_A2,
    CODE_B,
    UNIT_A,
    UNIT_B,
    Office,
    ServiceProcess,
    create_key,
    drop_scan,
    first_pages,
    ready_codes,
    sideways_third_page,
    stations_file,
    wait_for,
)


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is not at {CHROMIUM}: run scripts/install-system-deps.sh")
    root = tmp_path_factory.mktemp("office")
    data_dir = root / "data"
    stations = stations_file(root)
    service = ServiceProcess(data_dir=data_dir, inbox=root / "desk-a", log_path=root / "serve.log",
                             stations_file=stations, workers=2,
                             env={"INTAKE_DETECT_ORIENTATION": "false",
                                  "INTAKE_REVIEW_CONFIDENCE": "0.999"})
    keys = dict(admin_key=create_key(data_dir, "admin"),
                officer_a=create_key(data_dir, "officer", UNIT_A, "Trần Thị Bình"),
                officer_a2=create_key(data_dir, "officer", UNIT_A, "Lê Văn Cường"),
                officer_b=create_key(data_dir, "officer", UNIT_B, "Phạm Thu Hà"),
                officer_b2=create_key(data_dir, "officer", UNIT_B, "Đỗ Minh Đức"),
                scanner_a=create_key(data_dir, "scanner", UNIT_A))
    service.start()
    try:
        office = Office(service=service, **keys)
        # each worker takes the oldest queued scan when it is free: in this order they
        # read about as long (scan_001 then scan_002; scan_004 then scan_003)
        drop_scan(root / "desk-a", "scan_001.tif", sideways_third_page())
        drop_scan(root / "desk-a", "scan_004.tif")
        drop_scan(root / "desk-b", "scan_003.pdf", first_pages("scan_003.pdf", 2))
        drop_scan(root / "desk-a", "scan_002.jpg")
        wait_for(lambda: {CODE_A1, CODE_A2, CODE_B} <= ready_codes(office), timeout=300,
                 every=1.0, what="the sample dossiers to be ready")
        yield office
    finally:
        service.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A tab in a fresh browser context; a failed test leaves its screenshot and the
    page's HTML in its tmp_path."""
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="vi-VN")
    tab = context.new_page()
    yield tab
    if request.node.stash.get(FAILED, False):
        tab.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
        (tmp_path / "failed.html").write_text(tab.content(), encoding="utf-8")
        print(f"browser state at the failure: {tmp_path}/failed.png, {tmp_path}/failed.html")
    context.close()
