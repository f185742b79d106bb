"""Generate a scanner batch of one-stop-shop dossiers with its ground truth.

    python -m samples.generate --out DIR [--dossiers N] [--level clean|mild|hard|mixed] [--seed S]

writes ``scan_001.tif``, ``scan_002.pdf``, ... and ``truth.json`` into DIR. The same
arguments always give the same bytes. See samples/README.md for the truth format.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path

from samples.degrade import Level, PageDefects, back_of, choose_defects, defect_names, scan_page, to_bilevel
from samples.dossiers import (
    ContentPaper, DossierPlan, FormPaper, IdCardCopy, Paper, Receipt, compose_dossier, compose_loose_papers,
)
from samples.offices import choose_unit
from samples.papers import render_paper
from samples.scanfiles import Encoding, FileFormat, ScanSettings, write_scan_file

log = logging.getLogger(__name__)

MIXED = "mixed"
LEVEL_CHOICES = (*(level.value for level in Level), MIXED)
BLANK_BACK_RATE = 0.2
LOOSE_PAPERS_RATE = 0.3
SEAL_RATE = 0.25


@dataclass(frozen=True, slots=True)
class PlannedPage:
    content: Receipt | ContentPaper | None  # None: the blank back of the page before
    dossier_code: str | None
    seed: int


@dataclass(frozen=True, slots=True)
class PlannedFile:
    name: str
    level: Level
    settings: ScanSettings
    pages: tuple[int, ...]  # indexes into the batch's pages


def plan_pages(rng: random.Random, dossiers: list[DossierPlan], loose: tuple[ContentPaper, ...]) -> list[PlannedPage]:
    """The batch in feed order: loose papers, then each receipt and its papers; any page
    may be followed by its blank back (duplex)."""
    pages: list[PlannedPage] = []

    def feed(content: Receipt | ContentPaper, code: str | None) -> None:
        pages.append(PlannedPage(content, code, rng.getrandbits(32)))
        if rng.random() < BLANK_BACK_RATE:
            pages.append(PlannedPage(None, code, rng.getrandbits(32)))

    for paper in loose:
        feed(paper, None)
    for dossier in dossiers:
        feed(dossier.receipt, dossier.dossier_code)
        for paper in dossier.papers:
            feed(paper, dossier.dossier_code)
    return pages


TIFF_ENCODINGS = {
    Level.MILD: (Encoding.JPEG, Encoding.JPEG, Encoding.JPEG, Encoding.G4, Encoding.LZW),
    Level.HARD: (Encoding.LZW, Encoding.JPEG, Encoding.G4),
}
PDF_ENCODINGS = {
    Level.MILD: (Encoding.JPEG, Encoding.JPEG, Encoding.JPEG, Encoding.JPEG, Encoding.PNG),
    Level.HARD: (Encoding.JPEG, Encoding.JPEG, Encoding.G4),
}


def choose_settings(rng: random.Random, level: Level, kind: str, has_seal: bool) -> ScanSettings:
    """Page encoding, resolution and quality for a ``tiff``, ``pdf`` or ``single`` file at
    ``level``: lossless 300 dpi when clean; JPEG, G4 and 200 dpi more often the harder."""
    if level is Level.CLEAN:
        return {
            "tiff": ScanSettings(FileFormat.TIFF, Encoding.LZW, 300),
            "pdf": ScanSettings(FileFormat.PDF, Encoding.PNG, 300),
            "single": ScanSettings(FileFormat.PNG, Encoding.PNG, 300),
        }[kind]
    hard = level is Level.HARD
    dpi = 200 if rng.random() < (0.7 if hard else 0.3) else 300
    quality = rng.randint(40, 60) if hard else rng.randint(70, 85)
    if kind == "single":
        if rng.random() < 0.8:
            return ScanSettings(FileFormat.JPEG, Encoding.JPEG, dpi, quality)
        return ScanSettings(FileFormat.PNG, Encoding.PNG, dpi)
    fmt, encodings = (FileFormat.TIFF, TIFF_ENCODINGS) if kind == "tiff" else (FileFormat.PDF, PDF_ENCODINGS)
    choices = [e for e in encodings[level] if not (has_seal and e is Encoding.G4)]  # fax mode would lose the seal
    return ScanSettings(fmt, rng.choice(choices), dpi, quality)


def carries_seal(content: Receipt | ContentPaper | None) -> bool:
    return isinstance(content, (FormPaper, IdCardCopy)) and content.certified


def plan_files(rng: random.Random, pages: list[PlannedPage], level: str) -> list[PlannedFile]:
    """Cut the page stream into files regardless of dossier bounds: the first three files
    are one multi-page TIFF, one PDF and one single-image file in some order."""
    kinds = ["tiff", "pdf", "single"]
    rng.shuffle(kinds)
    files: list[PlannedFile] = []
    start = 0
    while start < len(pages):
        kind = kinds.pop(0) if kinds else rng.choices(("tiff", "pdf", "single"), weights=(4, 4, 2))[0]
        count = 1 if kind == "single" else min(len(pages) - start, rng.randint(2, 8))
        indexes = tuple(range(start, start + count))
        file_level = Level(level) if level != MIXED else rng.choices(list(Level), weights=(3, 5, 3))[0]
        has_seal = any(carries_seal(pages[i].content) for i in indexes)
        settings = choose_settings(rng, file_level, kind, has_seal)
        files.append(PlannedFile(f"scan_{len(files) + 1:03d}{settings.suffix}", file_level, settings, indexes))
        start += count
    return files


def plan_defects(rng: random.Random, pages: list[PlannedPage], files: list[PlannedFile]) -> list[PageDefects]:
    defects: list[PageDefects] = []
    for planned_file in files:
        for index in planned_file.pages:
            if pages[index].content is None and index > 0:
                defects.append(back_of(defects[index - 1], planned_file.level, rng))
            else:
                defects.append(choose_defects(planned_file.level, rng, blank=pages[index].content is None))
    return defects


def page_truth(planned_file: PlannedFile, number: int, page: PlannedPage, paper: Paper, defects: PageDefects) -> dict:
    return {
        "source": planned_file.name,
        "source_page": number,
        "kind": paper.kind.value,
        "level": planned_file.level.value,
        "dossier_code": page.dossier_code,
        "rotation": defects.rotation,
        "skew_deg": defects.skew_deg,
        "dpi": planned_file.settings.dpi,
        "text": paper.text,
        "document_type": paper.document_type,
        "fields": paper.fields,
        "has_seal": paper.has_seal,
        "qr_code": paper.qr_code,
        "bilevel": planned_file.settings.bilevel,
        "defects": [*paper.defects, *defect_names(defects)],
    }


def scan_file(out_dir: Path, planned_file: PlannedFile, pages: list[PlannedPage], defects: list[PageDefects],
              previous: Paper | None) -> tuple[list[dict], Paper | None]:
    """Render, scan and write one file. ``previous`` is the paper fed just before: a blank
    back shows its front through; a content page with bleed-through shows it as if it were
    printed on its other side."""
    images, truths = [], []
    for number, index in enumerate(planned_file.pages, start=1):
        page = pages[index]
        paper = render_paper(page.content, random.Random(page.seed))
        bleed_source = previous.image if previous is not None else None  # the front, or the sheet fed before
        image = scan_page(paper.image, defects[index], dpi=planned_file.settings.dpi, seed=page.seed,
                          bleed_source=bleed_source)
        images.append(to_bilevel(image) if planned_file.settings.bilevel else image)
        truths.append(page_truth(planned_file, number, page, paper, defects[index]))
        previous = paper
    write_scan_file(out_dir / planned_file.name, images, planned_file.settings)
    log.info("wrote %s (%d pages)", planned_file.name, len(images))
    return truths, previous


def dossier_truth(file_truths: list[dict]) -> list[dict]:
    """Group content pages by dossier in batch order; the receipt names the dossier."""
    groups: list[dict] = []
    for truth in (page for file_truth in file_truths for page in file_truth["pages"]):
        where = [truth["source"], truth["source_page"]]
        if truth["kind"] == "receipt":
            groups.append({"dossier_code": truth["dossier_code"], "procedure_code": truth["fields"]["procedure_code"],
                           "receipt": where, "pages": []})
        elif truth["kind"] != "blank":
            if not groups or groups[-1]["dossier_code"] != truth["dossier_code"]:
                groups.append({"dossier_code": None, "procedure_code": None, "receipt": None, "pages": []})
            groups[-1]["pages"].append(where)
    return groups


@dataclass(frozen=True, slots=True)
class BatchPlan:
    pages: list[PlannedPage]
    files: list[PlannedFile]
    defects: list[PageDefects]


def plan_batch(*, dossiers: int, level: str, seed: int) -> BatchPlan:
    """Everything about a batch but the pixels: papers, feed order, files, page defects."""
    if level not in LEVEL_CHOICES:
        raise ValueError(f"level must be one of {', '.join(LEVEL_CHOICES)}, not {level!r}")
    rng = random.Random(seed)
    plans = [compose_dossier(rng, choose_unit(rng), rng.randint(1, 9999), seal_rate=SEAL_RATE) for _ in range(dossiers)]
    loose = compose_loose_papers(rng, choose_unit(rng), rng.randint(1, 2)) if rng.random() < LOOSE_PAPERS_RATE else ()
    pages = plan_pages(rng, plans, loose)
    files = plan_files(rng, pages, level)
    return BatchPlan(pages, files, plan_defects(rng, pages, files))


def generate_batch(out_dir: Path, *, dossiers: int, level: str, seed: int) -> dict:
    """Write a scanner batch of ``dossiers`` dossiers at ``level`` (clean, mild, hard or
    mixed) into ``out_dir`` with its ``truth.json``; return the truth."""
    plan = plan_batch(dossiers=dossiers, level=level, seed=seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    file_truths, previous = [], None
    for planned_file in plan.files:
        truths, previous = scan_file(out_dir, planned_file, plan.pages, plan.defects, previous)
        settings = planned_file.settings
        file_truths.append({"source": planned_file.name, "format": settings.format.value,
                            "encoding": settings.encoding.value, "dpi": settings.dpi,
                            "level": planned_file.level.value, "pages": truths})
    truth = {
        "generator": {"seed": seed, "level": level, "dossiers": dossiers},
        "files": file_truths,
        "dossiers": dossier_truth(file_truths),
    }
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--dossiers", type=int, default=3)
    parser.add_argument("--level", choices=LEVEL_CHOICES, default="mild")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    truth = generate_batch(args.out, dossiers=args.dossiers, level=args.level, seed=args.seed)
    pages = sum(len(f["pages"]) for f in truth["files"])
    blanks = sum(p["kind"] == "blank" for f in truth["files"] for p in f["pages"])
    size = sum((args.out / f["source"]).stat().st_size for f in truth["files"])
    seconds = time.perf_counter() - started
    print(f"{args.out}: {len(truth['files'])} files, {pages} pages ({blanks} blank), "
          f"{len(truth['dossiers'])} dossiers, {size / 1e6:.1f} MB, level {args.level}, seed {args.seed}, "
          f"{seconds:.1f} s ({seconds / max(pages, 1):.2f} s/page)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
