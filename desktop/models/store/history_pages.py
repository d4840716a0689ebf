"""A client's timeline read in two steps: the outline of every entry, then whole entries by page.

Why two steps: a long-standing client has thousands of entries, and reading
them all as ORM rows (texts, money, JSON details) costs far more than the few a
screen shows.  The outline (id, kind, correction link, and for a call the ids of
the workflows' entries inside it) is read from the ``client_id`` index, enough
to count, filter by kind, link corrections and fold each call's entries into
it; the entries themselves are read only for the rows on screen.  Both keep
:func:`desktop.models.store.history.timeline`'s order (newest first), and the
first screenful of the outline can be read on its own (``limit``) before the rest.

What is stored never changes here: a call keeps its own entry, each workflow
keeps its own (the rules read them: SOP C1, M9, P8); :func:`group` only decides
which of them a list shows at its top level.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.models.call import held_ids
from desktop.models.store import history
from desktop.models.store.history import HistoryItem
from desktop.models.store.schema import HistoryEntry

#: Entries read at once when a row on screen is not read yet (a screenful and then some).
PAGE = 64
#: Outline rows read before the first paint (the rest follows right after it).
HEAD = 4 * PAGE


class Outline(NamedTuple):
    """One entry of the timeline without its texts (a tuple: ten thousand are made at once)."""

    id: int
    kind: str
    corrects_id: int | None
    #: A call's workflow entries (ids, in the order they ran); None for any other kind.
    holds: tuple[int, ...] | None = None


class Grouped(NamedTuple):
    """The outline as a list shows it: one row per call, the workflows' entries inside it."""

    top: list[Outline]  # newest first, the entries inside a call left out
    inside: dict[int, list[Outline]]  # call id -> its entries here, oldest first


_OUTLINE_SQL = (
    "SELECT id, kind, corrects_id, CASE WHEN kind = 'call' THEN details END"
    " FROM history WHERE client_id = ? ORDER BY created_at DESC, id DESC"
)


def _holds(details: Any) -> tuple[int, ...]:
    if isinstance(details, str | bytes):
        try:
            details = json.loads(details)
        except ValueError:
            return ()
    return tuple(held_ids(details if isinstance(details, dict) else None))


def _outlines(rows: Iterable[Sequence[Any]]) -> list[Outline]:
    make = Outline._make
    return [make(r) if r[3] is None else Outline(r[0], r[1], r[2], _holds(r[3])) for r in rows]


def outline(session: Session, client_id: int, limit: int | None = None) -> list[Outline]:
    """Every entry of the client (or the newest ``limit``), newest first, as outlines.

    On SQLite the rows are read on the driver's connection: for ten thousand
    rows the ORM's result machinery costs several times the read itself.
    """
    conn = session.connection()
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" and not session.new else None
    if raw is not None:
        sql, params = (_OUTLINE_SQL, (client_id,)) if limit is None else (_OUTLINE_SQL + " LIMIT ?", (client_id, limit))
        return _outlines(raw.execute(sql, params).fetchall())
    stmt = (
        select(
            HistoryEntry.id,
            HistoryEntry.kind,
            HistoryEntry.corrects_id,
            case((HistoryEntry.kind == "call", HistoryEntry.details), else_=None),
        )
        .where(HistoryEntry.client_id == client_id)
        .order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return _outlines(session.execute(stmt).tuples())


def count(session: Session, client_id: int) -> int:
    """How many entries the client has (from the index: no row is read)."""
    stmt = select(func.count()).select_from(HistoryEntry).where(HistoryEntry.client_id == client_id)
    return int(session.scalar(stmt) or 0)


def corrected_by(rows: Sequence[Outline]) -> dict[int, int]:
    """Entry id -> the newest correction naming it (SOP C1: the panel marks corrected entries)."""
    return {r.corrects_id: r.id for r in reversed(rows) if r.corrects_id is not None}


def group(rows: Sequence[Outline]) -> Grouped:
    """One top-level row per call, the entries its workflows wrote inside it; the rest as they are.

    The same mapping as :func:`desktop.models.call.inside_calls`, read from the
    outline: an entry a call names goes inside that call (the first call naming
    it, newest first), wherever it stands in time.
    """
    owner: dict[int, int] = {}
    for r in rows:
        if r.holds:
            for entry_id in r.holds:
                owner.setdefault(entry_id, r.id)
    if not owner:
        return Grouped(list(rows), {})
    top: list[Outline] = []
    inside: dict[int, list[Outline]] = {}
    for r in rows:
        call_id = owner.get(r.id)
        if call_id is None or call_id == r.id:
            top.append(r)
        else:
            inside.setdefault(call_id, []).append(r)
    for entries_of_call in inside.values():
        entries_of_call.reverse()  # oldest first: the order the workflows ran
    return Grouped(top, inside)


def shows(row: Outline, inside: dict[int, list[Outline]], kind: str | None, found: set[int] | None) -> bool:
    """Whether a top-level row stays in a list filtered by ``kind`` and by the note search's ``found``.

    A call stands for the entries inside it: it stays when it or any of them is
    of that kind, and when the search found it or any of them.
    """
    members = (row, *inside.get(row.id, ()))
    if kind is not None and not any(m.kind == kind for m in members):
        return False
    return found is None or any(m.id in found for m in members)


def entries(session: Session, ids: Sequence[int]) -> dict[int, HistoryItem]:
    """The whole entries for ``ids`` (at most a page or two: the rows on screen)."""
    if not ids:
        return {}
    rows = session.scalars(select(HistoryEntry).where(HistoryEntry.id.in_(list(ids))))
    return {row.id: history._item(row) for row in rows}
