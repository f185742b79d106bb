"""Run each system on the same corpus and collect page texts, time, memory and bytes.

Every run goes through ``/usr/bin/time`` so that peak RSS covers the command and all
its children (workers, tesseract, ghostscript).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PageKey = tuple[str, int]  # (source file name, 1-based page)


@dataclass
class SystemRun:
    name: str
    wall_s: float
    peak_rss_mb: float
    page_texts: dict[PageKey, str]
    pdf_bytes: int = 0
    pdf_pages: int = 0
    sidecars: list[dict] = field(default_factory=list)
    measured_at: str = ""

    def save(self, out: Path) -> None:
        """Keep a peer's run beside its output, for ``--reuse-peers``."""
        record = {"name": self.name, "wall_s": self.wall_s, "peak_rss_mb": self.peak_rss_mb,
                  "pdf_bytes": self.pdf_bytes, "pdf_pages": self.pdf_pages,
                  "measured_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "page_texts": [[source, page, text] for (source, page), text in self.page_texts.items()]}
        (out / SAVED_RUN).write_text(json.dumps(record, ensure_ascii=False))


SAVED_RUN = "run.json"


def load_saved_run(out: Path) -> SystemRun | None:
    """A peer's run saved by :meth:`SystemRun.save`, or None if there is none."""
    try:
        record = json.loads((out / SAVED_RUN).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    texts = {(source, page): text for source, page, text in record["page_texts"]}
    return SystemRun(record["name"], record["wall_s"], record["peak_rss_mb"], texts, record["pdf_bytes"],
                     record["pdf_pages"], measured_at=record["measured_at"])


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run a command under /usr/bin/time; return (wall seconds, peak RSS MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(["/usr/bin/time", "-q", "-f", "%e %M", "-o", report.name, *command],
                       cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall, rss_kb = report.read().split()[-2:]
    return float(wall), int(rss_kb) / 1024


def run_intake(files: list[Path], out: Path, workers: int) -> SystemRun:
    """Intake on ``files`` as one batch; receipts are kept (``--keep-separators``) so that
    their text and fields are in the sidecars too."""
    shutil.rmtree(out, ignore_errors=True)
    intake = Path(sys.executable).with_name("intake")
    command = [str(intake), "process", *map(str, files), "--out", str(out),
               "--workers", str(workers), "--no-progress", "--keep-separators"]
    try:
        wall, rss = timed(command)
    except subprocess.CalledProcessError as exc:  # failed files still leave results
        print(f"intake exited {exc.returncode}: {exc.stderr.decode()[-500:]}", file=sys.stderr)
        raise
    return load_intake_run(out, wall, rss)


def load_intake_run(out: Path, wall: float = 0.0, rss: float = 0.0) -> SystemRun:
    """An Intake run from the sidecars and PDFs it left in ``out``."""
    sidecars = [json.loads(p.read_text()) for p in sorted(out.glob("*.json"))]
    texts = {(page["source"], page["source_page"]): page["text"]
             for sidecar in sidecars for page in sidecar["pages"]}
    pdfs = list(out.glob("*.pdf"))
    return SystemRun("intake", wall, rss, texts, sum(p.stat().st_size for p in pdfs),
                     sum(len(s["pages"]) for s in sidecars), sidecars)


def tesseract_inputs(files: list[Path], work: Path) -> list[tuple[Path, list[PageKey]]]:
    """Plain tesseract cannot read PDFs: rasterise them beforehand (not timed)."""
    inputs = []
    for path in files:
        if path.suffix.lower() != ".pdf":
            inputs.append((path, []))
            continue
        prefix = work / path.stem
        subprocess.run(["pdftoppm", "-r", "300", "-png", str(path), str(prefix)], check=True)
        for number, png in enumerate(sorted(work.glob(f"{path.stem}-*.png")), start=1):
            inputs.append((png, [(path.name, number)]))
    return inputs


def run_tesseract(files: list[Path], out: Path, languages: str = "vie") -> SystemRun:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    inputs = tesseract_inputs(files, out)
    script = "\n".join(f'tesseract "{src}" "{out}/{i:04d}" -l {languages} txt 2>/dev/null || true'
                       for i, (src, _) in enumerate(inputs))
    wall, rss = timed(["bash", "-c", script])
    texts: dict[PageKey, str] = {}
    for i, (src, keys) in enumerate(inputs):
        pages = (out / f"{i:04d}.txt").read_text().split("\f")
        pages = pages[:-1] if len(pages) > 1 and not pages[-1].strip() else pages
        for number, text in enumerate(pages, start=1):
            key = keys[0] if keys else (src.name, number)
            texts[key] = text
    run = SystemRun("tesseract", wall, rss, texts)
    run.save(out)
    return run


def run_ocrmypdf(files: list[Path], out: Path, languages: str = "vie") -> SystemRun:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    ocrmypdf = Path(sys.executable).with_name("ocrmypdf")
    script = "\n".join(
        f'"{ocrmypdf}" -q -l {languages} --rotate-pages --deskew --clean '
        f'"{src}" "{out}/{i:04d}.pdf" --sidecar "{out}/{i:04d}.txt" || true'
        for i, src in enumerate(files))
    wall, rss = timed(["bash", "-c", script])
    texts: dict[PageKey, str] = {}
    pdf_bytes = pdf_pages = 0
    for i, src in enumerate(files):
        sidecar = out / f"{i:04d}.txt"
        if not sidecar.exists():
            continue
        pages = sidecar.read_text().split("\f")
        pages = pages[:-1] if len(pages) > 1 and not pages[-1].strip() else pages
        for number, text in enumerate(pages, start=1):
            texts[(src.name, number)] = text
        pdf_bytes += (out / f"{i:04d}.pdf").stat().st_size
        pdf_pages += len(pages)
    run = SystemRun("ocrmypdf", wall, rss, texts, pdf_bytes, pdf_pages)
    run.save(out)
    return run
