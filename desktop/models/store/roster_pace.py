"""Short write transactions for long jobs: a slice per transaction, sized so the write lock is held only a moment.

Why slices and not one transaction: SQLite has one writer at a time, and the
app's own writes (a note saved, a draft autosaved) wait at most
:data:`desktop.models.store.db.BUSY_TIMEOUT_MS` (50 ms) for the lock before they
report "busy".  A job that holds the lock for seconds therefore makes every
save in that time fail.  :class:`Pace` runs a job one slice per
``BEGIN IMMEDIATE`` … ``COMMIT`` and:

- sizes the next slice from the time the last ones held the lock, aiming at
  :data:`TARGET_S` (the cost per row differs a lot: an unchanged client costs
  a comparison, a new one an insert plus its name-index entries), half of
  what a waiting save can bear, so a busy machine still has margin;
- pauses :data:`PAUSE_S` after each commit.  SQLite's busy handler retries a
  waiting writer at 0, 1, 3, 8, 18, 33 and 50 ms; a slice of at most ~30 ms
  followed by a 20 ms gap always leaves one of those retries a free lock, so
  a save made during the job waits at most one slice;
- when another writer holds the lock at ``BEGIN``, waits and tries again
  (the job is in no hurry; the agent's save is).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from desktop.models.store.store_errors import StoreBusyError, classify

#: Aim for this long a write transaction.
TARGET_S = 0.015
#: Gap left after each commit for other writers.
PAUSE_S = 0.02
#: Never fewer / more rows than this in a slice.
MIN_ROWS = 8
MAX_ROWS = 20_000
#: Give up when other writers kept the lock this long in a row.
BUSY_GIVE_UP_S = 30.0
#: Copy the log into the database file after this many slices (see :func:`relaxed_sync`).
CHECKPOINT_EVERY = 16


@dataclass
class Pace:
    """Runs ``work(rows)`` on ``conn`` in short write transactions; see the module docstring."""

    conn: Connection
    start_rows: int = 200
    target_s: float = TARGET_S
    pause_s: float = PAUSE_S
    on_slice: Callable[[], None] | None = None
    max_rows: int = MAX_ROWS
    rows: int = field(init=False)
    slices: int = field(default=0, init=False)
    longest_s: float = field(default=0.0, init=False)
    held_s: float = field(default=0.0, init=False)
    _per_row: float | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.rows = max(MIN_ROWS, min(self.max_rows, self.start_rows))

    def _resize(self, held: float, handled: int) -> None:
        """The next slice's rows: what fits :attr:`target_s` at the cost per row seen so far.

        Smoothed, and never more than doubled or halved at once, so one slice
        slowed by a busy machine does not shrink the job to a crawl.
        """
        per_row = held / handled
        if held > 2 * self.target_s:  # far over: shrink at once, the lock was held too long
            self._per_row = per_row
            self.rows = max(MIN_ROWS, min(self.max_rows, int(self.rows * self.target_s / held)))
            return
        self._per_row = per_row if self._per_row is None else 0.7 * self._per_row + 0.3 * per_row
        wanted = int(self.target_s / self._per_row) if self._per_row > 0 else self.max_rows
        self.rows = min(self.max_rows, max(MIN_ROWS, min(wanted, self.rows * 2), self.rows // 2))

    def run(self, work: Callable[[int], int]) -> int:
        """One slice: ``work(rows)`` inside ``BEGIN IMMEDIATE`` … ``COMMIT``; returns what ``work`` returned.

        ``work`` returns how many rows it handled (0: nothing was left).  Any
        other error rolls the slice back and is raised.
        """
        conn = self.conn
        waited_since = time.monotonic()
        while True:
            if conn.in_transaction():
                conn.commit()
            started = time.perf_counter()
            try:
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                started = time.perf_counter()
                handled = work(self.rows)
                conn.commit()
            except (StoreBusyError, OperationalError) as exc:
                conn.rollback()
                if classify(exc) is not StoreBusyError or time.monotonic() - waited_since > BUSY_GIVE_UP_S:
                    raise
                time.sleep(self.pause_s or PAUSE_S)
                continue
            except BaseException:
                conn.rollback()
                raise
            break
        held = time.perf_counter() - started
        self.slices += 1
        self.held_s += held
        self.longest_s = max(self.longest_s, held)
        if handled > 0:
            self._resize(held, handled)
        if self.slices % CHECKPOINT_EVERY == 0 and conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").close()  # no write lock: writers go on
        if self.on_slice is not None:
            self.on_slice()
        if handled and self.pause_s:
            time.sleep(self.pause_s)
        return handled


@contextmanager
def relaxed_sync(conn: Connection) -> Iterator[None]:
    """Commits without waiting for the disk inside the block; full durability again after it.

    Why: with a write-ahead log, ``synchronous=NORMAL`` keeps every commit
    atomic and in order and only lets the newest ones be lost on a power cut,
    while an fsync per slice would cost more than the slice itself.  The job's
    slices are undone as a whole if it does not finish, so losing its newest
    slices is harmless; the one commit that must survive (the mark that
    finishes the job) runs after this block, with ``FULL``, and its fsync
    makes every slice before it durable too.

    The automatic checkpoint is off in the block as well: it would run inside
    a slice's commit and be counted as time holding the lock.  :class:`Pace`
    checkpoints every :data:`CHECKPOINT_EVERY` slices instead, after the commit
    (a passive checkpoint takes no write lock), so the log stays small.
    """
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        if conn.in_transaction():
            conn.commit()
        conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
        conn.commit()
    try:
        yield
    finally:
        if sqlite:
            if conn.in_transaction():
                conn.rollback()
            conn.exec_driver_sql("PRAGMA synchronous=FULL")
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint=1000")  # SQLite's default
            conn.commit()
