"""At start: undo a roster import that a dead process left half applied, before anything reads the clients.

Kept apart from :mod:`desktop.models.store.roster_undo` so that start-up, which
runs right after the window's first paint, pays two index probes and no ORM
import when there is nothing to undo (the case on every start but one after a
crash in the middle of an import).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine, text

from desktop.models.store.store_errors import StoreWriteError

log = logging.getLogger(__name__)

_LEFT = text(
    "SELECT EXISTS (SELECT 1 FROM roster_imports WHERE state = 'applying') "
    "OR EXISTS (SELECT 1 FROM roster_undo)"
)


def left_behind(engine: Engine) -> bool:
    """True when an import was left applying, or an undo log was left to delete."""
    with engine.connect() as conn:
        has_tables = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('roster_imports', 'roster_undo')")
        ).scalar_one()
        return has_tables == 2 and bool(conn.execute(_LEFT).scalar_one())


def recover_at_start(engine: Engine, now: datetime) -> int:
    """Undo what a killed import left (all of it, before the window reads); returns imports undone.

    A failure here (the disk full, another program holding the lock) is logged
    and left for the next start or import: the app still opens.
    """
    if engine.dialect.name != "sqlite":
        return 0
    try:
        if not left_behind(engine):
            return 0
        from desktop.models.store import roster_undo

        return roster_undo.recover(engine, now, pause_s=0.0)
    except StoreWriteError:
        log.warning("a roster import left half applied could not be undone yet", exc_info=True)
        return 0
