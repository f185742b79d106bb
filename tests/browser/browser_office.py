"""Browser tests: a real ``intake serve`` with the bundled sample scans, driven by
Playwright in Debian's headless Chromium (``/usr/bin/chromium``; Playwright's own browser
download is not used).

The service watches two stations of two units. Unit A's desk gets the sample dossiers
``512.05.H40-251203-03924`` (scan_001) and ``H15.50.05.13-240110-4490``
(scan_004), plus an unassigned dossier (scan_002, no cover sheet); unit B's desk gets
``38.98.H29-240101-009474`` (scan_003's receipt and first form: the tests need one page of
that dossier, and its other two would be the longest reading of the office). Orientation
detection is switched off (``INTAKE_DETECT_ORIENTATION=false``, as at an office whose
scanner feeds every sheet upright), and scan_001's first form (its third page) is fed a
quarter turn anticlockwise, so dossier ``512.05.H40-251203-03924`` opens with a sideways
page 1 for the officer to turn. ``INTAKE_REVIEW_CONFIDENCE=0.999`` makes nearly every
field one to check, so the test always has low-confidence fields to correct.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image, ImageSequence

from tests.service.service_helpers import ServiceProcess, create_key, wait_for  # noqa: F401 (re-exported)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "batch"
CHROMIUM = os.environ.get("INTAKE_TEST_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = REPO / "docs" / "screenshots"
UNIT_A, UNIT_B = "000.00.19.H55", "000.00.20.H56"
CODE_A1, CODE_A2 = "512.05.H40-251203-03924", "H15.50.05.13-240110-4490"
CODE_B = "38.98.H29-240101-009474"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass(frozen=True)
class Office:
    """The running service and the keys of its people."""

    service: ServiceProcess
    admin_key: str
    officer_a: str
    officer_b: str
    officer_a2: str
    officer_b2: str
    scanner_a: str

    @property
    def url(self) -> str:
        return self.service.url

    def dossier_id(self, code: str) -> int:
        record = self.service.get_json(f"/records/{code}", self.admin_key)
        return record["dossiers"][0]["id"]


def stations_file(root: Path) -> Path:
    desk_a, desk_b = root / "desk-a", root / "desk-b"
    desk_a.mkdir(parents=True)
    desk_b.mkdir(parents=True)
    path = root / "stations.toml"
    path.write_text(f'''
[[stations]]
name = "desk-a"
folder = "{desk_a}"
unit = "{UNIT_A}"
procedure = "1.004194"
operator = "tran.thi.b"

[[stations]]
name = "desk-b"
folder = "{desk_b}"
unit = "{UNIT_B}"
''', encoding="utf-8")
    return path


def drop_scan(folder: Path, name: str, data: bytes | None = None) -> None:
    temp = folder / f".{name}.part"
    if data is None:
        shutil.copyfile(SAMPLES / name, temp)
    else:
        temp.write_bytes(data)
    temp.rename(folder / name)


def sideways_third_page(name: str = "scan_001.tif") -> bytes:
    """The multi-page G4 TIFF with its third page turned a quarter anticlockwise."""
    with Image.open(SAMPLES / name) as tiff:
        dpi = tiff.info.get("dpi", (300, 300))
        pages = [frame.copy() for frame in ImageSequence.Iterator(tiff)]
    pages[2] = pages[2].transpose(Image.Transpose.ROTATE_90)
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], dpi=dpi,
                  compression="group4")
    return out.getvalue()


def faint_form(name: str = "scan_001.tif", index: int = 2, keep: float = 0.35) -> bytes:
    """The sample's form (its third page) alone, with only ``keep`` of its ink pixels
    left at random: toner that broke into dots, a page too faint to read."""
    with Image.open(SAMPLES / name) as tiff:
        dpi = tiff.info.get("dpi", (300, 300))
        tiff.seek(index)
        gray = np.asarray(tiff.convert("L")).copy()
    gray[(gray < 128) & (np.random.default_rng(7).random(gray.shape) > keep)] = 255
    out = io.BytesIO()
    Image.fromarray(gray).convert("1").save(out, "TIFF", dpi=dpi, compression="group4")
    return out.getvalue()


def first_pages(name: str, count: int) -> bytes:
    """The sample PDF cut to its first ``count`` pages."""
    with pikepdf.open(SAMPLES / name) as pdf:
        del pdf.pages[count:]
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def ready_codes(office: Office) -> set[str]:
    body = office.service.get_json("/dossiers", office.admin_key, state="ready", limit=50)
    return {d["dossier_code"] for d in body["dossiers"] if d.get("dossier_code")}




def sign_in(page, office: Office, key: str) -> None:
    """Sign in through the form the queue sends a visitor to; on the queue afterwards."""
    page.goto(f"{office.url}/ui/")
    assert "/ui/sign-in" in page.url  # the queue asks for a key first
    page.get_by_test_id("sign-in-key").fill(key)
    page.get_by_test_id("sign-in-submit").click()
    page.wait_for_url(re.compile(r"/ui/(\?.*)?$"))
