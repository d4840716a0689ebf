"""Opening the database safely before any window shows.

A damaged file is moved aside (never deleted), the agent is told where it went,
and the newest good daily backup can be restored.  Qt-free so it is tested
without a display; the questions to the agent are callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop.i18n import _
from desktop.models import sqlite_store
from desktop.models.db import Store, open_store, sqlite_path


@dataclass
class StartupReport:
    store: Store
    messages: list[str] = field(default_factory=list)
    moved_to: Path | None = None
    restored_from: Path | None = None


def backups_folder(db: Path) -> Path:
    folder = db.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_checked(
    url: str,
    now: datetime,
    *,
    confirm_restore: Callable[[sqlite_store.Backup], bool] = lambda _b: False,
) -> StartupReport:
    db = sqlite_path(url)
    messages: list[str] = []
    moved: Path | None = None
    restored: Path | None = None
    if db is not None:
        db.parent.mkdir(parents=True, exist_ok=True)
        problem = sqlite_store.integrity_problem(db)
        if problem is not None:
            moved = sqlite_store.move_aside(db, now)
            messages.append(
                _(
                    "The database file could not be read ({problem}). It was moved aside, not deleted: {path}"
                ).format(problem=problem, path=moved)
            )
            good = sqlite_store.newest_good_backup(backups_folder(db), db)
            if good is not None and confirm_restore(good):
                sqlite_store.restore(good, db)
                restored = good.path
                messages.append(_("Restored the backup of {day}.").format(day=good.day))
            elif good is None:
                messages.append(_("No good backup was found; a new, empty database was created."))
    store = open_store(url)
    if db is not None:
        sqlite_store.daily_backup(db, backups_folder(db), now)
    return StartupReport(store=store, messages=messages, moved_to=moved, restored_from=restored)
