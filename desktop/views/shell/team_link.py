"""Team mode at run time: the desk, reached off the GUI thread on a timer and on demand.

Why a worker: reaching the server can take up to the connect timeout when the
network is away, and the agent is on a live call; the window must never wait
for it.  :meth:`TeamLink.tick_now` runs :meth:`Workstation.tick` (send the
outbox, copy what changed) on a thread of its own pool and hands the status
back to the GUI thread as a signal.  Reads stay on the desk's local cache,
which is the store the views use, so lookups are as fast as standalone.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from sqlalchemy import make_url

from desktop import paths
from desktop.models.store import prefs as prefs_mod
from desktop.models.store.db import URL_ENV, sqlite_url
from desktop.models.team.status import TeamStatus

if TYPE_CHECKING:  # the server modules load only in team mode: standalone start-up stays lean
    from desktop.models.team.lead import ConflictInfo
    from desktop.models.team.workstation import Workstation
    from desktop.views.context import AppContext  # (loads the ORM: after the first paint)

log = logging.getLogger(__name__)

#: How often the desk sends its outbox and refreshes its cache.
TICK_MS = 30_000


def server_url(prefs_path: Path | None = None) -> str | None:
    """The team server to use, or ``None`` for standalone (no server, or its password unreadable)."""
    prefs = prefs_mod.load(prefs_path or paths.config_dir() / "preferences.json")
    if not prefs.server_url.strip() and not os.environ.get(URL_ENV, "").startswith("postgres"):
        return None  # standalone: nothing of team mode is even imported
    from desktop.models.team import mode

    try:
        return mode.team_server_url(prefs)
    except Exception:  # a broken credential store must not stop the app: it runs standalone
        log.exception("team server settings unusable; starting standalone")
        return None


def cache_url(url: str, folder: Path | None = None) -> str:
    """The desk's own SQLite file for this server: the store the app opens in team mode."""
    from desktop.models.team import mode

    path = mode.cache_path(url, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    return sqlite_url(path)


@dataclass(frozen=True)
class TickOutcome:
    status: TeamStatus
    mine: tuple[ConflictInfo, ...]
    high_water: int
    login: str | None = None  # ``no_password`` / ``wrong_password`` when that kept the desk offline


class _Tick(QRunnable):
    def __init__(self, link: TeamLink) -> None:
        super().__init__()
        self.link = link

    def run(self) -> None:
        self.link._run_tick()


class TeamLink(QObject):
    """The desk of this window; ``statusChanged`` after every tick, ``conflictsChanged`` with
    this desk's open rule conflicts whenever the server was reached."""

    statusChanged = Signal(object)  # TeamStatus (``login_problem`` is set before it is emitted)
    conflictsChanged = Signal(object)  # tuple[ConflictInfo, ...]
    _ticked = Signal(object)  # TickOutcome, from the worker

    def __init__(self, ctx: AppContext, desk: Workstation, *, interval_ms: int = TICK_MS) -> None:
        super().__init__(ctx)
        self.setObjectName("teamLink")
        self.ctx = ctx
        self.desk = desk
        self.status: TeamStatus | None = None
        self.conflicts: tuple[ConflictInfo, ...] = ()
        #: Why the server refused this desk's login, when it was the password (see :mod:`desktop.models.team.login`).
        self.login_problem: str | None = None
        self._login_error: str | None = None  # written by the worker thread only
        self._watch_logins(desk)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._busy = False
        self._again = False
        self._closed = False
        self._high_water = -1
        self._ticked.connect(self._on_ticked)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick_now)

    def _watch_logins(self, desk: Workstation | None) -> None:
        """Hear the driver's own error when the desk fails to connect: the desk itself only goes
        offline, but a missing or refused password is worth saying as such."""
        if desk is None:
            return
        from sqlalchemy import event

        from desktop.models.team.login import login_problem

        def seen(context: Any) -> None:
            self._login_error = login_problem(context.original_exception)

        for engine in (desk.remote, desk.reader):
            event.listen(engine, "handle_error", seen)

    def start(self) -> None:
        """Reach the server now (off the GUI thread), then on the timer."""
        self.tick_now()
        self.timer.start()

    def tick_now(self) -> None:
        if self._closed:
            return
        if self._busy:  # one tick at a time; ask for one more when this one ends
            self._again = True
            return
        self._busy = True
        self._pool.start(_Tick(self))

    def run_job(self, job: QRunnable, priority: int = 0) -> None:
        """Run a desk job on the tick's own thread, ahead of a queued tick when ``priority`` is higher.

        Why one thread: the desk's connections and its cache are then used by one
        thread at a time, and a save can never race the replay of its own outbox entry.
        """
        self._pool.start(job, priority)

    def _run_tick(self) -> None:
        """Worker thread: nothing here touches a widget."""
        from desktop.models.team import cache

        desk = self.desk
        self._login_error = None
        try:
            status = desk.tick()
            mine = tuple(desk.my_conflicts())
            with desk.local.engine.connect() as conn:
                hw = cache.high_water(conn)
        except Exception:  # a bug must not kill the timer: log it, keep the last word
            log.exception("team tick failed")
            status, mine, hw = desk.status(), self.conflicts, self._high_water
        login = None if status.online or status.offline_since is None else self._login_error
        self._ticked.emit(TickOutcome(status, mine, hw, login))

    def _on_ticked(self, outcome: TickOutcome) -> None:
        self._busy = False
        self.status = outcome.status
        self.login_problem = outcome.login
        if outcome.status.online:
            self.conflicts = outcome.mine
            self.conflictsChanged.emit(outcome.mine)
        ref = outcome.status.pack_ref
        if ref is not None and ref != self.ctx.pack.ref:
            self.ctx.reload_pack()  # a lead published a pack: decide with it from now on
        if self._high_water not in (-1, outcome.high_water) and self.ctx.client is not None:
            self.ctx.historyChanged.emit(self.ctx.client.id)
        self._high_water = outcome.high_water
        self.statusChanged.emit(outcome.status)
        if self._again and not self._closed:
            self._again = False
            self.tick_now()

    def close(self) -> None:
        """Stop the timer, let a running tick end (bounded by the connect timeout), let go of the server."""
        from desktop.models.team.server import CONNECT_TIMEOUT

        self._closed = True
        self.timer.stop()
        self._pool.waitForDone(int((CONNECT_TIMEOUT * 4 + 2) * 1000))
        self.desk.close()


def attach(ctx: AppContext, url: str, *, interval_ms: int = TICK_MS, start: bool = True) -> TeamLink:
    """Team mode for this window: ``ctx.store`` is the desk's cache; the server is reached in the background."""
    from desktop.models.team.workstation import Workstation

    agent = ctx.prefs.agent_name.strip() or str(make_url(url).username or "")
    desk = Workstation(ctx.store, url, workstation=socket.gethostname(), agent=agent, clock=ctx.now)
    return link_desk(ctx, desk, interval_ms=interval_ms, start=start)


def link_desk(ctx: AppContext, desk: Workstation, *, interval_ms: int = TICK_MS, start: bool = True) -> TeamLink:
    link = TeamLink(ctx, desk, interval_ms=interval_ms)
    if start:
        link.start()
    return link


def link_of(ctx: AppContext) -> TeamLink | None:
    return ctx.findChild(TeamLink, "teamLink")


def desk_of(ctx: AppContext) -> Workstation | None:
    """The team desk, or ``None`` in standalone mode (then the local store is the system of record)."""
    link = link_of(ctx)
    return None if link is None else link.desk
