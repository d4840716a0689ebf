"""Applying a staged roster to ``clients`` in short slices, all or nothing through an undo log.

Why not one transaction: it held the write lock for as long as the whole
diff took (5.4 s for 250,000 rows, most of it the name index), and every save
made meanwhile failed as "busy".  Each slice here is one short write
transaction (see :mod:`desktop.models.store.roster_pace`: ~15 ms, then a gap for
other writers) that changes a run of staged rows *and* logs how to undo them
(:mod:`desktop.models.store.roster_undo`); the name index's merge work, which
would otherwise land inside a few slices at 50-300 ms each, runs between them
in short transactions of its own (:mod:`desktop.models.store.roster_fts`).  The import is recorded as
``applying`` first and marked ``done`` by one last short transaction, the
commit point:

- Cancel, or an error in any slice: the slices already committed are undone
  from the log, slice by slice, before the error is raised.
- The process killed at any point: the import is still ``applying`` on disk,
  and :func:`desktop.models.store.roster_undo.recover` (at start, and before the
  next import) undoes it.  So the store never keeps half a roster.

What readers see meanwhile: every client row is whole (old or new, never a
mix of columns), but for the seconds the apply runs some clients already
show the new roster and others the old one.  On a desk that window is hidden
behind the import dialog, which is window-modal: no lookup is typed during
it.  Anything else reading the store can ask
:func:`desktop.models.store.roster_undo.applying_import` and say that an import
is being applied.  Keeping a whole second copy of ``clients`` visible instead
(a generation column read by every lookup, or a shadow table renamed into
place) would mean touching every query of the cache and rebuilding the name
index for rows that did not change, for a window nobody on the desk can see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, TextClause, bindparam, text

from desktop.models.store import roster_pace, roster_undo
from desktop.models.store.roster_undo import COMPARED, KEPT
from desktop.models.store.roster_write import ImportCancelledError, ImportResult
from desktop.models.store.types import UtcDateTime

log = logging.getLogger(__name__)


class _Counts:
    def __init__(self) -> None:
        self.done = 0
        self.done_seq = 0  # the last staged row applied
        self.inserted = 0
        self.updated = 0


def _statements() -> dict[str, TextClause]:
    """The SQL of one slice, written once (SQLite: the roster is imported into a desk's own store).

    Why text and not Core expressions built per slice: building, cache-keying and
    redaction-walking eight expressions cost more than running them.  Only
    numbers and the time are bound; every text value is copied inside SQLite
    from rows already redacted when they were staged.
    """
    others = [c for c in COMPARED if c != "name_key"]
    in_slice = "s.seq > :lo AND s.seq <= :hi"
    return {
        "bounds": text("SELECT max(seq), count(*) FROM (SELECT seq FROM roster_stage WHERE seq > :lo "
                       "ORDER BY seq LIMIT :rows)"),
        # 1. The old values of every client this slice changes.
        "log_changed": text(
            f"INSERT INTO roster_undo (import_id, client_id, inserted, {', '.join(KEPT)}) "
            f"SELECT :imp, c.id, 0, {', '.join('c.' + k for k in KEPT)} "
            f"FROM roster_stage AS s JOIN clients AS c ON c.cid = s.cid WHERE {in_slice} "
            f"AND ({' OR '.join(f'c.{k} IS NOT s.{k}' for k in COMPARED)})"
        ),
        # 2. The changes.  Rows whose name changed get every column; the others leave name_key out
        #    of the SET list, so the name-search trigger (UPDATE OF name_key) stays quiet for them.
        "renamed": text(
            f"UPDATE clients SET {', '.join(f'{k} = s.{k}' for k in COMPARED)}, updated_at = :stamp "
            f"FROM roster_stage AS s WHERE clients.cid = s.cid AND {in_slice} AND clients.name_key IS NOT s.name_key"
        ).bindparams(bindparam("stamp", type_=UtcDateTime())),
        "changed": text(
            f"UPDATE clients SET {', '.join(f'{k} = s.{k}' for k in others)}, updated_at = :stamp "
            f"FROM roster_stage AS s WHERE clients.cid = s.cid AND {in_slice} "
            f"AND ({' OR '.join(f'clients.{k} IS NOT s.{k}' for k in others)})"
        ).bindparams(bindparam("stamp", type_=UtcDateTime())),
        # 3. New clients, and their ids in the log.  A new row's id is larger than every id before
        #    it (SQLite's rowid rule), so "id above the old maximum" is exactly this slice's inserts.
        "max_id": text("SELECT coalesce(max(id), 0) FROM clients"),
        "insert": text(
            f"INSERT INTO clients (cid, {', '.join(COMPARED)}, updated_at) "
            f"SELECT s.cid, {', '.join('s.' + k for k in COMPARED)}, :stamp FROM roster_stage AS s "
            f"WHERE {in_slice} AND NOT EXISTS (SELECT 1 FROM clients AS c WHERE c.cid = s.cid)"
        ).bindparams(bindparam("stamp", type_=UtcDateTime())),
        "log_inserted": text(
            "INSERT INTO roster_undo (import_id, client_id, inserted) SELECT :imp, id, 1 FROM clients WHERE id > :before"
        ),
        "progress": text("UPDATE roster_imports SET rows_done = rows_done + :n WHERE id = :imp"),
    }


_SQL = _statements()


def _slice(conn: Connection, import_id: int, counts: _Counts, rows: int, now: datetime) -> int:
    """Apply the next ``rows`` staged rows and log their undo, inside the caller's transaction."""
    high, n = conn.execute(_SQL["bounds"], {"lo": counts.done_seq, "rows": rows}).one()
    if not n:
        return 0
    where = {"lo": counts.done_seq, "hi": high}
    updated = conn.execute(_SQL["log_changed"], {**where, "imp": import_id}).rowcount
    conn.execute(_SQL["renamed"], {**where, "stamp": now})
    conn.execute(_SQL["changed"], {**where, "stamp": now})
    before = conn.execute(_SQL["max_id"]).scalar_one()
    inserted = conn.execute(_SQL["insert"], {**where, "stamp": now}).rowcount
    if inserted:
        conn.execute(_SQL["log_inserted"], {"imp": import_id, "before": before})
    conn.execute(_SQL["progress"], {"n": n, "imp": import_id})
    counts.done_seq = int(high)
    counts.done += int(n)
    counts.inserted += int(inserted)
    counts.updated += int(updated)
    return int(n)


def apply_staged(
    conn: Connection,
    now: datetime,
    staged: int,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int], None] | None = None,
    pace: roster_pace.Pace | None = None,
) -> ImportResult:
    """Upsert every staged row (``roster_stage`` on ``conn``) by CID; all or nothing.

    Raises :class:`ImportCancelledError` when ``cancelled()`` turns true, after
    undoing what was applied; any other error is raised after the same undo.
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime")
    with roster_undo.APPLYING:
        roster_undo.recover_on(conn, now)  # an import a dead process left half applied goes first
        import_id = roster_undo.begin_import(conn, now, staged)
        pace = pace or roster_pace.Pace(conn)
        merges = roster_undo.merge_pace(conn, pace.pause_s)
        counts = _Counts()
        try:
            with roster_pace.relaxed_sync(conn):
                while True:
                    if cancelled():
                        raise ImportCancelledError
                    if not pace.run(lambda rows: _slice(conn, import_id, counts, rows, now)):
                        break
                    if progress is not None:
                        progress(counts.done)
                    roster_undo.merge_some(merges)  # the name index, paced too
                roster_undo.merge_all(merges)
            roster_undo.finish_import(conn, import_id, now, counts.inserted, counts.updated)
        except BaseException:
            _undo_after_failure(conn, import_id, now)
            raise
        try:
            roster_undo.forget_import(conn, import_id)
        except Exception:  # only garbage is left: the next import or start drops it
            log.warning("the undo log of roster import %s is left for later", import_id, exc_info=True)
    return ImportResult(inserted=counts.inserted, updated=counts.updated,
                        unchanged=counts.done - counts.inserted - counts.updated)


def _undo_after_failure(conn: Connection, import_id: int, now: datetime) -> None:
    try:
        roster_undo.undo_import(conn, import_id, now)
    except Exception:  # e.g. the disk is full: the import stays "applying" and is undone at the next start
        log.error("roster import %s could not be undone now; it will be at the next start", import_id,
                  exc_info=True)
