"""Write a batch's dossiers as the batch-command contract in DESIGN.md says:
``DIR/<name>.pdf`` and ``DIR/<name>.json``, ``<name>`` the dossier code or ``unassigned-<n>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from intake import __version__
from intake.atomic import write_atomic
from intake.bundle import BundlePage, DossierMeta, write_dossier_pdf
from intake.model import Dossier, ProcessedPage
from ocr.read_quality import rescan_reason


@dataclass(frozen=True, slots=True)
class WrittenDossier:
    name: str
    pdf: Path | None
    sidecar: Path
    pdf_bytes: int
    page_count: int


def name_dossiers(dossiers: Sequence[Dossier]) -> list[str]:
    """The dossier code, or ``unassigned-<n>`` numbered in batch order."""
    names, unassigned = [], 0
    for dossier in dossiers:
        if dossier.dossier_code:
            names.append(dossier.dossier_code)
        else:
            unassigned += 1
            names.append(f"unassigned-{unassigned}")
    return names


def write_dossiers(dossiers: Sequence[Dossier], out_dir: Path, *,
                   procedure_code: str | None = None) -> list[WrittenDossier]:
    out_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.now(timezone.utc)
    return [write_dossier(d, name, out_dir, created=created, procedure_code=procedure_code)
            for d, name in zip(dossiers, name_dossiers(dossiers))]


def write_dossier(dossier: Dossier, name: str, out_dir: Path, *, created: datetime,
                  procedure_code: str | None = None) -> WrittenDossier:
    pdf_path, pdf_bytes = None, 0
    pages = [p for p in dossier.pages if p.image is not None]
    if pages:
        pdf_path = out_dir / f"{name}.pdf"
        meta = DossierMeta(title=name, created=created, subject=procedure_code or dossier.procedure_code)
        pdf_bytes = write_dossier_pdf([BundlePage(p.image, p.ocr) for p in pages], pdf_path, meta)
    sidecar = sidecar_dict(dossier, pdf_path.name if pdf_path else None,
                           procedure_code=procedure_code or dossier.procedure_code)
    sidecar_path = out_dir / f"{name}.json"
    write_atomic(sidecar_path, json.dumps(sidecar, ensure_ascii=False, indent=2).encode("utf-8"))
    return WrittenDossier(name, pdf_path, sidecar_path, pdf_bytes, len(pages))


def sidecar_dict(dossier: Dossier, pdf_name: str | None, *, procedure_code: str | None) -> dict:
    pages = [p for p in dossier.pages if p.image is not None]
    return {
        "dossier_code": dossier.dossier_code,
        "procedure_code": procedure_code,
        "pdf": pdf_name,
        "producer": f"Intake {__version__}",
        "pages": [_page_dict(number, page) for number, page in enumerate(pages, start=1)],
        "separator_pages": [
            {"source": p.source, "source_page": p.source_page,
             "dossier_code": p.separator.dossier_code if p.separator else None,
             "kind": str(p.separator.kind) if p.separator else None}
            for p in dossier.separator_pages
        ],
        "dropped_pages": [
            {"source": p.source, "source_page": p.source_page, "reason": p.error_code or str(p.kind)}
            for p in dossier.dropped_pages
        ],
    }


def _page_dict(number: int, page: ProcessedPage) -> dict:
    out = {
        "number": number,
        "source": page.source,
        "source_page": page.source_page,
        "kind": str(page.kind),
        "rotation": page.rotation,
        "skew_deg": page.skew_deg,
        "text": page.ocr.text if page.ocr else "",
        "confidence": round(page.ocr.confidence, 3) if page.ocr else 0.0,
        "document_type": page.document_type.value if page.document_type else None,
        "fields": {key: f.as_dict() for key, f in page.fields.items()},
        "rescan_reason": rescan_reason(page.ocr.text, page.ocr.confidence) if page.ocr else None,
    }
    if page.error_code:
        out["error"] = {"code": page.error_code, "message": page.error}
    return out
