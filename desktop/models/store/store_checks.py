"""The checks start-up leaves until the window shows: every page's integrity, and the day's backup.

Why later: on a real-size cache (hundreds of MB) ``quick_check`` reads every page
(over a second) and the first start of a day copies the whole file (another
second or two).  Start-up checks the header, size and schema before the window
shows, and a small database fully; a large one is checked here, off the GUI
thread, while the agent already works.  What this finds is reported in words by
the window (a banner), never as a dialog that blocks the call.  Damage found here
is remembered, so the next start checks every page before opening and offers the
newest good backup, as for damage found at start.

Qt-free, like the rest of start-up: :func:`run` is a plain function a thread calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.models.store import backups, sqlite_files

#: Reason codes of what the later checks found (the same words as start-up's notices).
CHECK_FAILED = "check_failed"
BACKUP_SKIPPED = "backup_skipped"

#: A database at most this large is checked page by page before the window opens:
#: tens of milliseconds, and damage is then offered a restore at once.
INLINE_CHECK_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class LaterChecks:
    """What start-up left to do after the first paint."""

    db: Path
    now: datetime
    integrity: bool
    daily_backup: bool


@dataclass(frozen=True)
class Finding:
    code: str
    details: dict[str, Any] = field(default_factory=dict)


def check_before_opening(db: Path) -> bool:
    """Whether start-up reads every page before the window opens (small file, or damage seen last time)."""
    try:
        size = db.stat().st_size
    except OSError:
        return True
    return size <= INLINE_CHECK_BYTES or sqlite_files.check_failed(db)


def run(checks: LaterChecks) -> list[Finding]:
    """Check every page, then take the day's backup (never of a damaged file); never raises."""
    found: list[Finding] = []
    if checks.integrity:
        problem = sqlite_files.integrity(checks.db)
        sqlite_files.remember_check(checks.db, problem)
        if problem is not None:
            return [Finding(CHECK_FAILED, {"path": checks.db, "detail": problem})]
    if checks.daily_backup:
        made = backups.daily(checks.db, backups.folder_for(checks.db), checks.now)
        if not made.ok:
            found.append(Finding(BACKUP_SKIPPED, {"reason": made.reason, "when": "day"}))
    return found
