"""Helpers for the service tests: scanner files made with PIL + segno, and a real
``intake serve`` subprocess talked to over HTTP.

Pages are small (1000 x 560 px at 150 dpi) so that tesseract reads each in well under a
second; every file's text is unique, so no two files are byte-identical by accident.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import httpx
import pytest
import segno
from PIL import Image, ImageDraw, ImageFont

from intake.store import KeyRole, create_api_key, default_url, open_store

REPO = Path(__file__).resolve().parents[2]
INTAKE = Path(sys.executable).parent / "intake"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAGE_SIZE = (1000, 560)
DPI = 150
FAST_SERVICE_ENV = {
    # the pages here are drawn upright with three lines of text each, too few for OSD to
    # be sure: it re-read every page at four turns, 0.8 s of each page's 1.2 s
    "INTAKE_DETECT_ORIENTATION": "false",
    "INTAKE_SETTLE_SECONDS": "1.0",
    "INTAKE_RESCAN_SECONDS": "2",
    "INTAKE_LEASE_SECONDS": "6",
    "INTAKE_SUPERVISE_SECONDS": "0.5",
    "INTAKE_GRACE_SECONDS": "20",
}


def wait_for(condition: Callable[[], object], timeout: float, every: float = 0.3, what: str = "") -> object:
    """Poll ``condition`` until it returns something truthy; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what or condition}")
        time.sleep(every)


# -- scanner files ----------------------------------------------------------------------------

def render_page(lines: list[str], qr: str | None = None) -> Image.Image:
    """A gray page with ``lines`` of text, and a QR code of ``qr`` in the top right corner."""
    page = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 26)
    for number, line in enumerate(lines):
        draw.text((60, 60 + 48 * number), line, font=font, fill=0)
    if qr:
        buffer = io.BytesIO()
        segno.make(qr, error="m").save(buffer, kind="png", scale=5, border=2)
        symbol = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
        page.paste(symbol, (PAGE_SIZE[0] - symbol.width - 40, 40))
    return page


def receipt_page(dossier_code: str, applicant: str) -> Image.Image:
    return render_page(["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {dossier_code}",
                        f"Người nộp: {applicant}"], qr=dossier_code)


def form_page(title: str, name: str, extra: str = "Ngày sinh: 05/02/2024") -> Image.Image:
    return render_page([title, f"Họ và tên: {name}", extra])


def tiff_bytes(pages: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], dpi=(DPI, DPI),
                  compression="tiff_deflate")
    return out.getvalue()


def png_bytes(page: Image.Image) -> bytes:
    out = io.BytesIO()
    page.save(out, "PNG", dpi=(DPI, DPI))
    return out.getvalue()


def drop_file(folder: Path, name: str, data: bytes) -> Path:
    """Write a file the way a well-behaved scanner does: under a temp name, then renamed."""
    temp = folder / f"{name}.part"
    temp.write_bytes(data)
    return temp.rename(folder / name)


# -- the service ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(INTAKE), *args], capture_output=True, text=True, timeout=120,
                          cwd=REPO, env={**os.environ, **(env or {})})


def create_key(data_dir: Path, role: str, unit: str | None = None, label: str | None = None) -> str:
    """A new API key in the store of ``data_dir`` (running service or not), made in this
    process: ``intake keys create`` makes the same in 1.5 s of imports per key, and has its
    own tests (test_service_commands)."""
    store = open_store(default_url(data_dir), data_dir)
    try:
        with store.session() as session:
            return create_api_key(session, KeyRole(role), unit=unit, label=label)[1]
    finally:
        store.close()


@dataclass
class ServiceProcess:
    """``intake serve`` in its own session (so that a SIGKILL can take its workers too)."""

    data_dir: Path
    inbox: Path
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    stations_file: Path | None = None  # stations to watch instead of the one ``inbox``

    def start(self) -> ServiceProcess:
        watch = (["--stations", str(self.stations_file)] if self.stations_file
                 else ["--watch", str(self.inbox)])
        command = [str(INTAKE), "serve", "--data-dir", str(self.data_dir), *watch,
                   "--port", str(self.port), "--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                            env={**os.environ, **FAST_SERVICE_ENV, **self.env},
                                            start_new_session=True)
        wait_for(self._healthy, timeout=60, what="the service to answer /health")
        return self

    def _healthy(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            pytest.fail(f"intake serve exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            return httpx.get(f"{self.url}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, key: str, **params: object) -> httpx.Response:
        return httpx.get(f"{self.url}/api/v1{path}", params=params, timeout=30,
                         headers={"Authorization": f"Bearer {key}"})

    def get_json(self, path: str, key: str, **params: object) -> dict:
        response = self.get(path, key, **params)
        assert response.status_code == 200, response.text
        return response.json()

    def kill(self) -> None:
        """SIGKILL to the service and every worker process: as if the machine died."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: only what it started
        except ProcessLookupError:
            pass
        self.process.wait(30)

    def terminate(self, timeout: float) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
