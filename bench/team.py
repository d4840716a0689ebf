"""``make bench-team``: 50 simulated agents on one local PostgreSQL, and a desk's cache timings.

Needs ``INTERLOCK_ASSIST_TEST_PG_URL`` (a superuser URL; ``make bench-team``
starts a throwaway server).  Prints the throughput of 50 agents opening
clients, saving notes and granting courtesy credits through :class:`Workstation`
(each agent pauses ``--think-ms`` on average between calls; 0 turns it into a
saturation test),
the p95 of the online one-time check (goal <= 30 ms on loopback) beside the p95
of a ``SELECT 1`` timed the same way under the same load (what any round trip
costs on this machine: on a 2-core machine 50 desks' Python shares the cores with
the server), the CPU each call used in the desks and in PostgreSQL, what the
server's backends waited on, the time to
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
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, make_url, text

from bench.run import client_rows, percentile
from desktop.models.store import clients, db
from desktop.models.store.db import open_store
from desktop.models.team import cache, pg_schema, server
from desktop.models.team.workstation import Workstation
from desktop.models.team.writes import HistoryDraft, write_for

CHECK_GOAL_MS = 30.0
FILL_GOAL_S = 30.0
REFRESH_GOAL_S = 1.0
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
COLUMNS = ("cid, name, name_key, brand, device_model, state, time_zone, service_center_name, "
           "service_center_address, service_center_tz, balance, preferred_language, critical_flags, updated_at")
PASSWORD = "bench-agent-pw"
T = TypeVar("T")


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


class ServerCpu:
    """CPU seconds the test server's processes used since this was made (from ``/proc``).

    Only processes alive at both readings count, so a backend that exits in between
    is missed; the desks keep theirs open until the agents finish.
    """

    def __init__(self, admin_url: str) -> None:
        engine = create_engine(admin_url)
        with engine.connect() as conn:
            self.root = int(conn.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")).scalar_one())
        engine.dispose()
        self.start = self._ticks()

    def _ticks(self) -> dict[int, int]:
        parent = _stat(self.root)
        if parent is None:
            return {}
        postmaster = int(parent[1])
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = _stat(int(entry.name))
                if fields is not None and int(fields[1]) == postmaster:
                    found[int(entry.name)] = int(fields[11]) + int(fields[12])
        return found

    def used(self) -> float:
        now = self._ticks()
        return sum(t - self.start.get(pid, 0) for pid, t in now.items()) / os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """Fields of ``/proc/PID/stat`` after the command name: [state, ppid, ..., utime (11), stime (12)]."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()


class WaitSampler:
    """What the server's busy backends wait on, sampled every 50 ms while the agents run.

    Why: it tells lock waits (two grants for one client meeting on the unique
    index), I/O and CPU apart without instrumenting the desks.
    """

    def __init__(self, admin_url: str) -> None:
        self.counts: dict[str, int] = {}
        self.samples = 0
        self._done = threading.Event()
        self._engine = create_engine(make_url(admin_url).set(database="ia_bench"), isolation_level="AUTOCOMMIT")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with self._engine.connect() as conn:
            while not self._done.wait(0.05):
                rows = conn.execute(text(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity "
                    "WHERE state = 'active' AND datname = 'ia_bench' AND pid <> pg_backend_pid()")).scalars()
                self.samples += 1
                for what in rows:
                    self.counts[what] = self.counts.get(what, 0) + 1

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        self._engine.dispose()

    def summary(self) -> str:
        if not self.samples:
            return "no samples"
        busy = sorted(self.counts.items(), key=lambda kv: -kv[1])[:5]
        parts = ", ".join(f"{what} {n / self.samples:.2f}" for what, n in busy)
        return f"{sum(self.counts.values()) / self.samples:.2f} on average ({parts or 'idle'})"


def new_desk(template: Path, folder: Path, name: str, url: str) -> Workstation:
    path = folder / f"{name}.sqlite3"
    shutil.copy(template, path)
    return Workstation(open_store(f"sqlite:///{path}", migrate=False), url, workstation=name,
                       agent=name, clock=lambda: NOW)


