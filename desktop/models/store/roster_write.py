"""Writing checked roster rows into the store as one cancellable job, reporting what was added, changed and left alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop.models.store.roster import FIELDS, RosterRow
from desktop.models.store.schema import Client

# ---------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------


class ImportCancelledError(Exception):
    """The agent pressed Cancel; the caller rolls back, so nothing changed."""


@dataclass(frozen=True)
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged


_COMPARED = (*(f for f in FIELDS if f != "cid"), "name_key")


@dataclass
class ImportJob:
    """An upsert by CID done one chunk at a time (so a dialog stays responsive).

    Writes into ``session``'s transaction and never commits or rolls back
    itself: the caller commits after the last chunk, or rolls back on cancel or
    error, so an unfinished import changes nothing.
    """

    session: Session
    rows: Sequence[RosterRow]
    now: datetime
    chunk_size: int = 1000
    processed: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    _columns: list[Any] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("naive datetime")
        if self.chunk_size < 1:
            raise ValueError("chunk_size must be positive")
        self._columns = [Client.id, Client.cid, *(getattr(Client, c) for c in _COMPARED)]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> bool:
        return self.processed >= self.total

    def step(self) -> int:
        """Upsert the next chunk; returns how many rows are done so far."""
        chunk = self.rows[self.processed : self.processed + self.chunk_size]
        if not chunk:
            return self.processed
        cids = [r.cid for r in chunk]
        existing = {
            row.cid: row for row in self.session.execute(select(*self._columns).where(Client.cid.in_(cids)))
        }
        inserts: list[dict[str, Any]] = []
        # Updates grouped by the columns that changed: setting only those keeps the
        # name index trigger (UPDATE OF name_key) quiet when only a balance moved.
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for r in chunk:
            values = r.values()
            current = existing.get(r.cid)
            if current is None:
                inserts.append({**values, "updated_at": self.now})
                continue
            changed = tuple(c for c in _COMPARED if not _same(getattr(current, c), values[c]))
            if not changed:
                self.unchanged += 1
                continue
            updates.setdefault(changed, []).append(
                {"id": current.id, "updated_at": self.now, **{c: values[c] for c in changed}}
            )
            self.updated += 1
        if inserts:
            self.session.execute(insert(Client), inserts)
        for group in updates.values():
            self.session.execute(update(Client), group)
        self.inserted += len(inserts)
        self.processed += len(chunk)
        return self.processed

    def result(self) -> ImportResult:
        return ImportResult(inserted=self.inserted, updated=self.updated, unchanged=self.unchanged)


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, list | tuple) or isinstance(new, list | tuple):
        return list(current or []) == list(new or [])
    return bool(current == new)


def import_rows(
    session: Session,
    rows: Iterable[RosterRow],
    *,
    now: datetime,
    progress: Callable[[int, int], bool | None] | None = None,
    chunk_size: int = 1000,
) -> ImportResult:
    """Upsert every row; ``progress(done, total)`` returning False cancels.

    Raises :class:`ImportCancelledError` on cancel; like any error, the caller's
    rollback then leaves the cache exactly as it was.
    """
    job = ImportJob(session, list(rows), now=now, chunk_size=chunk_size)
    while not job.done:
        job.step()
        if progress is not None and progress(job.processed, job.total) is False:
            raise ImportCancelledError
    session.flush()
    return job.result()
