"""ID card copies of one card model through Intake's page path, field by field.

The mixed corpora hold few 2024 identity cards (thẻ căn cước): the generator issues one
only to a card dated from 1 July 2024 on, about one card in twenty. This benchmark makes
``--copies`` card copies of one model (the 2021 citizen card or the 2024 identity card,
the holder and everything else drawn from ``--seed`` on), scans each at ``--level`` as
the batch generator would (rotation, skew and the level's defects; hard copies at 200 or
300 dpi), reads it with ``intake.pipeline.process_page`` and compares every field the
card prints with what was read.

    .venv/bin/python -m benchmarks.card_models [--model 2024] [--level mild] [--copies 12]
        [--seed 1000] [--workers 2]

Printed: field exact-match overall and per field, the share of fields auto-accepted (no
warning, calibrated confidence at the shipped threshold or more) and how many of those
were wrong, then each wrong field.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from benchmarks.metrics import normalise_value
from intake.pipeline import PipelineOptions, process_page
from ocr.calibration import auto_accepted, shipped_auto_accept
from samples.citizens import make_citizen
from samples.degrade import Level, choose_defects, scan_page
from samples.dossiers import IdCardCopy
from samples.id_card import CHIP_CARDS_SINCE, IDENTITY_CARDS_SINCE, birthday_at, card_expiry, issue_id_card
from samples.id_card_copy import render_id_card_copy
from samples.offices import choose_unit

COPIED = dt.date(2026, 6, 1)  # the day the copies are made: cards of both models are valid then
HARD_DPIS = (200, 300)


@dataclass(frozen=True, slots=True)
class FieldRead:
    copy: int
    key: str
    truth: str
    value: str | None
    confidence: float
    auto_accepted: bool

    @property
    def right(self) -> bool:
        return self.value is not None and normalise_value(self.value) == normalise_value(self.truth)


def read_copy(number: int, *, model: str, level: Level, seed: int) -> list[FieldRead]:
    """Copy ``number``'s fields as read: a card of ``model`` ("2021" or "2024") issued on a
    day drawn within the model's years, copied, scanned at ``level`` and read."""
    rng = random.Random(seed + number)
    holder = make_citizen(rng)
    card = issue_id_card(rng, holder, before=COPIED)
    first, last = ((IDENTITY_CARDS_SINCE, COPIED) if model == "2024"
                   else (CHIP_CARDS_SINCE, IDENTITY_CARDS_SINCE - dt.timedelta(days=1)))
    first = max(first, birthday_at(holder.dob, 14))
    for _ in range(20):  # a card still valid on the day it is copied (an expired one is renewed)
        issued = first + dt.timedelta(days=rng.randrange(max(1, (last - first).days)))
        expiry = card_expiry(holder.dob, issued)
        if expiry is None or expiry > COPIED:
            break
    card = replace(card, issued=issued, expiry=expiry)
    paper = render_id_card_copy(IdCardCopy(card, choose_unit(rng), rng.random() < 0.3, COPIED), rng)
    dpi = rng.choice(HARD_DPIS) if level is Level.HARD else 300
    threshold = shipped_auto_accept()
    with tempfile.TemporaryDirectory(prefix="intake-cards-") as work:
        path = Path(work) / "card.png"
        scan_page(paper.image, choose_defects(level, rng), dpi=dpi, seed=seed + number).save(path, dpi=(dpi, dpi))
        page = process_page(path, 0, PipelineOptions(workers=1))
    reads = []
    for key, truth in paper.fields.items():
        read = page.fields.get(key)
        reads.append(FieldRead(number, key, truth, read.value if read else None, read.confidence if read else 0.0,
                               read is not None and auto_accepted(read, threshold)))
    return reads


def report(reads: list[FieldRead], model: str, level: Level) -> list[str]:
    right = sum(read.right for read in reads)
    accepted = [read for read in reads if read.auto_accepted]
    lines = [f"{model} cards, {level.value}: {len({r.copy for r in reads})} copies, field exact-match "
             f"{right}/{len(reads)} = {100 * right / max(1, len(reads)):.1f}%; auto-accepted "
             f"{100 * len(accepted) / max(1, len(reads)):.1f}%, wrong among them {sum(not r.right for r in accepted)}"]
    keys = list(dict.fromkeys(read.key for read in reads))
    lines.append("  " + ", ".join(
        f"{key} {100 * sum(r.right for r in reads if r.key == key) / sum(r.key == key for r in reads):.0f}%"
        for key in keys))
    lines += [f"  wrong: copy {r.copy} {r.key}: {r.value!r} for {r.truth!r} ({r.confidence:.3f}"
              f"{', auto-accepted' if r.auto_accepted else ''})" for r in reads if not r.right]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=("2021", "2024"), default="2024")
    parser.add_argument("--level", choices=[level.value for level in Level], default="mild")
    parser.add_argument("--copies", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    level = Level(args.level)
    read = partial(read_copy, model=args.model, level=level, seed=args.seed)
    with ProcessPoolExecutor(args.workers) as pool:
        reads = [field for copy in pool.map(read, range(args.copies)) for field in copy]
    print("\n".join(report(reads, args.model, level)))


if __name__ == "__main__":
    main()
