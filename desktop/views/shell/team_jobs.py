"""Team-mode server calls off the GUI thread: one-time checks, saves, lead actions.

Why: in team mode a save or a one-time check may wait for the team server up
to the connect timeout when the network is slow or away, and the agent is on a
live call; the window must keep answering keys meanwhile.  :func:`run` hands the
work to the desk's own worker thread (the one that also sends the outbox and
refreshes the cache, so the desk's connections and its local cache are only
ever used by one thread at a time, and a save never races a replay of itself)
and calls ``done`` on the GUI thread with the answer.

Standalone (no team server) the work runs at once on the GUI thread, exactly as
before: SQLite answers in milliseconds and nothing about the store changes.

While a job runs, the buttons given as ``busy`` are disabled (no double
submit), and a second job with the same ``key`` is refused.  ``done`` is skipped
when ``owner`` was deleted meanwhile (a dialog closed before the answer came).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtWidgets import QWidget

from desktop.views.shell.team_link import link_of

if TYPE_CHECKING:
    from desktop.views.context import AppContext
    from desktop.views.shell.team_link import TeamLink

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Agent actions go before a queued timer tick on the desk's worker thread.
JOB_PRIORITY = 10

_running: dict[object, Job[Any]] = {}


class _Relay(QObject):
    """Lives on the GUI thread: a signal emitted by the worker is delivered here, queued."""

    finished = Signal(object, object)  # (value, exception)


class Job(QRunnable, Generic[T]):
    def __init__(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None,
        *,
        key: object,
        owner: QObject | None,
        busy: Sequence[QWidget],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # kept in ``_running`` until its answer is on the GUI thread
        self.work, self.done, self.failed = work, done, failed
        self.key, self.owner = key, owner
        self.busy = [(w, w.isEnabled()) for w in busy]
        self.relay = _Relay()
        self.relay.finished.connect(self._deliver)

    def run(self) -> None:
        """Worker thread: touches no widget."""
        try:
            value = self.work()
        except BaseException as exc:  # handed to the GUI thread, which words it or reports it
            self.relay.finished.emit(None, exc)
            return
        self.relay.finished.emit(value, None)

    def _deliver(self, value: Any, exc: BaseException | None) -> None:
        _running.pop(self.key, None)
        for widget, enabled in self.busy:
            if shiboken6.isValid(widget):
                widget.setEnabled(enabled)
        if self.owner is not None and not shiboken6.isValid(self.owner):
            return  # the screen that asked is gone; the work itself is done (saved or queued)
        if exc is None:
            self.done(value)
        elif self.failed is not None:
            self.failed(exc)
        else:
            raise exc  # a bug: the app's error dialog reports it, as it would have on the GUI thread


def running(key: object) -> bool:
    """Whether a job with this key waits for its answer (the screen shows it as busy)."""
    return key in _running


def run(
    ctx: AppContext,
    work: Callable[[], T],
    done: Callable[[T], None],
    *,
    failed: Callable[[BaseException], None] | None = None,
    key: object | None = None,
    owner: QObject | None = None,
    busy: Sequence[QWidget] = (),
) -> bool:
    """Run ``work`` (off the GUI thread in team mode), then ``done`` with its result on the GUI thread.

    Returns ``False`` when a job with the same ``key`` is still running (nothing is started).
    Standalone, ``work`` and ``done`` run before this returns, and an error in ``work``
    propagates to the caller as it always did.
    """
    link = link_of(ctx)
    if link is None:
        done(work())
        return True
    return submit(link, work, done, failed=failed, key=key, owner=owner, busy=busy)


def submit(
    link: TeamLink,
    work: Callable[[], T],
    done: Callable[[T], None],
    *,
    failed: Callable[[BaseException], None] | None = None,
    key: object | None = None,
    owner: QObject | None = None,
    busy: Sequence[QWidget] = (),
) -> bool:
    """:func:`run` on a known desk link (always off the GUI thread)."""
    job_key: object = key if key is not None else object()
    if job_key in _running:
        return False
    job = Job(work, done, failed, key=job_key, owner=owner, busy=busy)
    _running[job_key] = job
    for widget, _enabled in job.busy:
        widget.setEnabled(False)
    link.run_job(job, JOB_PRIORITY)
    return True