def select_one(desk: Workstation) -> None:
    """The floor of a check: one trivial statement over the same pooled connection and driver."""
    with desk.reader.connect() as conn:
        conn.exec_driver_sql("SELECT 1").scalar()


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def _agent(
    desk: Workstation, ids: Sequence[int], calls: int, seed: int, think: float, load: str = "desk"
) -> tuple[int, list[float], list[float]]:
    """Open a client, run the one-time check, save a note; one call in four also grants a credit.

    ``think`` seconds pass between calls (an agent talks before the next action; still
    hundreds of times the pace of a real center).  Each call also times a ``SELECT 1``
    over the same connection path, next to the check (in turns, first or second): the
    same load shows what any round trip costs on this machine, so the check's own
    share can be judged.  With ``load="server"`` an agent sends the server exactly
    what a desk sends (the check, the write in one transaction) but skips the work a
    desk does on its own PC (the cache, the outbox), which on this bench would run 50
    desks' worth of Python on the server's cores.
    """
    rnd = random.Random(seed)
    checks: list[float] = []
    floors: list[float] = []
    done = 0
    for n in range(calls):
        client = rnd.choice(ids)
        if load == "desk":
            with desk.session() as s:
                clients.get(s, client)
        if n % 2:
            floors.append(_timed(lambda: select_one(desk))[0])
        took, check = _timed(partial(desk.check_one_time, client, "courtesy_credit"))
        checks.append(took)
        if not n % 2:
            floors.append(_timed(lambda: select_one(desk))[0])
        entries: tuple[HistoryDraft, ...] = (
            HistoryDraft(client_id=client, kind="note", created_at=NOW, agent=desk.agent,
                         note_text="Client called about a lockout; code explained."),
        )
        if not check.taken and rnd.random() < 0.25:
            entries += (HistoryDraft(client_id=client, kind="courtesy_credit", created_at=NOW, agent=desk.agent,
                                     amount=Decimal("25.00")),)
        write = write_for(entries, desk.workstation)
        if load == "desk":
            desk.save(write)
        else:
            with desk.remote.begin() as conn:
                server.apply_write(conn, write, replay=False, detected_at=NOW)
        done += 3
        time.sleep(rnd.uniform(0, 2 * think))
    return done, checks, floors


#: Set before the agents' processes fork: they wait on it once their desks are filled.
_START: Any = None

Job = tuple[int, int, str, str, str, list[int], int, float, str]
Result = tuple[int, list[float], list[float], float, float]


def _process(job: Job) -> Result:
    """One process holding a few desks (a desk is its own process in real life; threads share one GIL).

    Returns the operations, the checks' and the floor's times, the wall time and the agents' CPU seconds.
    """
    first, count, template, folder, url, ids, calls, think, load = job
    desks = [new_desk(Path(template), Path(folder), f"desk-{n:02d}", url) for n in range(first, first + count)]
    for d in desks:
        d.tick()
    if _START is not None:  # every desk has its cache: the agents start together
        _START.wait()
    results: list[tuple[int, list[float], list[float]]] = []
    threads = [threading.Thread(target=lambda d=d, n=n: results.append(_agent(d, ids, calls, n, think, load)))
               for n, d in enumerate(desks, start=first)]
    started, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if _START is not None:  # the server's CPU is read while the desks' connections are still open
        _START.wait()
        _START.wait()
    for d in desks:
        d.close()
    return (sum(r[0] for r in results), [c for r in results for c in r[1]], [f for r in results for f in r[2]],
            elapsed, cpu)


def run_agents(
    agents: int, processes: int, template: Path, folder: Path, url: str, ids: list[int], calls: int, think: float,
    load: str = "desk",
    admin_url: str = "",
) -> tuple[float, int, list[float], list[float], float, float, str]:
    """Wall seconds, operations, the checks' and the floor's times (ms), the agents' and the server's CPU
    seconds, and what the server's backends waited on."""
    global _START
    per = -(-agents // processes)
    jobs: list[Job] = [(first, min(per, agents - first), str(template), str(folder), url, ids, calls, think, load)
                       for first in range(0, agents, per)]
    context = multiprocessing.get_context("fork")
    _START = context.Barrier(len(jobs) + 1)
    with context.Pool(len(jobs)) as pool:
        pending = pool.map_async(_process, jobs)
        _START.wait()  # desks fill their caches first; the clocks run over the agents' calls only
        server_cpu, waits = ServerCpu(admin_url), WaitSampler(admin_url)
        _START.wait()  # every agent is done
        server = server_cpu.used()
        waits.stop()
        _START.wait()
        results = pending.get()
    _START = None
    return (max(r[3] for r in results), sum(r[0] for r in results), [c for r in results for c in r[1]],
            [f for r in results for f in r[2]], sum(r[4] for r in results), server, waits.summary())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--calls", type=int, default=20, help="calls per agent")
    parser.add_argument("--think-ms", type=float, default=100.0, help="mean pause between an agent's calls")
    parser.add_argument("--processes", type=int, default=10, help="processes the agents are spread over")
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
        elapsed, ops, checks, floors, cpu, server_cpu, waits = run_agents(
            args.agents, args.processes, template, folder, agent_url, ids, args.calls, args.think_ms / 1000,
            args.load, admin_url,
        )
        calls = len(checks)
        print(f"{args.agents} agents, {ops} operations in {elapsed:.1f} s: {ops / elapsed:.0f} operations/s")
        print(f"CPU per call: {cpu / calls * 1000:.1f} ms in the desks, {server_cpu / calls * 1000:.1f} ms "
              f"in PostgreSQL; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        print(f"server backends at work (sampled): {waits}")
        p95 = percentile(checks, 95)
        print(f"online one-time check: p50 {percentile(checks, 50):.1f} ms, p95 {p95:.1f} ms "
              f"(goal <= {CHECK_GOAL_MS:.0f} ms)")
        print(f"SELECT 1 over the same path, same load (the machine's floor): p50 {percentile(floors, 50):.1f} ms, "
              f"p95 {percentile(floors, 95):.1f} ms")

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
