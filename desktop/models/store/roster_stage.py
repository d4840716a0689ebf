"""Staging a roster import in a TEMP table, then an all-or-nothing swap into ``clients``.

Why a staging table: the import used to upsert chunk by chunk inside one long
transaction, so it held the database's write lock across event-loop turns and a
note saved meanwhile waited up to the busy timeout.  Now the checked rows go to
a TEMP table on a connection of their own: TEMP tables live in the
connection's own temporary database, so filling it locks nothing in the store
and each slice commits at once.  Nothing in ``clients`` changes until
:meth:`RosterStage.swap`, a few set-based statements per slice that write
only the rows that changed; Cancel before or during it (see
:meth:`RosterStage.interrupt`), or any failure in it, leaves the cache exactly
as it was.  The slices are short and logged for undo, so the swap never holds
the write lock for more than a moment (:mod:`desktop.models.store.roster_apply`).

Why a TEMP table rather than a migration: it exists only while one import
dialog is open, dies with its connection, and so never needs upgrading.
Duplicate CIDs are found with one ``GROUP BY`` over the staged rows instead of a
dictionary of every CID in memory.
"""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    insert,
    select,
)

from desktop.models.store import roster_apply
from desktop.models.store.roster import RosterRow
from desktop.models.store.roster_columns import client_columns
from desktop.models.store.roster_write import ImportResult

_metadata = MetaData()
STAGE = Table(
    "roster_stage",
    _metadata,
    Column("seq", Integer, primary_key=True),  # staging order: the apply walks it a slice at a time
    Column("row", Integer, nullable=False),
    Column("cid", String(32), nullable=False),
    *client_columns(JSON),
    prefixes=["TEMPORARY"],
)
Index("roster_stage_cid", STAGE.c.cid)  # created with the table: duplicates and the swap join on it


class RosterStage:
    """The staged rows of one import, on a connection of their own (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.conn: Connection | None = engine.connect()
        STAGE.drop(self.conn, checkfirst=True)  # a pooled connection may still hold an old one
        STAGE.create(self.conn)
        self.conn.commit()
        self.staged = 0
        self.applied = 0  # rows applied so far by a running swap (read by the dialog's progress)
        self._cancel = threading.Event()

    def _connection(self) -> Connection:
        if self.conn is None:
            raise RuntimeError("the staged import was already closed")
        return self.conn

    def add(self, rows: list[RosterRow]) -> None:
        """Stage checked rows (one short commit that touches only the TEMP table)."""
        conn = self._connection()
        conn.execute(insert(STAGE), [{"row": r.row, **r.values()} for r in rows])
        conn.commit()
        self.staged += len(rows)

    def duplicates(self) -> list[tuple[str, list[int]]]:
        """CIDs staged more than once, with their rows; those rows are unstaged (none is imported)."""
        conn = self._connection()
        dup_cids = select(STAGE.c.cid).group_by(STAGE.c.cid).having(func.count() > 1)
        found: dict[str, list[int]] = {}
        for cid, row in conn.execute(
            select(STAGE.c.cid, STAGE.c.row).where(STAGE.c.cid.in_(dup_cids)).order_by(STAGE.c.cid, STAGE.c.row)
        ):
            found.setdefault(cid, []).append(row)
        if found:
            removed = conn.execute(delete(STAGE).where(STAGE.c.cid.in_(dup_cids))).rowcount
            self.staged -= removed
        conn.commit()
        return sorted(found.items(), key=lambda item: item[1][0])

    def swap(self, now: datetime) -> ImportResult:
        """Apply every staged row by CID, all or nothing (:mod:`desktop.models.store.roster_apply`).

        Runs for seconds on a large roster but holds the write lock only a
        slice at a time; :meth:`interrupt` (Cancel) stops it before its next
        slice, undoes what was applied and raises :class:`ImportCancelledError`.
        """
        if now.tzinfo is None:
            raise ValueError("naive datetime")
        conn = self._connection()
        self.applied = 0
        try:
            return roster_apply.apply_staged(conn, now, self.staged, cancelled=self._cancel.is_set,
                                             progress=self._progressed)
        finally:
            self._cancel.clear()

    def _progressed(self, done: int) -> None:
        self.applied = done

    def interrupt(self) -> None:
        """Stop a running :meth:`swap` from another thread (Cancel); it then undoes its slices and raises.

        Why a flag and not ``sqlite3``'s interrupt: a slice is short, and an
        interrupt landing in the undo that follows would leave the import for
        the next start to undo.
        """
        self._cancel.set()

    def close(self) -> None:
        """Drop the staged rows: the connection is closed for good, and its TEMP database with it.

        Why not ``DROP TABLE`` and back to the pool: dropping 250,000 staged
        rows frees every page one by one (110-400 ms, on the GUI thread that
        closes the dialog), while closing the connection throws its temporary
        database away whole (about 50 ms).
        """
        if self.conn is not None:
            try:
                self.conn.rollback()
            finally:
                self.conn.invalidate()
                self.conn.close()
                self.conn = None

    def __enter__(self) -> RosterStage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
