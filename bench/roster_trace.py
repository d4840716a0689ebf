"""Where the roster apply holds the write lock: every transaction and statement on the import's engine, timed.

The product's :class:`~desktop.models.store.roster_pace.Pace` times only its own
slices; this tracer sits on the engine instead (cursor events and the
dialect's commit), so it also sees the commit mark, the log deletion, the
checkpoints and anything else the import runs, and says which statement of
the longest transactions took the time.  Bench only: nothing in the product
imports it.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

_SCHEDSTAT = "/proc/thread-self/schedstat"


def sched() -> tuple[float, float]:
    """This thread's CPU time and time spent waiting for a CPU, in seconds (Linux; zeros elsewhere).

    What a long hold was made of: work, waiting for a CPU (a loaded machine),
    or neither (blocked on the disk).
    """
    try:
        with open(_SCHEDSTAT) as f:
            ran, waited, _slices = f.read().split()
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(ran) / 1e9, int(waited) / 1e9


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def statement_key(statement: str) -> str:
    """A short, stable name for a statement: its first words, numbers and spaces squeezed."""
    flat = re.sub(r"\s+", " ", statement).strip()
    return flat[:70]


@dataclass
class Hold:
    """One write transaction: from its BEGIN to the end of its COMMIT."""

    start: float
    end: float
    statements: list[tuple[str, float]]
    commit_s: float
    cpu_s: float = 0.0
    runq_s: float = 0.0

    @property
    def held_s(self) -> float:
        return self.end - self.start


@dataclass
class Tracer:
    """Attach with :meth:`attach`; read :attr:`holds` and :attr:`statements` after the run."""

    holds: list[Hold] = field(default_factory=list)
    statements: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    _tx_start: float | None = None
    _tx_statements: list[tuple[str, float]] = field(default_factory=list)
    _started: float = 0.0
    _sched: tuple[float, float] = (0.0, 0.0)

    def attach(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        dialect: Any = engine.dialect
        commit, rollback = dialect.do_commit, dialect.do_rollback

        def do_commit(dbapi_conn: Any) -> None:
            started = time.perf_counter()
            commit(dbapi_conn)
            self._close(started)

        def do_rollback(dbapi_conn: Any) -> None:
            started = time.perf_counter()
            rollback(dbapi_conn)
            self._close(started)

        dialect.do_commit = do_commit
        dialect.do_rollback = do_rollback

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        head = statement.lstrip().upper()
        self._started = time.perf_counter()
        if self._tx_start is None and head.startswith(_WRITES) and "ROSTER_STAGE" not in head.split(" WHERE")[0]:
            self._tx_start = self._started  # pysqlite opens its own BEGIN right before a first write
            self._sched = sched()

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        now = time.perf_counter()
        took = now - self._started
        key = statement_key(statement)
        self.statements[key].append(took)
        if statement.lstrip().upper().startswith("BEGIN IMMEDIATE"):
            self._tx_start = now  # the lock is held from here (the wait for it is no hold)
            self._sched = sched()
        elif self._tx_start is not None:
            self._tx_statements.append((key, took))

    def _close(self, commit_started: float) -> None:
        end = time.perf_counter()
        if self._tx_start is not None:
            ran, waited = sched()
            self.holds.append(Hold(self._tx_start, end, self._tx_statements, end - commit_started,
                                   ran - self._sched[0], waited - self._sched[1]))
        self._tx_start = None
        self._tx_statements = []

    def hold_during(self, moment: float) -> Hold | None:
        """The transaction that was open at ``moment`` (or the last one before it)."""
        before = [h for h in self.holds if h.start <= moment]
        return before[-1] if before else None

    def report(self, top: int = 5) -> str:
        over = {ms: sum(h.held_s * 1000 > ms for h in self.holds) for ms in (30, 50, 100)}
        lines = [f"write transactions: {len(self.holds):,}; over 30/50/100 ms: "
                 f"{over[30]}/{over[50]}/{over[100]}"]
        for hold in sorted(self.holds, key=lambda h: h.held_s, reverse=True)[:top]:
            lines.append(f"  hold {hold.held_s * 1000:7.1f} ms (commit {hold.commit_s * 1000:.1f} ms; "
                         f"on a CPU {hold.cpu_s * 1000:.1f} ms, waiting for one {hold.runq_s * 1000:.1f} ms)")
            for key, took in sorted(hold.statements, key=lambda s: s[1], reverse=True)[:4]:
                lines.append(f"      {took * 1000:7.1f} ms  {key}")
        lines.append("slowest statements by kind (max ms, total s, count):")
        kinds = sorted(self.statements.items(), key=lambda kv: max(kv[1]), reverse=True)[:12]
        for key, times in kinds:
            lines.append(f"  {max(times) * 1000:7.1f} {sum(times):7.2f} {len(times):6d}  {key}")
        return "\n".join(lines)


def reset_peak_rss() -> None:
    """Start a new peak-memory measurement (Linux: ``clear_refs`` 5 resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_rss_mib() -> float:
    """The process's peak resident memory since :func:`reset_peak_rss`, in MiB (0 where unknown)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
