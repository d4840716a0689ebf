"""Running the roster swap on a worker thread, polled from the window, with a progress dialog.

Why a thread: the swap of a large roster runs for seconds.  It holds the
database's write lock only a short slice at a time (see
:mod:`desktop.models.store.roster_apply`), but the window must keep painting and
Cancel must answer meanwhile; ``sqlite3`` releases the GIL while it writes.
The thread makes no Qt call: the dialog polls :class:`SwapWorker`.
"""

from __future__ import annotations

import threading
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.i18n import _
from desktop.models.store.roster_stage import RosterStage
from desktop.models.store.roster_write import ImportResult

#: Progress bar steps.
PROGRESS_STEPS = 1000


def progress_dialog(parent: QWidget, title: str, label: str) -> QProgressDialog:
    progress = QProgressDialog(parent)
    progress.setObjectName("rosterProgress")
    progress.setWindowTitle(title)
    progress.setLabelText(label)
    progress.setCancelButtonText(_("Cancel"))
    progress.setRange(0, PROGRESS_STEPS)
    progress.setMinimumDuration(0)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setValue(0)
    return progress


class SwapWorker:
    """One run of :meth:`RosterStage.swap` on a daemon thread."""

    def __init__(self, stage: RosterStage, now: datetime) -> None:
        self.stage = stage
        self.outcome: ImportResult | Exception | None = None
        self.interrupted = False
        self._thread = threading.Thread(target=self._run, args=(now,), name="roster-swap", daemon=True)

    def _run(self, now: datetime) -> None:  # worker thread: no Qt calls here
        try:
            self.outcome = self.stage.swap(now)
        except Exception as exc:
            self.outcome = exc

    def start(self) -> None:
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    @property
    def fraction(self) -> float:
        """How much of the roster is applied (0 to 1), for the progress bar."""
        staged = self.stage.staged
        return min(1.0, getattr(self.stage, "applied", 0) / staged) if staged else 0.0

    def interrupt(self) -> None:
        """Cancel: the swap stops before its next slice and undoes what it applied."""
        if not self.interrupted:
            self.stage.interrupt()
            self.interrupted = True

    def join(self) -> None:
        self._thread.join()
