"""Server time of the officers' review pages in a busy office.

Fills a fresh database with ``--dossiers`` dossiers (10,000 by default; see
``benchmarks.office_seed``), signs an officer in, and asks for the review queue (first
page, a filtered page and a deep page), a dossier view, and a search, each ``--repeat``
times, in-process through Starlette's TestClient: the time measured is the application's
own (routing, database, templates), without a network. Prints the median and 95th
percentile per page; the target is under 300 ms.

    python -m benchmarks.review_pages                       # SQLite in a temp folder
    python -m benchmarks.review_pages --db-url postgresql+psycopg://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from benchmarks.office_seed import DESKS, PROCEDURES, UNIT, seed_office
from intake.settings import Settings
from intake.store import KeyRole, create_api_key, open_store

TARGET_MS = 300.0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="intake-review-bench-") as folder:
        data_dir = Path(folder)
        store = open_store(args.db_url or f"sqlite:///{data_dir / 'intake.db'}", data_dir)
        print(f"seeding {args.dossiers} dossiers ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        office = seed_office(store, args.dossiers, seed=args.seed)
        print(f"seeded in {time.perf_counter() - started:.0f} s "
              f"({len(office.ready_ids)} awaiting review)", file=sys.stderr)
        with store.session() as session:
            session.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would have
            _row, key = create_api_key(session, KeyRole.OFFICER, UNIT, label="benchmark")
        app = create_app(store, Settings(data_dir=data_dir))
        with TestClient(app, base_url="http://127.0.0.1") as client:
            signed = client.post("/ui/sign-in", data={"key": key, "next": "/ui/"},
                                 headers={"Origin": "http://127.0.0.1"}, follow_redirects=False)
            if signed.status_code != 303:
                print(f"sign-in failed: {signed.status_code}", file=sys.stderr)
                return 1
            middle = office.ready_ids[len(office.ready_ids) // 2]
            pages = {
                "queue, first page": "/ui/",
                "queue, station + procedure": f"/ui/?station={DESKS[1]}&procedure={PROCEDURES[0]}",
                "queue, page 20": "/ui/?page=20",
                "dossier view": f"/ui/dossiers/{middle}",
                "search, a name": "/ui/search?q=nguyen+van",
            }
            rows = [(name, _time(client, path, args.repeat)) for name, path in pages.items()]
        store.close()
    _report(rows, args)
    return 0


def _time(client: TestClient, path: str, repeat: int) -> list[float]:
    client.get(path)  # warm caches and templates once
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return times


def _report(rows: list[tuple[str, list[float]]], args: argparse.Namespace) -> None:
    database = "PostgreSQL" if args.db_url and args.db_url.startswith("postgresql") else "SQLite"
    print(f"\nReview pages with {args.dossiers:,} dossiers on {database}, "
          f"{args.repeat} requests each (server time, ms)")
    print(f"{'page':<30}{'median':>10}{'p95':>10}  under {TARGET_MS:.0f} ms")
    for name, times in rows:
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        print(f"{name:<30}{statistics.median(times):>10.1f}{p95:>10.1f}  "
              f"{'yes' if p95 < TARGET_MS else 'NO'}")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.review_pages",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db-url", help="a database to fill (it must be empty); default SQLite")
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(main())
