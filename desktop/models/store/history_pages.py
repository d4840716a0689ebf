"""A client's timeline read in two steps: the outline of every entry, then whole entries by page.

Why two steps: a long-standing client has thousands of entries, and reading
them all as ORM rows (texts, money, JSON details) costs far more than the few a
screen shows.  The outline (id, kind, correction link) is three small columns
from the ``client_id`` index, enough to count, filter by kind and link
corrections; the entries themselves are read only for the rows on screen.
Both keep :func:`desktop.models.store.history.timeline`'s order (newest first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.store import history
from desktop.models.store.history import HistoryItem
from desktop.models.store.schema import HistoryEntry

#: Entries read at once when a row on screen is not read yet (a screenful and then some).
PAGE = 64


class Outline(NamedTuple):
    """One entry of the timeline without its texts (a tuple: ten thousand are made at once)."""

    id: int
    kind: str
    corrects_id: int | None


_OUTLINE_SQL = (
    "SELECT id, kind, corrects_id FROM history WHERE client_id = ? ORDER BY created_at DESC, id DESC"
)


def outline(session: Session, client_id: int) -> list[Outline]:
    """Every entry of the client, newest first, as outlines.

    On SQLite the rows are read on the driver's connection: for ten thousand
    rows the ORM's result machinery costs several times the read itself.
    """
    conn = session.connection()
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" and not session.new else None
    if raw is not None:
        return [Outline._make(row) for row in raw.execute(_OUTLINE_SQL, (client_id,)).fetchall()]
    stmt = (
        select(HistoryEntry.id, HistoryEntry.kind, HistoryEntry.corrects_id)
        .where(HistoryEntry.client_id == client_id)
        .order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc())
    )
    return [Outline._make(row) for row in session.execute(stmt).tuples()]


def corrected_by(rows: Sequence[Outline]) -> dict[int, int]:
    """Entry id -> the newest correction naming it (SOP C1: the panel marks corrected entries)."""
    return {r.corrects_id: r.id for r in reversed(rows) if r.corrects_id is not None}


def entries(session: Session, ids: Sequence[int]) -> dict[int, HistoryItem]:
    """The whole entries for ``ids`` (at most a page or two: the rows on screen)."""
    if not ids:
        return {}
    rows = session.scalars(select(HistoryEntry).where(HistoryEntry.id.in_(list(ids))))
    return {row.id: history._item(row) for row in rows}
