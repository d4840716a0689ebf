"""Typed store failures, and a ledger of what was saved and what was not.

Why typed errors: a save that fails because another program holds the
database, because the file is read-only or because the disk is full is not a
bug; the agent must be told which one, in plain words, and what was kept.  The
engine turns the driver's errors into these classes (see
:func:`desktop.models.store.db.make_engine`), so a view can catch
:class:`StoreWriteError` (or let the error dialog show it) instead of a crash.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

#: Reason codes (machine-readable; the views translate them).
BUSY = "busy"
READ_ONLY = "read_only"
DISK_FULL = "disk_full"


class StoreWriteError(Exception):
    """The store could not read or write just now; nothing of this unit of work was saved."""

    reason = "failed"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.reason)
        self.detail = detail


class StoreBusyError(StoreWriteError):
    """Another program (or another copy of the app) holds the database lock."""

    reason = BUSY


class StoreReadOnlyError(StoreWriteError):
    """The database file or its folder cannot be written."""

    reason = READ_ONLY


class StoreFullError(StoreWriteError):
    """The disk (or the user's quota) is full."""

    reason = DISK_FULL


def classify(exc: BaseException) -> type[StoreWriteError] | None:
    """The typed error for a driver error, or ``None`` when it is something else.

    SQLite reports these by message text (its extended result codes are not
    exposed on CPython 3.11), so the match is on the documented messages.
    """
    text = str(exc).lower()
    if "database is locked" in text or "database table is locked" in text or "database is busy" in text:
        return StoreBusyError
    if "readonly database" in text or "read-only" in text or "attempt to write a readonly" in text:
        return StoreReadOnlyError
    if "database or disk is full" in text or "no space left" in text or "disk quota" in text:
        return StoreFullError
    return None


@dataclass(frozen=True)
class SaveOutcome:
    at: datetime
    ok: bool
    reason: str = ""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class WriteLedger:
    """What the store last saved and whether the last save failed.

    The error dialog reads it to say what was saved and what was not; start-up
    hooks :attr:`on_first_write` to take a backup after the session's first save.
    """

    def __init__(self, clock: Callable[[], datetime] = _utc_now) -> None:
        self.clock = clock
        self.last_saved: datetime | None = None
        self.last_failure: SaveOutcome | None = None
        self.saves = 0
        self.on_first_write: Callable[[], None] | None = None
        self._lock = threading.Lock()

    def saved(self) -> None:
        with self._lock:
            self.last_saved = self.clock()
            self.saves += 1
            first = self.saves == 1
            self.last_failure = None
        if first and self.on_first_write is not None:
            self.on_first_write()

    def failed(self, reason: str) -> None:
        with self._lock:
            self.last_failure = SaveOutcome(at=self.clock(), ok=False, reason=reason)

    @property
    def last_save_failed(self) -> bool:
        return self.last_failure is not None
