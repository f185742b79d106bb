"""The figures page: today and this month (Vietnam time) for the officer's unit, the
review backlog, and a bar per day of the month."""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import datetime, time, timedelta, timezone

from fastapi.testclient import TestClient

from api.ui.rendering import VIETNAM
from api_seed import UNIT_A, UNIT_B
from intake.store import PageInput, Store, add_dossier_with_pages, create_scan, upsert_record
from ui_seed import quarantine, sign_in, store_dossier


def figure(section: str, name: str) -> str:
    found = re.search(rf'data-testid="stat-{name}"><dt>[^<]+</dt><dd><span class="value">([^<]+)'
                      rf'</span>(?:<span class="hint">([^<]+)</span>)?', section)
    assert found, name
    return found.group(1) + (f" | {found.group(2)}" if found.group(2) else "")


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start:html.index("</section>", start)]


def test_the_figures_of_today_and_this_month_for_the_officers_unit(
        client: TestClient, store: Store, keys: dict[str, str]):
    """GIVEN in unit A: a dossier with a record from a scan dropped 10 minutes ago, a
    three-page unassigned dossier stored without a scan, a quarantined scan, a scan at
    the first minute of the month, a record with no dossier yet and a scan of last
    month; and a dossier of unit B WHEN a unit-A officer opens the figures THEN they
    count unit A's only, by Vietnam day and month."""
    now = datetime.now(timezone.utc)
    today = now.astimezone(VIETNAM).date()
    month_start = datetime.combine(today.replace(day=1), time(0), VIETNAM)
    store_dossier(store, unit=UNIT_A, dropped_at=now - timedelta(minutes=10),
                  code="000.00.19.H55-240419-0001")
    store_dossier(store, unit=UNIT_B, dropped_at=now, code="000.00.20.H56-240419-0001")
    quarantine(store, unit=UNIT_A, name="bad.pdf", code="corrupt_file", message="broken")
    with store.session() as session:
        add_dossier_with_pages(session, [PageInput(number=n) for n in (1, 2, 3)],
                               unit_code=UNIT_A)
        for name, moment in (("first-minute", month_start + timedelta(minutes=1)),
                             ("last-month", month_start - timedelta(minutes=1))):
            create_scan(session, sha256=hashlib.sha256(name.encode()).hexdigest(),
                        original_filename=f"{name}.pdf", size=1, unit_code=UNIT_A,
                        received_at=moment)
        upsert_record(session, "000.00.19.H55-240419-0002", unit_code=UNIT_A, received_at=now)
    sign_in(client, keys["officer_a"])

    page = client.get("/ui/stats").text
    first_minute_today = (month_start + timedelta(minutes=1)).date() == today
    day, month = section(page, "stats-today"), section(page, "stats-month")
    assert figure(day, "scans") == f"{3 if first_minute_today else 2} | 1 bị cách ly"
    assert figure(month, "scans") == "3 | 1 bị cách ly"
    for part in (day, month):
        assert figure(part, "pages") == "4"
        assert figure(part, "dossiers") == "2"
        assert figure(part, "digitization") == "50,0% | 1 / 2 hồ sơ tiếp nhận"
        assert figure(part, "awaiting") == "2 | 4 trang"
        assert figure(part, "median").startswith("10 phút")
    assert re.search(r'data-testid="backlog-count">2<', page)
    bars = re.findall(r'data-testid="chart-bar" data-value="(\d+)"', page)
    assert len(bars) == calendar.monthrange(today.year, today.month)[1]
    assert bars[today.day - 1] == "2" and sum(map(int, bars)) == 2
    assert f"{today:%d/%m}: 2 hồ sơ" in page
