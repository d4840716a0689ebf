"""``make bench-team``: 50 simulated agents on one local PostgreSQL, and a desk's cache timings.

Needs ``INTERLOCK_ASSIST_TEST_PG_URL`` (a superuser URL; ``make bench-team``
starts a throwaway server).  Each agent is a whole desk (:class:`Workstation`,
one process each) that opens clients, runs the online one-time check, saves
notes and grants courtesy credits.  The agents run twice:

- **paced**: an agent pauses ``--think-ms`` (1 s) on average between calls.
  A real agent reaches the server a few times per call of several minutes, so
  this is still dozens of times a center's pace; the p95 of the check is taken
  here (goal <= 30 ms on loopback).
- **saturated**: no pause, for the throughput.  Here the 50 desks' own Python
  and the server share this machine's cores (in a center every desk has its
  own PC), so the check's latency in this run says what the cores allow: the
  ``SELECT 1`` timed beside every check, over the same path, is that floor.

Each run also prints the CPU a call used in the desks and in PostgreSQL and
what the server's backends waited on.  Then: the time to fill a new desk's
cache with 200,000 clients (goal <= 30 s) and an incremental refresh after
1,000 changes on the server (goal <= 1 s).  Exits non-zero when a goal is
missed.  Why not a timed test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from bench.run import client_rows, percentile
from bench.team_agents import NOW, new_desk, run_agents
from desktop.models.store import db
from desktop.models.store.db import open_store
from desktop.models.team import cache, pg_schema

CHECK_GOAL_MS = 30.0
FILL_GOAL_S = 30.0
REFRESH_GOAL_S = 1.0
COLUMNS = ("cid, name, name_key, brand, device_model, state, time_zone, service_center_name, "
           "service_center_address, service_center_tz, balance, preferred_language, critical_flags, updated_at")
PASSWORD = "bench-agent-pw"


def setup_server(admin_url: str) -> str:
    """A fresh migrated database and an agent login; returns the agent's URL."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "ia_bench" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "ia_bench"'))
    admin.dispose()
    url = make_url(admin_url).set(database="ia_bench")
    engine = db.make_engine(url.render_as_string(hide_password=False))
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ia_bench_agent') "
            f"THEN CREATE ROLE ia_bench_agent LOGIN PASSWORD '{PASSWORD}'; END IF; END $$"
        ))
        conn.execute(text(f"GRANT {pg_schema.AGENT_ROLE} TO ia_bench_agent"))
    engine.dispose()
    return url.set(username="ia_bench_agent", password=PASSWORD).render_as_string(hide_password=False)


def load_clients(admin_url: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """COPY is how a center would load its roster; the change-number trigger runs per row."""
    import psycopg

    plain = make_url(admin_url).set(drivername="postgresql", database="ia_bench")
    with (
        psycopg.connect(plain.render_as_string(hide_password=False)) as conn,
        conn.cursor() as cur,
        cur.copy(f"COPY clients ({COLUMNS}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def client_ids(agent_url: str) -> list[int]:
    engine = create_engine(agent_url)
    with engine.connect() as conn:
        ids = [int(r[0]) for r in conn.execute(text("SELECT id FROM clients ORDER BY id"))]
    engine.dispose()
    return ids


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--calls", type=int, default=20, help="calls per agent in each run")
    parser.add_argument("--think-ms", type=float, default=1000.0,
                        help="mean pause between an agent's calls in the paced run (the check's goal)")
    parser.add_argument("--processes", type=int, default=0, help="processes the desks are spread over (0: one each)")
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--hot-clients", type=int, default=2_000, help="clients the agents work on")
    parser.add_argument("--changes", type=int, default=1_000)
    parser.add_argument("--load", choices=("desk", "server"), default="desk",
                        help="agents run whole desks (cache and outbox too), or send the server only what a desk sends")
    args = parser.parse_args(argv)
    admin_url = os.environ.get("INTERLOCK_ASSIST_TEST_PG_URL")
    if not admin_url:
        print("set INTERLOCK_ASSIST_TEST_PG_URL or run `make bench-team`", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="ia-bench-team-"))
    try:
        agent_url = setup_server(admin_url)
        template = folder / "template.sqlite3"
        open_store(f"sqlite:///{template}").engine.dispose()

        rows = client_rows(args.clients, random.Random(7))
        load_clients(admin_url, rows[: args.hot_clients])
        ids = client_ids(agent_url)
        processes = args.processes or args.agents
        runs = {
            label: run_agents(label, args.agents, processes, template, folder, agent_url, ids, args.calls, think,
                              args.load, admin_url)
            for label, think in (("paced", args.think_ms / 1000), ("busy", 0.0))
        }
        print(f"{args.agents} agents, {processes} processes, {args.load} load")
        for label, heading in (("paced", "paced (the check's goal)"), ("busy", "saturated (the throughput)")):
            print(f"{heading}: " + "\n".join(runs[label].lines()))
        p95 = percentile(runs["paced"].checks, 95)
        print(f"online one-time check, paced: p95 {p95:.1f} ms (goal <= {CHECK_GOAL_MS:.0f} ms); "
              f"throughput, saturated: {runs['busy'].ops / runs['busy'].elapsed:.0f} operations/s")

        probe = new_desk(template, folder, "probe", agent_url)
        probe.tick()
        alone = []
        for client in ids[:300]:
            t0 = time.perf_counter()
            probe.check_one_time(client, "courtesy_credit")
            alone.append((time.perf_counter() - t0) * 1000)
        probe.close()
        print(f"online one-time check from one desk with the others idle: p50 {percentile(alone, 50):.1f} ms, "
              f"p95 {percentile(alone, 95):.1f} ms")

        load_clients(admin_url, rows[args.hot_clients :])
        fresh = new_desk(template, folder, "fresh", agent_url)
        t0 = time.perf_counter()
        filled = cache.refresh(fresh.local.engine, fresh.remote, now=NOW)
        fill = time.perf_counter() - t0
        print(f"new desk cache: {filled.rows} rows in {fill:.1f} s (goal <= {FILL_GOAL_S:.0f} s)")

        admin = db.make_engine(make_url(admin_url).set(database="ia_bench").render_as_string(hide_password=False))
        with admin.begin() as conn:
            conn.execute(text("UPDATE clients SET balance = balance + 100 WHERE id IN "
                              "(SELECT id FROM clients ORDER BY random() LIMIT :n)"), {"n": args.changes})
        admin.dispose()
        t0 = time.perf_counter()
        step = cache.refresh(fresh.local.engine, fresh.remote, now=NOW)
        refresh = time.perf_counter() - t0
        print(f"incremental refresh: {step.rows} changed rows in {refresh * 1000:.0f} ms "
              f"(goal <= {REFRESH_GOAL_S * 1000:.0f} ms)")
        fresh.close()
        ok = p95 <= CHECK_GOAL_MS and fill <= FILL_GOAL_S and refresh <= REFRESH_GOAL_S
        print("all goals met" if ok else "GOAL MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
