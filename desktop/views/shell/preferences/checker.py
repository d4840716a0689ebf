"""Runs a team server check on a worker thread and hands the answer back to the GUI thread.

Why a thread: a connect to an unreachable host waits up to the connect timeout,
and the window must keep answering keys meanwhile.  The answer arrives through
a queued signal, so widgets are only touched on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.models.team.settings import ServerCheck, ServerSettings

CheckFunction = Callable[[ServerSettings, "str | None"], ServerCheck]

log = logging.getLogger(__name__)
_pool: QThreadPool | None = None
_running: set[CheckJob] = set()


def pool() -> QThreadPool:
    """The checks' own pool: a slow server never holds up other background work."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


class CheckSignals(QObject):
    finished = Signal(object)  # ServerCheck


class CheckJob(QRunnable):
    def __init__(self, check: CheckFunction, settings: ServerSettings, password: str | None) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = CheckSignals()
        self._check = check
        self._settings = settings
        self._password = password

    def run(self) -> None:
        try:
            result = self._check(self._settings, self._password)
        except Exception:  # a worker thread must always answer, or the form waits forever
            log.exception("team server check failed")
            result = ServerCheck(False, "unreachable", "url")
        self.signals.finished.emit(result)


def start_check(
    check: CheckFunction, settings: ServerSettings, password: str | None, done: Callable[[ServerCheck], None]
) -> CheckJob:
    """Start ``check`` off the GUI thread; ``done`` runs on the GUI thread with its answer."""
    job = CheckJob(check, settings, password)
    job.signals.finished.connect(done)
    # Kept until its answer has arrived on the GUI thread: the job outlives a dialog closed meanwhile.
    job.signals.finished.connect(lambda _result: _running.discard(job))
    _running.add(job)
    pool().start(job)
    return job


def wait_for_checks(msecs: int = 30_000) -> bool:
    """Wait for running checks (tests, and the app's exit)."""
    return pool().waitForDone(msecs)
