"""The undo log of a roster import being applied, and putting the cache back from it.

A roster import is applied in short committed slices (see
:mod:`desktop.models.store.roster_apply`), so between two slices the store holds
part of the new roster.  What makes that safe is this log: each slice writes,
in its own transaction, the previous values of every client it changes and the
id of every client it adds.  An import is recorded in ``roster_imports`` as
``applying`` until one last short transaction marks it ``done``; that mark is
the moment the whole new roster counts.  If the process dies before it (a kill,
a power cut, a crash), :func:`recover` finds the import still ``applying`` and
puts every client back from the log, again in short slices, each deleting the
log rows it has used.  Killed during that too, it simply goes on next time.

After ``done`` (or a finished roll back) the log rows are only garbage, deleted
in slices as well, so no step ever holds the write lock for long.  The first
mark also turns the name index's own merging off and the last mark (``done``
or ``undone``) turns it back on, in the same transactions, so merging runs
paced between slices meanwhile (:mod:`desktop.models.store.roster_fts`).

One import applies at a time: the app runs one copy per store (its single
instance guard), and within this process :data:`APPLYING` is held while a
roster is applied, so :func:`recover` never undoes an import that is still
running.

A client added by the import that meanwhile got a history entry, a flag or a
grant (the tables pointing at ``clients``) is kept when the import is undone:
deleting it would lose that record, and records are never lost.  A client
that something else rewrote while the import was being applied (a team
refresh of the cache) gets its pre-import values back with the rest; the
next refresh brings the server's values again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TextClause,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from desktop.models.store import roster_fts, roster_pace
from desktop.models.store.roster import FIELDS
from desktop.models.store.roster_columns import client_columns
from desktop.models.store.types import UtcDateTime

#: Every roster column of ``clients`` but the key, plus the stored search key that follows the name.
COMPARED: tuple[str, ...] = ("name", "name_key", *(f for f in FIELDS if f not in ("cid", "name")))
#: What the log keeps of a changed client: the compared columns and when it last changed.
KEPT: tuple[str, ...] = (*COMPARED, "updated_at")

APPLYING_STATE = "applying"
DONE_STATE = "done"
UNDONE_STATE = "undone"

#: Held by the thread applying a roster: :func:`recover` leaves a running import alone.
APPLYING = threading.Lock()

metadata = MetaData()
IMPORTS = Table(
    "roster_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("state", String(16), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("rows_total", Integer, nullable=False, default=0),
    Column("rows_done", Integer, nullable=False, default=0),
    Column("inserted", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
)
UNDO = Table(
    "roster_undo",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("import_id", Integer, nullable=False),
    Column("client_id", Integer, nullable=False),
    Column("inserted", Boolean, nullable=False),  # True: the import added this client (undo = delete)
    *client_columns(Text),  # critical flags: the JSON text exactly as ``clients`` holds it
    Column("updated_at", UtcDateTime),
)
Index("ix_roster_undo_import_id", UNDO.c.import_id)
Index("ix_roster_imports_state", IMPORTS.c.state)



@dataclass(frozen=True)
class ApplyingImport:
    """An import whose rows are being written: readers may see part of the new roster until it ends."""

    id: int
    started_at: datetime
    rows_total: int
    rows_done: int

    @property
    def fraction(self) -> float:
        return self.rows_done / self.rows_total if self.rows_total else 0.0


def applying_import(session: Session | Connection) -> ApplyingImport | None:
    """The import being applied right now, if any (what a screen can say while it runs)."""
    row = session.execute(
        select(IMPORTS.c.id, IMPORTS.c.started_at, IMPORTS.c.rows_total, IMPORTS.c.rows_done)
        .where(IMPORTS.c.state == APPLYING_STATE)
        .order_by(IMPORTS.c.id.desc())
        .limit(1)
    ).first()
    return ApplyingImport(int(row[0]), row[1], int(row[2]), int(row[3])) if row is not None else None


def _referencing(conn: Connection) -> list[tuple[str, str]]:
    """(table, column) pairs holding a client id: a client they point at is never deleted."""
    found: list[tuple[str, str]] = []
    inspector = inspect(conn)
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            if fk.get("referred_table") == "clients" and fk.get("constrained_columns"):
                found.append((table, fk["constrained_columns"][0]))
    return found


def _undo_statements(keep: list[tuple[str, str]]) -> dict[str, TextClause]:
    """The SQL of one undo slice (written once per undo; see ``roster_apply._statements`` for why text)."""
    batch = "u.import_id = :imp AND u.id >= :low"
    others = [k for k in KEPT if k != "name_key"]
    unreferenced = "".join(f' AND NOT EXISTS (SELECT 1 FROM "{t}" WHERE "{t}"."{c}" = clients.id)' for t, c in keep)
    return {
        "bounds": text("SELECT min(id), count(*) FROM (SELECT id FROM roster_undo WHERE import_id = :imp "
                       "ORDER BY id DESC LIMIT :rows)"),
        # As when applying: name_key is set only where it differs, so the name index trigger stays quiet otherwise.
        "renamed": text(
            f"UPDATE clients SET {', '.join(f'{k} = u.{k}' for k in KEPT)} FROM roster_undo AS u "
            f"WHERE u.client_id = clients.id AND {batch} AND NOT u.inserted AND clients.name_key IS NOT u.name_key"
        ),
        "changed": text(
            f"UPDATE clients SET {', '.join(f'{k} = u.{k}' for k in others)} FROM roster_undo AS u "
            f"WHERE u.client_id = clients.id AND {batch} AND NOT u.inserted"
        ),
        "added": text(
            f"DELETE FROM clients WHERE id IN (SELECT u.client_id FROM roster_undo AS u WHERE {batch} AND u.inserted)"
            + unreferenced
        ),
        "forget": text("DELETE FROM roster_undo WHERE import_id = :imp AND id >= :low"),
    }


def _undo_slice(conn: Connection, sql: dict[str, TextClause], import_id: int, rows: int) -> int:
    """Put back the newest ``rows`` logged clients of an import, in one transaction; returns how many."""
    low, n = conn.execute(sql["bounds"], {"imp": import_id, "rows": rows}).one()
    if not n:
        return 0
    where = {"imp": import_id, "low": low}
    for step in ("renamed", "changed", "added", "forget"):
        conn.execute(sql[step], where)
    return int(n)


_FORGET = text("DELETE FROM roster_undo WHERE id IN (SELECT id FROM roster_undo WHERE import_id = :imp LIMIT :rows)")


def _forget_slice(conn: Connection, import_id: int, rows: int) -> int:
    """Delete ``rows`` log rows of a finished import (one transaction); returns how many."""
    return int(conn.execute(_FORGET, {"imp": import_id, "rows": rows}).rowcount or 0)


def undo_import(conn: Connection, import_id: int, now: datetime, pace: roster_pace.Pace | None = None) -> None:
    """Put every client an import changed back as it was, slice by slice, then mark it undone."""
    pace = pace or roster_pace.Pace(conn)
    sql = _undo_statements(_referencing(conn))
    conn.rollback()
    merges = merge_pace(conn, pace.pause_s)
    with roster_pace.relaxed_sync(conn):
        while pace.run(lambda n: _undo_slice(conn, sql, import_id, n)):
            merge_some(merges)
        merge_all(merges)
    pace.run(lambda _n: _mark(conn, import_id, UNDONE_STATE, now))


def merge_pace(conn: Connection, pause_s: float = roster_pace.PAUSE_S) -> roster_pace.Pace:
    """The pace of the name index's merge work between slices (see :mod:`desktop.models.store.roster_fts`)."""
    return roster_pace.Pace(conn, start_rows=roster_fts.START_PAGES, pause_s=pause_s, max_rows=roster_fts.MAX_PAGES)


