"""Loading a checked client roster onto the team server: one transaction, only the rows that changed.

Why the server: in team mode PostgreSQL is the system of record for clients and
each desk's SQLite is a cache of it, refreshed by change number.  A roster
written into one desk's cache would be seen by no other desk and be overwritten
by the next refresh, so a lead's import goes to the server instead.

Why COPY into a TEMP table and one ``INSERT … ON CONFLICT``: COPY is the
fastest way to move a quarter of a million rows to PostgreSQL, and a single
set-based statement lets the server compare every row in C.  Its
``WHERE … IS DISTINCT FROM`` leaves a client whose roster values did not change
untouched, so it keeps its change number and no desk copies it again; a desk's
next refresh brings only what the roster really changed.

The semantics are the standalone import's: clients are matched by CID, new
CIDs are added, known ones take the roster's values (and a new ``updated_at``)
when something differs, and clients missing from the file are kept.

Why the rights are the server's: ``clients`` may be written by the lead role
only (see :mod:`.pg_schema`); an agent's login is refused as ``not_lead``
before a row is sent, and by the server's own permission check in any case.
Cancel is checked between COPY chunks; a cancelled, refused or failed upload
rolls back, so the server is exactly as it was.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from desktop.models.store.roster import RosterRow
from desktop.models.store.roster_stage import STAGE
from desktop.models.store.roster_undo import COMPARED
from desktop.models.team.lead import denied

log = logging.getLogger(__name__)

#: The roster's columns of ``clients``, in the order an uploaded row holds them.
COLUMNS: tuple[str, ...] = ("cid", *COMPARED)
#: Rows per COPY: Cancel is looked at between two of them.
CHUNK = 5000
TEMP = "roster_upload"
#: The server's answer whether this login may write clients (the lead role may), asked before a row is sent.
PRIVILEGE_CHECK = "SELECT has_table_privilege('clients', 'INSERT') AND has_table_privilege('clients', 'UPDATE')"

Row = Sequence[Any]


@dataclass(frozen=True)
class UploadResult:
    """``ok`` with the counts; else ``code`` is one of ``not_lead``, ``offline``, ``server_error``,
    ``cancelled`` (and nothing changed on the server)."""

    ok: bool
    code: str | None = None
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.changed + self.unchanged


def row_values(row: RosterRow) -> tuple[Any, ...]:
    """A checked roster row as the server's columns hold it: balance in cents, flags as JSON text."""
    values = row.values()
    values["balance"] = int(row.balance * 100)
    values["critical_flags"] = json.dumps(list(row.critical_flags))
    return tuple(values[c] for c in COLUMNS)


def chunks(rows: Iterable[RosterRow], size: int = CHUNK) -> Iterator[list[tuple[Any, ...]]]:
    """Rows kept in memory (a file read at once), a COPY's worth at a time."""
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row_values(row))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def staged_chunks(stage_conn: Connection, size: int = CHUNK) -> Iterator[list[tuple[Any, ...]]]:
    """The rows an import dialog staged (:mod:`desktop.models.store.roster_stage`), as the server wants them.

    Read as SQLite stores them: the staging table keeps the balance in cents and
    the flags as JSON text already, so rows pass through without converting a value.
    """
    result = stage_conn.exec_driver_sql(f"SELECT {', '.join(COLUMNS)} FROM {STAGE.name} ORDER BY seq")
    try:
        while batch := result.fetchmany(size):
            yield [tuple(r) for r in batch]
    finally:
        result.close()


def _differs(old: str, new: str) -> str:
    """SQL true when the client row ``old`` holds other roster values than ``new``."""
    # json has no equality operator; as jsonb, flags differing only in spacing are the same flags.
    return " OR ".join(
        f"{old}.{c}::jsonb IS DISTINCT FROM {new}.{c}::jsonb" if c == "critical_flags"
        else f"{old}.{c} IS DISTINCT FROM {new}.{c}"
        for c in COLUMNS if c != "cid"
    )


def _upsert_sql() -> str:
    """One statement: the new and changed rows go in, each comparison made by the server.

    Why the anti-join before ``ON CONFLICT``: every row offered to an INSERT fires
    the change-number trigger, even one that then conflicts and changes nothing,
    so an unchanged roster would cost a trigger call per client.  The join leaves
    those rows out; the ``WHERE`` of ``DO UPDATE`` still guards a row another lead
    changed meanwhile.
    """
    names = ", ".join(COLUMNS)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*COLUMNS[1:], "updated_at"))
    # ``xmax = 0`` marks a row this statement inserted (an updated row carries our transaction id).
    return (
        f"WITH up AS (INSERT INTO clients ({names}, updated_at) "
        f"SELECT {', '.join('t.' + c for c in COLUMNS)}, %(now)s FROM {TEMP} AS t "
        f"LEFT JOIN clients AS c ON c.cid = t.cid WHERE c.id IS NULL OR {_differs('c', 't')} "
        f"ON CONFLICT (cid) DO UPDATE SET {sets} WHERE {_differs('clients', 'EXCLUDED')} "
        "RETURNING (xmax = 0) AS added) "
        "SELECT count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added) FROM up"
    )


_UPSERT = _upsert_sql()


def upload(
    conn: Connection,
    batches: Iterable[Sequence[Row]],
    *,
    now: datetime,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int], None] | None = None,
) -> UploadResult:
    """Send every row (in :data:`COLUMNS` order) and upsert them by CID, in the caller's transaction.

    The caller commits when the result is ``ok`` and rolls back otherwise.  An
    unreachable server raises (:class:`sqlalchemy.exc.OperationalError`): the desk
    decides what offline means.  ``progress(rows_sent)`` follows each chunk.
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime")
    try:
        allowed = conn.exec_driver_sql(PRIVILEGE_CHECK).scalar_one()
        if not allowed:
            return UploadResult(False, "not_lead")
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {TEMP} ON COMMIT DROP AS SELECT {', '.join(COLUMNS)} FROM clients WITH NO DATA"
        )
        sent = _copy(conn, batches, cancelled, progress)
        if sent is None or cancelled():
            return UploadResult(False, "cancelled")
        conn.exec_driver_sql(f"ANALYZE {TEMP}")  # a TEMP table has no statistics until asked: the join needs them
        stamp = now.astimezone(UTC).replace(tzinfo=None)  # the server keeps UTC without a zone
        added, changed = conn.exec_driver_sql(_UPSERT, {"now": stamp}).one()
    except OperationalError:
        raise
    except DBAPIError as exc:
        if denied(exc):
            return UploadResult(False, "not_lead")
        log.error("the team server refused the roster: %s", exc)
        return UploadResult(False, "server_error")
    return UploadResult(True, added=int(added), changed=int(changed), unchanged=sent - int(added) - int(changed))


def _copy(
    conn: Connection,
    batches: Iterable[Sequence[Row]],
    cancelled: Callable[[], bool],
    progress: Callable[[int], None] | None,
) -> int | None:
    """COPY the rows into the TEMP table a chunk at a time; ``None`` when Cancel came first."""
    import psycopg

    raw: Any = conn.connection.driver_connection
    sent = 0
    try:
        with raw.cursor() as cur:
            for batch in batches:
                if cancelled():
                    return None
                with cur.copy(f"COPY {TEMP} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
                sent += len(batch)
                if progress is not None:
                    progress(sent)
    except psycopg.OperationalError as exc:  # the network went away mid-COPY: offline, as for any statement
        raise OperationalError(f"COPY {TEMP}", None, exc) from exc
    except psycopg.Error as exc:
        raise DBAPIError(f"COPY {TEMP}", None, exc) from exc
    return sent
