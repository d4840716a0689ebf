"""``make bench-team``: 50 simulated agents on one local PostgreSQL, and a desk's cache timings.

Needs ``INTERLOCK_ASSIST_TEST_PG_URL`` (a superuser URL; ``make bench-team``
starts a throwaway server).  Prints the throughput of 50 agents opening
clients, saving notes and granting courtesy credits through :class:`Workstation`
(each agent pauses ``--think-ms`` on average between calls; 0 turns it into a
saturation test),
the p95 of the online one-time check (goal <= 30 ms on loopback), the time to
fill a new desk's cache with 200,000 clients (goal <= 30 s) and the time of an
incremental refresh after 1,000 changes on the server (goal <= 1 s).
Exits non-zero when a goal is missed.  Why not a timed test: timings depend on
the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from bench.run import client_rows, percentile
from desktop.models.store import clients, db
from desktop.models.store.db import open_store
from desktop.models.team import cache, pg_schema
from desktop.models.team.workstation import Workstation
from desktop.models.team.writes import HistoryDraft, write_for

CHECK_GOAL_MS = 30.0
FILL_GOAL_S = 30.0
REFRESH_GOAL_S = 1.0
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
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


def new_desk(template: Path, folder: Path, name: str, url: str) -> Workstation:
    path = folder / f"{name}.sqlite3"
    shutil.copy(template, path)
    return Workstation(open_store(f"sqlite:///{path}", migrate=False), url, workstation=name,
                       agent=name, clock=lambda: NOW)


def _agent(desk: Workstation, ids: Sequence[int], calls: int, seed: int, think: float) -> tuple[int, list[float]]:
    """Open a client, run the one-time check, save a note; one call in four also grants a credit.

    ``think`` seconds pass between calls (an agent talks before the next action; still
    hundreds of times the pace of a real center).
    """
    rnd = random.Random(seed)
    checks: list[float] = []
    done = 0
    for _ in range(calls):
        client = rnd.choice(ids)
        with desk.session() as s:
            clients.get(s, client)
        t0 = time.perf_counter()
        check = desk.check_one_time(client, "courtesy_credit")
        checks.append((time.perf_counter() - t0) * 1000)
        entries: tuple[HistoryDraft, ...] = (
            HistoryDraft(client_id=client, kind="note", created_at=NOW, agent=desk.agent,
                         note_text="Client called about a lockout; code explained."),
        )
        if not check.taken and rnd.random() < 0.25:
            entries += (HistoryDraft(client_id=client, kind="courtesy_credit", created_at=NOW, agent=desk.agent,
                                     amount=Decimal("25.00")),)
        desk.save(write_for(entries, desk.workstation))
        done += 3
        time.sleep(rnd.uniform(0, 2 * think))
    return done, checks


def _process(job: tuple[int, int, str, str, str, list[int], int, float]) -> tuple[int, list[float], float]:
    """One process holding a few desks (a desk is its own process in real life; threads share one GIL)."""
    first, count, template, folder, url, ids, calls, think = job
    desks = [new_desk(Path(template), Path(folder), f"desk-{n:02d}", url) for n in range(first, first + count)]
    for d in desks:
        d.tick()
    results: list[tuple[int, list[float]]] = []
    threads = [threading.Thread(target=lambda d=d, n=n: results.append(_agent(d, ids, calls, n, think)))
               for n, d in enumerate(desks, start=first)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    for d in desks:
        d.close()
    return sum(r[0] for r in results), [c for r in results for c in r[1]], elapsed


def run_agents(
    agents: int, processes: int, template: Path, folder: Path, url: str, ids: list[int], calls: int, think: float
) -> tuple[float, int, list[float]]:
    per = -(-agents // processes)
    jobs = [(first, min(per, agents - first), str(template), str(folder), url, ids, calls, think)
            for first in range(0, agents, per)]
    with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
        results = pool.map(_process, jobs)
    # Desks fill their caches first; the clock runs over the agents' calls only.
    return max(r[2] for r in results), sum(r[0] for r in results), [c for r in results for c in r[1]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--calls", type=int, default=20, help="calls per agent")
    parser.add_argument("--think-ms", type=float, default=100.0, help="mean pause between an agent's calls")
    parser.add_argument("--processes", type=int, default=10, help="processes the agents are spread over")
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--hot-clients", type=int, default=2_000, help="clients the agents work on")
    parser.add_argument("--changes", type=int, default=1_000)
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
        elapsed, ops, checks = run_agents(
            args.agents, args.processes, template, folder, agent_url, ids, args.calls, args.think_ms / 1000
        )
        print(f"{args.agents} agents, {ops} operations in {elapsed:.1f} s: {ops / elapsed:.0f} operations/s")
        p95 = percentile(checks, 95)
        print(f"online one-time check: p50 {percentile(checks, 50):.1f} ms, p95 {p95:.1f} ms "
              f"(goal <= {CHECK_GOAL_MS:.0f} ms)")

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
