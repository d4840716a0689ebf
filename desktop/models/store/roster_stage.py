"""Staging a roster import in a TEMP table, then one short all-or-nothing swap into ``clients``.

Why a staging table: the import used to upsert chunk by chunk inside one long
transaction, so it held the database's write lock across event-loop turns and a
note saved meanwhile waited up to the busy timeout.  Now the checked rows go to
a TEMP table on a connection of their own: TEMP tables live in the
connection's own temporary database, so filling it locks nothing in the store
and each slice commits at once.  Nothing in ``clients`` changes until
:meth:`RosterStage.swap`, one transaction of a few set-based statements that
writes only the rows that changed; Cancel before or during it (see
:meth:`RosterStage.interrupt`), or any failure in it, leaves the cache exactly
as it was.  The swap still holds the write lock while it runs, and that time
grows with the rows written (the name-search triggers index each new row).

Why a TEMP table rather than a migration: it exists only while one import
dialog is open, dies with its connection, and so never needs upgrading.
Duplicate CIDs are found with one ``GROUP BY`` over the staged rows instead of a
dictionary of every CID in memory.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

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
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from desktop.models.store.roster import FIELDS, RosterRow
from desktop.models.store.roster_write import ImportResult
from desktop.models.store.schema import Client
from desktop.models.store.types import Money, UtcDateTime

# Every roster column but the key, plus the stored search key that follows the name.
_COMPARED = ("name", "name_key", *(f for f in FIELDS if f not in ("cid", "name")))

_metadata = MetaData()
STAGE = Table(
    "roster_stage",
    _metadata,
    Column("row", Integer, nullable=False),
    Column("cid", String(32), nullable=False),
    Column("name", String(200)),
    Column("name_key", String(200)),
    Column("brand", String(16)),
    Column("device_model", String(64)),
    Column("state", String(2)),
    Column("time_zone", String(64)),
    Column("service_center_name", String(200)),
    Column("service_center_address", String(300)),
    Column("service_center_tz", String(64)),
    Column("balance", Money),
    Column("preferred_language", String(2)),
    Column("critical_flags", JSON),
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
        """Upsert every staged row by CID in one transaction; commit, or roll back and re-raise."""
        if now.tzinfo is None:
            raise ValueError("naive datetime")
        conn = self._connection()
        clients = cast(Table, Client.__table__)
        s = STAGE.c
        stamp = literal(now, UtcDateTime())
        try:
            # Rows whose name changed get every column; the others leave name_key out of the SET
            # list, so the name-search trigger (UPDATE OF name_key) stays quiet for them.
            renamed = conn.execute(
                update(clients)
                .where(clients.c.cid == s.cid, clients.c.name_key.is_distinct_from(s.name_key))
                .values({c: s[c] for c in _COMPARED} | {"updated_at": stamp})
            ).rowcount
            others = [c for c in _COMPARED if c != "name_key"]
            changed = conn.execute(
                update(clients)
                .where(clients.c.cid == s.cid, or_(*(clients.c[c].is_distinct_from(s[c]) for c in others)))
                .values({c: s[c] for c in others} | {"updated_at": stamp})
            ).rowcount
            columns: list[Any] = ["cid", *_COMPARED, "updated_at"]
            inserted = conn.execute(
                insert(clients).from_select(
                    columns,
                    select(s.cid, *(s[c] for c in _COMPARED), stamp).where(
                        ~exists().where(clients.c.cid == s.cid)
                    ),
                )
            ).rowcount
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        updated = renamed + changed
        return ImportResult(inserted=inserted, updated=updated, unchanged=self.staged - inserted - updated)

    def interrupt(self) -> None:
        """Stop a running :meth:`swap` from another thread (Cancel); it then rolls back and raises.

        Why: the swap of a very large roster takes a while, and Cancel must still answer.
        """
        conn = self.conn
        if conn is not None:
            driver = conn.connection.driver_connection
            if driver is not None and hasattr(driver, "interrupt"):
                driver.interrupt()

    def close(self) -> None:
        """Drop the staged rows (the TEMP table dies with its connection)."""
        if self.conn is not None:
            try:
                self.conn.rollback()
                STAGE.drop(self.conn, checkfirst=True)
                self.conn.commit()
            finally:
                self.conn.close()
                self.conn = None

    def __enter__(self) -> RosterStage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
