"""The desk's read cache of the team server: clients, their flags, SOP packs, grants, conflicts, recent history.

Refreshed incrementally: the server numbers every changed row (``change_seq``),
the cache remembers the highest number it holds, and a refresh asks only for
rows above it (never a full reload).  A first fill of an empty cache loads with
the FTS triggers off and rebuilds the indexes once (``sqlite_store.bulk_loading``);
history older than :data:`RECENT_DAYS` is left on the server.

Entries written here while offline stay as provisional rows with negative ids;
the server's copy (same UUID) is then skipped, so nothing shows twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Connection, Date, DateTime, Engine, Table, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.models.store import sqlite_store
from desktop.models.store.schema import Client, SopPackRecord
from desktop.models.store.types import UtcDateTime
from desktop.models.team import server
from desktop.models.team.server import CONFLICTS, FLAGS, GRANTS, HISTORY, flag_values, history_values
from desktop.models.team.tables import SyncState
from desktop.models.team.writes import GrantInfo, Write

CLIENTS: Table = Client.__table__  # type: ignore[assignment]
PACKS: Table = SopPackRecord.__table__  # type: ignore[assignment]
STATE: Table = SyncState.__table__  # type: ignore[assignment]
#: Tables in the order a refresh copies them (parents before the rows that point at them).
ORDER: tuple[Table, ...] = (CLIENTS, FLAGS, PACKS, GRANTS, CONFLICTS, HISTORY)
#: Rows never changed once written: a provisional row with the same UUID already shows them.
APPEND_ONLY: tuple[Table, ...] = (HISTORY, FLAGS)
#: History a new desk copies; older entries stay on the server.
RECENT_DAYS = 180
#: Rows per round trip when copying.
BATCH = 5000
HIGH_WATER = "high_water"
LAST_REFRESH = "last_refresh_at"


@dataclass(frozen=True)
class RefreshResult:
    rows: int
    high_water: int
    full: bool


def get_state(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(STATE.c.value).where(STATE.c.key == key)).scalar()
    return None if value is None else str(value)


def set_state(conn: Connection, key: str, value: str) -> None:
    stmt = sqlite_insert(STATE).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}))


def high_water(conn: Connection) -> int:
    return int(get_state(conn, HIGH_WATER) or 0)


def last_refresh(conn: Connection) -> datetime | None:
    value = get_state(conn, LAST_REFRESH)
    return datetime.fromisoformat(value) if value else None


def _upsert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    stmt = sqlite_insert(table)
    if table in APPEND_ONLY:
        conn.execute(stmt.on_conflict_do_nothing(), rows)
        return
    keep = {c.name: stmt.excluded[c.name] for c in table.c if c.name != "id"}
    conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=keep), rows)


def refresh(local: Engine, remote: Engine, *, now: datetime, recent_days: int = RECENT_DAYS) -> RefreshResult:
    """Copy every row the server changed since the last refresh (raises when the server is unreachable)."""
    upto = server.safe_high_water(remote)
    with local.begin() as lconn:
        after = high_water(lconn)
        if upto <= after:
            set_state(lconn, LAST_REFRESH, now.isoformat())
            return RefreshResult(0, after, False)
        full = after == 0
        rows = 0
        with remote.connect() as rconn:
            if full:
                cursor = lconn.connection.driver_connection.cursor()  # type: ignore[union-attr]
                with sqlite_store.bulk_loading(cursor):
                    rows = _copy(lconn, rconn, after, upto, now - timedelta(days=recent_days))
            else:
                rows = _copy(lconn, rconn, after, upto, None)
        set_state(lconn, HIGH_WATER, str(upto))
        set_state(lconn, LAST_REFRESH, now.isoformat())
    return RefreshResult(rows, upto, full)


def _copy(lconn: Connection, rconn: Connection, after: int, upto: int, since: datetime | None) -> int:
    rows = 0
    for table in ORDER:
        select_sql, params = _server_select(table, after, upto, since if table is HISTORY else None)
        insert_sql = _cache_insert(table)
        result = rconn.execution_options(stream_results=True, yield_per=BATCH).exec_driver_sql(select_sql, params)
        for part in result.partitions(BATCH):
            lconn.exec_driver_sql(insert_sql, [tuple(r) for r in part])
            rows += len(part)
    return rows


def _server_column(column: Column[Any]) -> str:
    """The server renders each value the way SQLite stores it, so rows pass through untouched.

    Why not the ORM types: converting 200,000 rows value by value in Python is
    what made a first fill slow; PostgreSQL formats them in C.
    """
    name = f'"{column.name}"'
    kind = column.type
    if isinstance(kind, UtcDateTime | DateTime):
        return f"to_char({name}, 'YYYY-MM-DD HH24:MI:SS.US')"
    if isinstance(kind, Date):
        return f"to_char({name}, 'YYYY-MM-DD')"
    if isinstance(kind, JSON):
        return f"{name}::text"
    if isinstance(kind, Boolean):
        return f"{name}::int"
    return name


def _server_select(table: Table, after: int, upto: int, since: datetime | None) -> tuple[str, dict[str, Any]]:
    cols = ", ".join(_server_column(c) for c in table.c)
    where = "change_seq > %(after)s AND change_seq <= %(upto)s"
    params: dict[str, Any] = {"after": after, "upto": upto}
    if since is not None:  # recent history, plus the entries recent corrections point at
        where += (
            " AND (created_at >= %(since)s OR id IN (SELECT corrects_id FROM history"
            " WHERE created_at >= %(since)s AND corrects_id IS NOT NULL))"
        )
        params["since"] = since.astimezone(UTC).replace(tzinfo=None)
    return f"SELECT {cols} FROM {table.name} WHERE {where} ORDER BY change_seq", params


def _cache_insert(table: Table) -> str:
    names = [c.name for c in table.c]
    head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    if table in APPEND_ONLY:
        return head + " ON CONFLICT DO NOTHING"
    updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "id")
    return head + f" ON CONFLICT(id) DO UPDATE SET {updates}"


def store_write(
    conn: Connection,
    write: Write,
    ids: Mapping[str, int],
    grant: GrantInfo | None = None,
    flag_ids: Mapping[str, int] | None = None,
) -> None:
    """Copy a write into the cache: server ids once sent, negative (provisional) ids while queued."""
    _upsert(conn, HISTORY, [dict(history_values(e), id=ids[e.uuid]) for e in write.entries])
    if write.flags:
        numbers = flag_ids or {}
        _upsert(conn, FLAGS, [dict(flag_values(f), id=numbers[f.uuid]) for f in write.flags])
    if grant is not None:
        store_grant(conn, grant)


def store_grant(conn: Connection, grant: GrantInfo) -> None:
    row = {
        "id": grant.id, "uuid": grant.uuid, "client_id": grant.client_id, "kind": grant.kind,
        "amount": grant.amount, "agent": grant.agent, "workstation": grant.workstation,
        "granted_at": grant.granted_at, "history_uuid": None, "voided_at": None,
    }
    # A fresher standing grant of the same kind replaces whatever the cache thought.
    conn.execute(
        GRANTS.delete().where(
            GRANTS.c.client_id == grant.client_id, GRANTS.c.kind == grant.kind, GRANTS.c.id != grant.id,
            GRANTS.c.voided_at.is_(None),
        )
    )
    _upsert(conn, GRANTS, [row])


def provisional_ids(seq: int, write: Write) -> dict[str, int]:
    """Negative ids for entries still in the outbox: never clash with the server's."""
    return {e.uuid: -(seq * 100 + i + 1) for i, e in enumerate(write.entries)}


def provisional_flag_ids(seq: int, write: Write) -> dict[str, int]:
    """Negative ids for flags still in the outbox (their own table: the same scheme cannot clash)."""
    return {f.uuid: -(seq * 100 + i + 1) for i, f in enumerate(write.flags)}
