"""Work start-up does once the window shows: the store's later checks, and warming the lookup.

Both run on threads (plain Python and SQL, nothing of Qt): the integrity check
and the day's backup of a large cache take seconds, and reading the name-word
list for typo lookups takes tens of milliseconds; none of it may hold up a
keystroke.  What the checks find comes back to the GUI thread through a queued
signal and goes into the window's banner (:mod:`desktop.views.shell.store_banner`).
"""

from __future__ import annotations

import logging
import threading
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop import i18n
from desktop.i18n import _
from desktop.models.store import store_checks
from desktop.models.store.store_checks import Finding, LaterChecks
from desktop.views.context import AppContext
from desktop.views.shell.store_banner import StoreBanner

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger("desktop")
#: A client id no row has (ids start at 1): what the warm-up reads.
NO_CLIENT = 0


def finding_text(finding: Finding) -> str:
    """What the agent reads in the banner (the start-up dialogs' words where they exist)."""
    if finding.code == store_checks.CHECK_FAILED:
        return _(
            "The database check found damage ({detail}). Keep working: what you save is kept. "
            "Restart Interlock Assist when you can, to be offered the newest good backup."
        ).format(detail=finding.details.get("detail", ""))
    from desktop.startup import Notice
    from desktop.views.shell.startup_dialogs import notice_text

    return notice_text(Notice(finding.code, dict(finding.details)))


class LaterChecksRunner(QObject):
    """Runs :func:`desktop.models.store.store_checks.run` on a thread and shows what it found."""

    found = Signal(object)  # list[Finding], delivered on the GUI thread

    def __init__(self, checks: LaterChecks, banner: StoreBanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checks = checks
        self.banner = banner
        self.findings: list[Finding] | None = None
        self._thread: threading.Thread | None = None
        self.found.connect(self._show)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="store-checks", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            findings = store_checks.run(self.checks)
        except Exception as exc:  # a check that cannot run is logged, never a crash mid-call
            log.exception("store checks failed to run")
            findings = [Finding(store_checks.BACKUP_SKIPPED, {"reason": "failed", "detail": str(exc)})]
        self.found.emit(findings)

    def _show(self, findings: list[Finding]) -> None:
        self.findings = findings
        for finding in findings:
            log.warning("after start-up: %s %s", finding.code, finding.details.get("detail", ""))
            self.banner.show_message(partial(finding_text, finding))

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)


def warm_window_types() -> None:
    """Make now the Python types Qt's bindings make on first use, which the first keystroke met.

    PySide creates a class's enums the first time Python meets the class: the lookup's
    suggestions are the first window shown after start-up, and the first keystroke paid
    for its window and surface types (a few milliseconds; later keystrokes do not).
    """
    from PySide6.QtGui import QSurface, QWindow

    for kind in (QSurface.SurfaceClass, QSurface.SurfaceType, QWindow.Visibility, QWindow.AncestorMode):
        next(iter(kind))


def warm_client_reads(session: Session) -> None:
    """Build once the statements opening a client runs (its history's outline and first page,
    its open POC requests, its recorded flags), by reading a client that does not exist:
    the first client of a shift opened as fast as the next ones."""
    from desktop.models.store import client_flags, history, history_pages

    history_pages.outline(session, NO_CLIENT, limit=1)
    history_pages.count(session, NO_CLIENT)
    history_pages.entries(session, [NO_CLIENT])
    history.open_poc_requests(session, NO_CLIENT)
    client_flags.flags_for(session, NO_CLIENT)


def warm_lookup(ctx: AppContext) -> threading.Thread:
    """On a thread, before the agent's first keystroke and first client: run the lookup once
    (ORM set-up, statements, name-word list), load the SOP pack the pages read when a
    client opens, and each language's catalog and babel locale (for a live switch).
    The Qt types the first keystroke meets are made first, here on the GUI thread."""
    warm_window_types()

    def run() -> None:
        from desktop.models.store import client_search

        try:
            with ctx.store.sessions() as session:
                client_search.warm(session)
                warm_client_reads(session)
            ctx.pack  # noqa: B018  (loads and validates the pack once; kept on the context)
            now = ctx.now()
            for language in i18n.LANGUAGES:
                i18n.translations(language)
                i18n.format_datetime(now, language)
                i18n.format_money(Decimal("1.00"), language)
        except Exception:  # warming is an optimisation: a failure only leaves the first use slower
            log.exception("warming up failed")

    thread = threading.Thread(target=run, name="warm-lookup", daemon=True)
    thread.start()
    return thread

