"""The 50 simulated agents of ``make bench-team``: one process per desk, as in a real center.

Why one process per desk: a desk is its own program on its own PC.  Desks
sharing a process also share its interpreter lock, and a desk woken by the
server's answer then waits for the others' Python before it can read it, which
is a cost of the bench, not of the server or the check.  On this bench all the
desks still share the server's cores, which a real center never does; the
``SELECT 1`` timed beside every check shows what any round trip costs under
the same load.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, make_url, text

from bench.run import percentile
from desktop.models.store import clients
from desktop.models.store.db import open_store
from desktop.models.team import server
from desktop.models.team.workstation import Workstation
from desktop.models.team.writes import HistoryDraft, write_for

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
T = TypeVar("T")


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

    ``think`` seconds pass on average before each call, the first one too: agents
    who start in step would turn the first call into a burst no center sees.  Each call also times a ``SELECT 1``
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
        time.sleep(rnd.uniform(0, 2 * think))
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
    return done, checks, floors


#: Set before the agents' processes fork: they wait on it once their desks are filled.
_START: Any = None

Job = tuple[str, int, int, str, str, str, list[int], int, float, str]
Result = tuple[int, list[float], list[float], float, float]


@dataclass(frozen=True)
class Run:
    """What one run of the agents measured: times in ms, CPU in seconds."""

    think_ms: float
    elapsed: float
    ops: int
    checks: list[float]
    floors: list[float]
    desk_cpu: float
    server_cpu: float
    waits: str
    load: float  # the 1-minute load average as the agents finished

    def lines(self) -> list[str]:
        calls = len(self.checks)
        pace = f"{self.think_ms:.0f} ms between an agent's calls on average" if self.think_ms else "no pause"
        return [
            f"{calls} calls, {pace}: {self.ops} operations in "
            f"{self.elapsed:.1f} s, {self.ops / self.elapsed:.0f} operations/s",
            f"  CPU per call: {self.desk_cpu / calls * 1000:.1f} ms in the desks, "
            f"{self.server_cpu / calls * 1000:.1f} ms in PostgreSQL; {os.cpu_count()} cores, "
            f"load average {self.load:.1f}",
            f"  server backends at work (sampled): {self.waits}",
            f"  online one-time check: p50 {percentile(self.checks, 50):.1f} ms, "
            f"p95 {percentile(self.checks, 95):.1f} ms",
            f"  SELECT 1 over the same path, same load (the machine's floor): "
            f"p50 {percentile(self.floors, 50):.1f} ms, p95 {percentile(self.floors, 95):.1f} ms",
        ]


def _process(job: Job) -> Result:
    """One process holding one desk or a few (threads of one process share its interpreter lock).

    Returns the operations, the checks' and the floor's times, the wall time and the agents' CPU seconds.
    """
    label, first, count, template, folder, url, ids, calls, think, load = job
    desks = [new_desk(Path(template), Path(folder), f"{label}-{n:02d}", url) for n in range(first, first + count)]
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
    label: str, agents: int, processes: int, template: Path, folder: Path, url: str, ids: list[int], calls: int,
    think: float, load: str = "desk", admin_url: str = "",
) -> Run:
    """``agents`` desks over ``processes`` processes, each making ``calls`` calls ``think`` s apart on average."""
    global _START
    per = -(-agents // processes)
    jobs: list[Job] = [
        (label, first, min(per, agents - first), str(template), str(folder), url, ids, calls, think, load)
        for first in range(0, agents, per)
    ]
    context = multiprocessing.get_context("fork")
    _START = context.Barrier(len(jobs) + 1)
    with context.Pool(len(jobs)) as pool:
        pending = pool.map_async(_process, jobs)
        _START.wait()  # desks fill their caches first; the clocks run over the agents' calls only
        server_cpu, waits = ServerCpu(admin_url), WaitSampler(admin_url)
        _START.wait()  # every agent is done
        server_s, loadavg = server_cpu.used(), os.getloadavg()[0]
        waits.stop()
        _START.wait()
        results = pending.get()
    _START = None
    return Run(think * 1000, max(r[3] for r in results), sum(r[0] for r in results),
               [c for r in results for c in r[1]], [f for r in results for f in r[2]],
               sum(r[4] for r in results), server_s, waits.summary(), loadavg)
