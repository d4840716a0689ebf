"""Opening the database safely before any window shows.

Every outcome is a :class:`Notice` with a reason code; the dialogs
(:mod:`desktop.views.shell.startup_dialogs`) put it into words.  Qt-free, so each
case is tested without a display; the questions to the agent are callbacks.

- Locked is not damaged: a database another program holds is waited on for a
  moment, then reported with the holder, and never moved aside.
- A damaged file (zero bytes, not a database, truncated, broken pages, or
  emptied where it had data) is moved aside with its -wal/-shm/-journal, the
  agent is told what was found and where the file was kept, and then offered the
  newest good backup with its date and how many entries it holds.
- A database written by a newer version is left untouched and the app stops.
- A read-only file or folder opens read-only.
- A backup is taken before any migration, on the first start of a day, after
  the first save of a session and at a clean exit; a full disk skips it with a
  warning.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.models.store import backups, roster_recovery, sqlite_files, store_checks
from desktop.models.store.backups import Backup, Contents
from desktop.models.store.db import Store, known_revisions, open_store, schema_head, sqlite_path
from desktop.models.store.store_errors import StoreBusyError, StoreWriteError

# Reason codes of start-up notices.
DAMAGED = "damaged"
RESTORED = "restored"
NEW_EMPTY = "new_empty"
LOCKED = "locked"
NEWER_SCHEMA = "newer_schema"
READ_ONLY = "read_only"
BACKUP_SKIPPED = "backup_skipped"
CANNOT_OPEN = "cannot_open"
MIGRATION_FAILED = "migration_failed"


@dataclass(frozen=True)
class Notice:
    code: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RestoreOffer:
    """What was found (and where the damaged file was kept), then the backup on offer."""

    damage: str
    moved_to: Path
    backup: Backup
    contents: Contents


@dataclass
class Questions:
    """The agent's answers; the app asks with dialogs, tests answer directly."""

    confirm_restore: Callable[[RestoreOffer], bool] = lambda _offer: False
    retry_locked: Callable[[Notice], bool] = lambda _notice: False


