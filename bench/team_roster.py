"""A lead's roster upload to the team server, and what it costs the desks afterwards.

    python -m tests.team.pg_server -- python -m bench.team_roster --clients 250000

Times, on a throwaway server (``INTERLOCK_ASSIST_TEST_PG_URL``): the first
upload of ``--clients`` new clients (COPY plus the one upsert, one transaction),
a desk's first fill of its cache, the same roster uploaded again (nothing
changes: no change number moves), the desk's incremental refresh after it
(should copy 0 rows), then a roster where ``--changed`` balances differ and the
refresh that copies just those.  Prints the figures; no goal is enforced (the
machine decides the times).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import make_url, text

from bench.run import client_rows
from bench.team import NOW, setup_server
from desktop.models.store import db
from desktop.models.store.db import open_store
from desktop.models.team import cache, pg_schema, roster_upload, server
from desktop.models.team.roster_upload import UploadResult

LEAD = "ia_bench_lead"
PASSWORD = "bench-lead-pw"
T = TypeVar("T")


def lead_url(admin_url: str) -> str:
    url = make_url(admin_url).set(database="ia_bench")
    engine = db.make_engine(url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        conn.execute(text(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{LEAD}') "
            f"THEN CREATE ROLE {LEAD} LOGIN PASSWORD '{PASSWORD}'; END IF; END $$"
        ))
        conn.execute(text(f"GRANT {pg_schema.LEAD_ROLE} TO {LEAD}"))
    engine.dispose()
    return url.set(drivername="postgresql+psycopg", username=LEAD, password=PASSWORD).render_as_string(
        hide_password=False)


def timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = work()
    return value, time.perf_counter() - started


def upload(url: str, rows: Sequence[Sequence[Any]]) -> tuple[UploadResult, float]:
    """The upload's answer and the seconds its COPY took (the rest is the upsert and the commit)."""
    engine = server.make_engine(url)
    started = time.perf_counter()
    copied: list[float] = []
    try:
        with engine.connect() as conn, conn.begin():
            chunks = [rows[i:i + roster_upload.CHUNK] for i in range(0, len(rows), roster_upload.CHUNK)]
            result = roster_upload.upload(conn, chunks, now=NOW,
                                          progress=lambda _n: copied.append(time.perf_counter() - started))
    finally:
        engine.dispose()
    return result, copied[-1] if copied else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=250_000)
    parser.add_argument("--changed", type=int, default=1_000)
    args = parser.parse_args(argv)
    admin_url = os.environ.get("INTERLOCK_ASSIST_TEST_PG_URL")
    if not admin_url:
        print("set INTERLOCK_ASSIST_TEST_PG_URL (python -m tests.team.pg_server -- …)", file=sys.stderr)
        return 2
    setup_server(admin_url)
    url = lead_url(admin_url)
    rows = [r[:len(roster_upload.COLUMNS)] for r in client_rows(args.clients, random.Random(7))]

    (first, copy), took = timed(lambda: upload(url, rows))
    print(f"first upload of {len(rows):,} clients: {took:.1f} s, COPY {copy:.1f} s ({first})")
    with tempfile.TemporaryDirectory(prefix="ia-bench-roster-") as folder:
        desk = open_store(f"sqlite:///{Path(folder) / 'desk.sqlite3'}")
        remote = server.make_engine(url)
        fill, took = timed(lambda: cache.refresh(desk.engine, remote, now=NOW))
        print(f"a desk's first fill: {fill.rows:,} rows in {took:.1f} s")
        (again, copy), took = timed(lambda: upload(url, rows))
        print(f"the same roster again: {took:.1f} s, COPY {copy:.1f} s ({again})")
        refresh, took = timed(lambda: cache.refresh(desk.engine, remote, now=NOW))
        print(f"the desk's refresh after it: {refresh.rows:,} rows in {took * 1000:.0f} ms")
        picked = set(random.Random(8).sample(range(len(rows)), args.changed))
        changed = [(*r[:10], r[10] + 100, *r[11:]) if i in picked else r for i, r in enumerate(rows)]
        (third, copy), took = timed(lambda: upload(url, changed))
        print(f"a roster with {args.changed:,} balances changed: {took:.1f} s, COPY {copy:.1f} s ({third})")
        refresh, took = timed(lambda: cache.refresh(desk.engine, remote, now=NOW))
        print(f"the desk's refresh after it: {refresh.rows:,} rows in {took * 1000:.0f} ms")
        remote.dispose()
        desk.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
