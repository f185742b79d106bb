"""The ``/metrics`` page in Prometheus' text format, written by hand.

Two summaries time the work, both over the last hour: ``intake_ocr_seconds_per_page`` is
the OCR engine's wall time on each stored page (the worker records it per page), and
``intake_job_seconds_per_page`` a job's time from claim to finish divided by its pages,
which also counts loading, cleanup and bundling.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from intake.store import (
    job_counts,
    job_seconds_per_page,
    page_ocr_seconds,
    pages_ready_since,
    quarantine_counts,
)

log = logging.getLogger(__name__)

THROUGHPUT_WINDOW = timedelta(minutes=5)
TIMING_WINDOW = timedelta(hours=1)
QUANTILES = (0.5, 0.9, 0.99)


def render_metrics(session: Session, now: datetime) -> str:
    lines: list[str] = []
    lines += _metric("intake_jobs", "gauge", "Jobs by state.",
                     [({"state": state}, n) for state, n in job_counts(session).items()])
    pages = pages_ready_since(session, now - THROUGHPUT_WINDOW)
    minutes = THROUGHPUT_WINDOW.total_seconds() / 60
    lines += _metric("intake_pages_per_minute", "gauge",
                     "Pages of dossiers made ready in the last 5 minutes, per minute.",
                     [({}, pages / minutes)])
    failures = sorted(quarantine_counts(session).items())
    lines += _metric("intake_scan_failures", "gauge", "Quarantined scans by error code.",
                     [({"code": code}, n) for code, n in failures])
    lines += _summary("intake_ocr_seconds_per_page",
                      "OCR engine seconds per page, pages stored in the last hour.",
                      page_ocr_seconds(session, now - TIMING_WINDOW))
    lines += _summary("intake_job_seconds_per_page",
                      "Processing seconds per page (claim to finish / pages), jobs of the "
                      "last hour.", job_seconds_per_page(session, now - TIMING_WINDOW))
    return "\n".join(lines) + "\n"


def _summary(name: str, help_text: str, values: Iterable[float]) -> list[str]:
    ordered = sorted(values)
    lines = _metric(name, "summary", help_text,
                    [({"quantile": str(q)}, _quantile(ordered, q)) for q in QUANTILES])
    lines.append(f"{name}_sum {_number(sum(ordered))}")
    lines.append(f"{name}_count {len(ordered)}")
    return lines


def _metric(name: str, kind: str, help_text: str,
            samples: Iterable[tuple[dict[str, str], float]]) -> list[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
    for labels, value in samples:
        lines.append(f"{name}{_labels(labels)} {_number(value)}")
    return lines


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{key}="{_escape(value)}"' for key, value in labels.items())
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _quantile(ordered: Sequence[float], q: float) -> float:
    """Nearest-rank quantile of sorted values; NaN for none (Prometheus' convention)."""
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]