class SessionBackups:
    """One backup per session: after its first save (in a thread), refreshed at a clean exit."""

    def __init__(self, db: Path, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock
        self.latest: Path | None = None
        self.results: list[backups.BackupResult] = []
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def take(self) -> backups.BackupResult:
        with self._lock:
            result = backups.take(self.db, backups.folder_for(self.db), backups.SESSION, self.clock(),
                                  replace=self.latest)
            if result.path is not None:
                self.latest = result.path
                sqlite_files.remember_data(self.db, self.clock())
            self.results.append(result)
            return result

    def after_first_write(self) -> None:
        """Why a thread: copying a large database takes seconds, the save must not wait."""
        sqlite_files.remember_data(self.db, self.clock())
        self._thread = threading.Thread(target=self.take, name="session-backup", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Let a running backup finish (before the store is closed)."""
        if self._thread is not None:
            self._thread.join()

    def at_exit(self) -> backups.BackupResult:
        self.wait()
        return self.take()


@dataclass
class StartupReport:
    store: Store | None
    notices: list[Notice] = field(default_factory=list)
    moved_to: Path | None = None
    restored_from: Path | None = None
    fatal: Notice | None = None
    session_backups: SessionBackups | None = None
    #: What ``defer_checks`` left for after the first paint (see :mod:`desktop.models.store.store_checks`).
    later: store_checks.LaterChecks | None = None

    @property
    def messages(self) -> list[Notice]:
        return self.notices


def backups_folder(db: Path) -> Path:
    folder = backups.folder_for(db)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fatal(code: str, notices: list[Notice], **details: Any) -> StartupReport:
    notice = Notice(code, details)
    return StartupReport(store=None, notices=notices, fatal=notice)


def open_checked(
    url: str,
    now: datetime,
    *,
    confirm_restore: Callable[[RestoreOffer], bool] | None = None,
    questions: Questions | None = None,
    clock: Callable[[], datetime] | None = None,
    wait_s: float = sqlite_files.LOCK_WAIT_S,
    defer_checks: bool = False,
) -> StartupReport:
    """Open the store, saying what was wrong with it first.

    ``defer_checks`` (the app's start): a large database is not read page by page
    and the day's backup is not taken here; :attr:`StartupReport.later` says what
    to run after the first paint.
    """
    asked = questions or Questions()
    if confirm_restore is not None:
        asked.confirm_restore = confirm_restore
    tick = clock or (lambda: now)
    db = sqlite_path(url)
    if db is None:
        return StartupReport(store=open_store(url, clock=clock))
    notices: list[Notice] = []
    moved: Path | None = None
    restored: Path | None = None
    with contextlib.suppress(OSError):
        db.parent.mkdir(parents=True, exist_ok=True)
    folder = backups.folder_for(db)
    backups.remove_partials(folder)
    while True:
        full_check = not defer_checks or restored is not None or store_checks.check_before_opening(db)
        found = sqlite_files.diagnose(db, wait_s=wait_s, full_check=full_check)
        if found.state == sqlite_files.LOCKED:
            notice = Notice(LOCKED, {"path": db, "holder": found.holder})
            if asked.retry_locked(notice):
                continue
            return _fatal(LOCKED, notices, path=db, holder=found.holder)
        if found.state == sqlite_files.MISSING and not found.writable:
            return _fatal(CANNOT_OPEN, notices, path=db, detail="read-only folder")
        if found.state == sqlite_files.CANNOT_OPEN:
            return _fatal(CANNOT_OPEN, notices, path=db, detail=found.detail)
        damage = found.damage
        if found.state == sqlite_files.HEALTHY and not found.has_data and sqlite_files.had_data(db):
            damage = sqlite_files.EMPTIED
        if not damage or restored is not None:
            if full_check and found.state == sqlite_files.HEALTHY and sqlite_files.check_failed(db):
                sqlite_files.remember_check(db, None)
            break
        if not found.writable:
            return _fatal(CANNOT_OPEN, notices, path=db, damage=damage, detail=found.detail)
        moved = sqlite_files.move_aside(db, now)
        notices.append(Notice(DAMAGED, {"damage": damage, "moved_to": moved, "detail": found.detail}))
        good = backups.newest_good(folder, db)
        if good is not None and asked.confirm_restore(RestoreOffer(damage, moved, good[0], good[1])):
            backups.restore(good[0], db)
            restored = good[0].path
            notices.append(Notice(RESTORED, {"taken_at": good[0].taken_at, "clients": good[1].clients,
                                             "history": good[1].history, "path": good[0].path}))
            continue
        sqlite_files.forget_data(db)
        notices.append(Notice(NEW_EMPTY, {"backup_offered": good is not None}))
        break
    if found.revision is not None and found.revision not in known_revisions():
        return _fatal(NEWER_SCHEMA, notices, path=db, revision=found.revision, head=schema_head())
    if not found.writable and db.exists():
        notices.append(Notice(READ_ONLY, {"path": db}))
        store = open_store(url, migrate=False, read_only=True, clock=clock)
        return StartupReport(store=store, notices=notices, moved_to=moved, restored_from=restored)
    if found.has_data and found.revision != schema_head():
        made = backups.take(db, folder, backups.PRE_MIGRATION, now)
        if not made.ok:
            notices.append(Notice(BACKUP_SKIPPED, {"reason": made.reason, "when": "migration"}))
    try:
        store = open_store(url, clock=clock)
    except StoreBusyError:
        return _fatal(LOCKED, notices, path=db, holder=sqlite_files.lock_holder(db))
    except StoreWriteError as exc:
        return _fatal(MIGRATION_FAILED, notices, path=db, reason=exc.reason, detail=str(exc))
    except Exception as exc:  # a migration that fails is rolled back whole: say so, keep the file
        if found.revision == schema_head():
            raise
        return _fatal(MIGRATION_FAILED, notices, path=db, reason="error", detail=f"{type(exc).__name__}: {exc}"[:300])
    roster_recovery.recover_at_start(store.engine, now)  # a roster import killed half-way is undone first
    later: store_checks.LaterChecks | None = None
    if defer_checks:
        later = store_checks.LaterChecks(db, now, integrity=not full_check,
                                         daily_backup=found.has_data or restored is not None)
    elif found.has_data or restored is not None:
        daily = backups.daily(db, folder, now)
        if not daily.ok:
            notices.append(Notice(BACKUP_SKIPPED, {"reason": daily.reason, "when": "day"}))
    if found.has_data or restored is not None:
        sqlite_files.remember_data(db, now)
    session = SessionBackups(db, tick)
    store.ledger.on_first_write = session.after_first_write
    return StartupReport(store=store, notices=notices, moved_to=moved, restored_from=restored,
                         session_backups=session, later=later)
