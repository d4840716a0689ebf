"""Backups of the SQLite store: when they are taken, what is kept, which one to offer.

Kinds: ``day`` (first start of a day), ``session`` (after the first save of a
session, refreshed at a clean exit) and ``pre-migration`` (before the schema is
changed).  Kept: the last 7 days, the last 3 sessions, the last 3 migrations.
A copy is checked before it becomes a backup: an empty or damaged database
never replaces a good one.  Copies go through the SQLite online backup API
into a ``.partial`` file that is renamed only when complete.
"""

from __future__ import annotations

import contextlib
import errno
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop.models.store.sqlite_files import SIDECARS, connect_ro, table_has_rows

DAY = "day"
SESSION = "session"
PRE_MIGRATION = "pre-migration"
KEEP = {DAY: 7, SESSION: 3, PRE_MIGRATION: 3}
KEEP_BACKUPS = KEEP[DAY]

# Reason codes of a backup attempt.
MADE = "made"
ALREADY = "already"
NO_DATABASE = "no_database"
SKIPPED_EMPTY = "skipped_empty"
SKIPPED_DAMAGED = "skipped_damaged"
DISK_FULL = "disk_full"
BUSY = "busy"
FAILED = "failed"

_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    taken_at: datetime

    @property
    def day(self) -> str:
        return self.taken_at.strftime("%Y-%m-%d")


@dataclass(frozen=True)
class BackupResult:
    reason: str
    path: Path | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.reason in (MADE, ALREADY, NO_DATABASE, SKIPPED_EMPTY)


@dataclass(frozen=True)
class Contents:
    clients: int
    history: int


def folder_for(db: Path) -> Path:
    return db.parent / "backups"


def backup_path(folder: Path, db: Path, kind: str, now: datetime) -> Path:
    return folder / f"{db.stem}-{kind}-{now.astimezone(UTC).strftime(_STAMP)}.sqlite3"


def list_backups(folder: Path, db: Path) -> list[Backup]:
    """Newest first; also finds the older one-per-day names (``stem-YYYY-MM-DD.sqlite3``)."""
    found: list[Backup] = []
    pattern = re.compile(
        re.escape(db.stem) + r"-(?:(day|session|pre-migration)-(\d{8}T\d{6})|(\d{4}-\d{2}-\d{2}))\.sqlite3$"
    )
    if not folder.is_dir():
        return []
    for p in folder.iterdir():
        m = pattern.match(p.name)
        if not m:
            continue
        if m.group(1):
            at = datetime.strptime(m.group(2), _STAMP).replace(tzinfo=UTC)
            found.append(Backup(path=p, kind=m.group(1), taken_at=at))
        else:
            at = datetime.strptime(m.group(3), "%Y-%m-%d").replace(tzinfo=UTC)
            found.append(Backup(path=p, kind=DAY, taken_at=at))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def remove_partials(folder: Path) -> int:
    """Delete half-written copies a crash or a full disk left behind."""
    removed = 0
    if folder.is_dir():
        for p in folder.glob("*.partial*"):
            with contextlib.suppress(OSError):
                p.unlink()
                removed += 1
    return removed


def _full(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "full" in text or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT)


def check_copy(path: Path) -> str | None:
    """``None`` when ``path`` is a sound database holding data, else the reason it is not."""
    try:
        con = connect_ro(path)
        try:
            if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return SKIPPED_DAMAGED
            return None if table_has_rows(con) else SKIPPED_EMPTY
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return SKIPPED_DAMAGED


def take(db: Path, folder: Path, kind: str, now: datetime, *, replace: Path | None = None) -> BackupResult:
    """Copy ``db`` into ``folder`` as a backup of ``kind``; never raises.

    ``replace``: an earlier backup of this session, removed once the new copy is in place.
    """
    if not db.exists():
        return BackupResult(NO_DATABASE)
    target = backup_path(folder, db, kind, now)
    tmp = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_partials(folder)
        src = connect_ro(db, timeout=2)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        problem = check_copy(tmp)
        if problem is not None:
            tmp.unlink(missing_ok=True)
            return BackupResult(problem)
        tmp.replace(target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        for side in SIDECARS:
            with contextlib.suppress(OSError):
                Path(str(tmp) + side).unlink(missing_ok=True)
        if _full(exc):
            return BackupResult(DISK_FULL, detail=str(exc))
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            return BackupResult(BUSY, detail=str(exc))
        return BackupResult(FAILED, detail=str(exc))
    if replace is not None and replace != target:
        with contextlib.suppress(OSError):
            replace.unlink(missing_ok=True)
    prune(folder, db)
    return BackupResult(MADE, path=target)


def daily(db: Path, folder: Path, now: datetime) -> BackupResult:
    """The first start of a day keeps a copy of the database as it was then."""
    today = now.astimezone(UTC).strftime("%Y-%m-%d")
    for b in list_backups(folder, db):
        if b.kind == DAY and b.day == today:
            return BackupResult(ALREADY, path=b.path)
    return take(db, folder, DAY, now)


def prune(folder: Path, db: Path) -> None:
    """Keep the newest backup of each of the last 7 days, and the last 3 of the other kinds."""
    seen_days: list[str] = []
    counts: dict[str, int] = {}
    for b in list_backups(folder, db):
        if b.kind == DAY:
            if b.day in seen_days or len(seen_days) >= KEEP[DAY]:
                b.path.unlink(missing_ok=True)
            else:
                seen_days.append(b.day)
            continue
        counts[b.kind] = counts.get(b.kind, 0) + 1
        if counts[b.kind] > KEEP[b.kind]:
            b.path.unlink(missing_ok=True)


def contents(path: Path) -> Contents | None:
    """How many clients and history entries a backup holds (``None`` if unreadable)."""
    try:
        con = connect_ro(path)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            clients = con.execute("SELECT count(*) FROM clients").fetchone()[0] if "clients" in names else 0
            history = con.execute("SELECT count(*) FROM history").fetchone()[0] if "history" in names else 0
            return Contents(clients=int(clients), history=int(history))
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None


def newest_good(folder: Path, db: Path) -> tuple[Backup, Contents] | None:
    """The newest backup that is sound and holds data, with what it holds."""
    for b in list_backups(folder, db):
        if check_copy(b.path) is None and (held := contents(b.path)) is not None:
            return b, held
    return None


def restore(backup: Backup, db: Path) -> None:
    """Put a copy of ``backup`` in place of ``db`` (the backup itself stays)."""
    for side in SIDECARS:
        Path(str(db) + side).unlink(missing_ok=True)
    tmp = db.with_name(db.name + ".restoring")
    shutil.copy2(backup.path, tmp)
    tmp.replace(db)