def merge_some(merges: roster_pace.Pace) -> int:
    """One paced transaction of the name index's merge work; 0 once none was left."""
    return merges.run(lambda pages: roster_fts.merge(merges.conn, pages))


def merge_all(merges: roster_pace.Pace) -> None:
    """Merge what the index has left, in short transactions, before the import's last mark."""
    while merge_some(merges):
        pass


def forget_import(conn: Connection, import_id: int, pace: roster_pace.Pace | None = None) -> None:
    """Delete the log of a finished import, slice by slice (nothing a reader sees changes)."""
    pace = pace or roster_pace.Pace(conn, start_rows=2000)
    with roster_pace.relaxed_sync(conn):
        while pace.run(lambda n: _forget_slice(conn, import_id, n)):
            pass


def _mark(conn: Connection, import_id: int, state: str, now: datetime) -> int:
    conn.execute(update(IMPORTS).where(IMPORTS.c.id == import_id).values(state=state, finished_at=now))
    roster_fts.release_merges(conn)
    return 0


def needs_recovery(conn: Connection) -> bool:
    """True when an import was left applying or a log was left behind (one index probe each)."""
    if not inspect(conn).has_table(UNDO.name):
        conn.rollback()
        return False
    left = conn.execute(select(IMPORTS.c.id).where(IMPORTS.c.state == APPLYING_STATE).limit(1)).first()
    log = conn.execute(select(UNDO.c.id).limit(1)).first()
    conn.rollback()
    return left is not None or log is not None


