"""The desk's outbox: every write waits here until the server has committed it.

Order of a save: (1) the write is queued and committed locally, (2) it is sent
to the server in one transaction, (3) it is marked sent in the same local
transaction that copies the server's rows into the cache.  A crash between (2)
and (3) leaves it queued; the replay sends it again and the server's unique
UUIDs make that harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from desktop.models.team.tables import OutboxItem
from desktop.models.team.writes import GrantDraft, Write, from_payload, to_payload

OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]


def enqueue(conn: Connection, write: Write, at: datetime) -> int:
    """Queue a write (idempotent by UUID); returns its place in the queue."""
    found = conn.execute(select(OUTBOX.c.seq).where(OUTBOX.c.uuid == write.uuid)).scalar()
    if found is not None:
        return int(found)
    seq = conn.execute(
        insert(OUTBOX).values(uuid=write.uuid, created_at=at, payload=to_payload(write)).returning(OUTBOX.c.seq)
    ).scalar_one()
    return int(seq)


def pending(conn: Connection) -> list[tuple[int, Write]]:
    """Writes the server does not have yet, oldest first."""
    rows = conn.execute(select(OUTBOX.c.seq, OUTBOX.c.payload).where(OUTBOX.c.sent_at.is_(None)).order_by(OUTBOX.c.seq))
    return [(int(seq), from_payload(payload)) for seq, payload in rows]


def count_pending(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(OUTBOX).where(OUTBOX.c.sent_at.is_(None))).scalar_one())


def mark_sent(conn: Connection, seq: int, at: datetime, result: Mapping[str, Any]) -> None:
    conn.execute(update(OUTBOX).where(OUTBOX.c.seq == seq).values(sent_at=at, result=dict(result)))


def discard(conn: Connection, seq: int) -> None:
    """A write the server refused at once (online): it never happened."""
    conn.execute(delete(OUTBOX).where(OUTBOX.c.seq == seq))


def pending_grants(conn: Connection, client_id: int, kind: str) -> list[GrantDraft]:
    """One-time grants made on this desk and not yet confirmed by the server (provisional)."""
    found = []
    for _seq, write in pending(conn):
        g = write.grant
        if g is not None and g.client_id == client_id and g.kind == kind:
            found.append(g)
    return found