def recover(engine: Engine, now: datetime, *, pause_s: float = roster_pace.PAUSE_S) -> int:
    """Undo every import left ``applying`` by a process that died, and drop finished logs.

    Run at start and before each import.  Cheap when there is nothing to do
    (two index probes); returns how many imports were undone.  Skipped while
    this process is applying a roster (:data:`APPLYING`).
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime")
    if not APPLYING.acquire(blocking=False):
        return 0
    try:
        with engine.connect() as conn:
            return recover_on(conn, now, pause_s=pause_s)
    finally:
        APPLYING.release()


def recover_on(conn: Connection, now: datetime, *, pause_s: float = roster_pace.PAUSE_S) -> int:
    """:func:`recover` on a connection the caller holds (with :data:`APPLYING` already taken)."""
    if not needs_recovery(conn):
        return 0
    left = [int(r[0]) for r in conn.execute(select(IMPORTS.c.id).where(IMPORTS.c.state == APPLYING_STATE))]
    conn.rollback()
    for import_id in left:
        undo_import(conn, import_id, now, roster_pace.Pace(conn, pause_s=pause_s))
    logged = [int(r[0]) for r in conn.execute(select(UNDO.c.import_id).distinct())]
    conn.rollback()
    for import_id in logged:
        forget_import(conn, import_id, roster_pace.Pace(conn, start_rows=2000, pause_s=pause_s))
    return len(left)


def begin_import(conn: Connection, now: datetime, rows_total: int) -> int:
    """Record a new import as applying (one short transaction); returns its id."""
    ids: list[int] = []

    def add(_n: int) -> int:
        ids.append(int(conn.execute(IMPORTS.insert().values(
            state=APPLYING_STATE, started_at=now, rows_total=rows_total, rows_done=0, inserted=0, updated=0
        ).returning(IMPORTS.c.id)).scalar_one()))
        roster_fts.hold_merges(conn)
        return 0

    roster_pace.Pace(conn).run(add)
    return ids[0]


def finish_import(conn: Connection, import_id: int, now: datetime, inserted: int, updated: int) -> None:
    """The commit point of an import: after this one short transaction the new roster counts whole."""
    def done(_n: int) -> int:
        conn.execute(update(IMPORTS).where(IMPORTS.c.id == import_id, IMPORTS.c.state == APPLYING_STATE).values(
            state=DONE_STATE, finished_at=now, inserted=inserted, updated=updated, rows_done=IMPORTS.c.rows_total
        ))
        roster_fts.release_merges(conn)
        return 0

    roster_pace.Pace(conn).run(done)
