"""The roster import dialog in team mode: the checked clients go to the team server, not this desk's cache.

Why: in team mode the server is the system of record for clients and this
desk's SQLite is its cache; a roster written only here would reach no other
desk and be overwritten by the next refresh.  The preview and the report stay
exactly as standalone (the checked rows wait in the same staging table); only
Import changes: the staged rows are sent to the server in one transaction
(:mod:`desktop.models.team.roster_upload`) on the desk's worker thread
(:mod:`desktop.views.shell.team_jobs`), with progress and Cancel, and the
outcome line says what the server added, changed and kept.

Standalone nothing here runs: :func:`attach` answers ``None`` and the dialog
imports into the local store as always.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout

from desktop import i18n
from desktop.i18n import N_, _
from desktop.views.lead.roster_summary import outcome_line
from desktop.views.lead.roster_worker import PROGRESS_STEPS, progress_dialog
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of, link_of
from desktop.views.widgets.colors import Role
from desktop.views.widgets.outcome import Tone, glyph

if TYPE_CHECKING:  # the server modules load only in team mode: standalone start-up stays lean
    from desktop.models.team.roster_upload import UploadResult
    from desktop.views.lead.roster_import import RosterImportDialog

log = logging.getLogger(__name__)

#: How often the dialog looks how far the upload is.
POLL_MS = 30

TEAM_NOTE = N_(
    "This desk works with the team server: the clients you import are sent to the server, "
    "and every desk gets them at its next refresh."
)
SENDING = N_("Sending clients to the team server… Cancel leaves the server unchanged.")
SAVING = N_("The team server is saving the clients…")
CANCELLING = N_("Cancelling: the team server keeps none of the rows sent…")
SENT = N_(
    "Sent to the team server: {added} added, {changed} changed, {unchanged} unchanged. "
    "Every desk gets them at its next refresh."
)
CANCELLED = N_("Import cancelled: the team server is unchanged.")
#: A refused upload in plain words, by :class:`UploadResult` code.
REFUSALS: dict[str, str] = {
    "not_lead": N_(
        "Not imported: only a team lead may load clients onto the team server, and this desk is signed in "
        "as an agent (the server refuses it too). Ask a lead to import the roster."
    ),
    "offline": N_("Not imported: the team server cannot be reached, so nothing changed. Try again when it is back."),
    "server_error": N_("Not imported: the team server answered with an error, so nothing changed."),
}


def attach(dialog: RosterImportDialog) -> TeamImport | None:
    """The dialog's team-mode part, or ``None`` standalone (no team server)."""
    return TeamImport(dialog) if desk_of(dialog.ctx) is not None else None


class TeamImport(QObject):
    """The note saying where the import goes, the running upload and its answer (a child of the dialog)."""

    def __init__(self, dialog: RosterImportDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.result: UploadResult | None = None
        self.sent = 0  # rows sent so far (written by the worker thread, read by the poll)
        self.total = 0
        self.cancel = threading.Event()
        self.note = QLabel()
        self.note.setObjectName("rosterTeamNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout = dialog.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.note)  # under the dialog's introduction
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        dialog.ctx.languageChanged.connect(self._on_language)
        self._on_language("")

    def _on_language(self, _language: str) -> None:
        self.note.setText(_(TEAM_NOTE))

    def start(self) -> None:
        """Import: send the staged rows to the team server off the GUI thread, with progress and Cancel."""
        from desktop.models.team import roster_upload

        dialog, desk = self.dialog, desk_of(self.dialog.ctx)
        stage = dialog._stage
        if desk is None or stage is None or stage.conn is None:
            return
        conn = stage.conn
        self.result, self.sent, self.total = None, 0, stage.staged
        self.cancel.clear()
        dialog.state = "running"
        dialog.error = ""
        dialog.import_button.setEnabled(False)
        dialog.browse.setEnabled(False)
        dialog._progress = progress_dialog(dialog, _("Importing clients"), _(SENDING))

        def work() -> UploadResult:  # the desk's worker thread: no Qt calls
            return desk.upload_roster(
                roster_upload.staged_chunks(conn), cancelled=self.cancel.is_set, progress=self._sent
            )

        team_jobs.run(dialog.ctx, work, self._done, failed=self._failed, key=(self, "roster"), owner=self)
        self.timer.start()

    def _sent(self, rows: int) -> None:
        self.sent = rows

    def _poll(self) -> None:
        progress = self.dialog._progress
        if progress is None:
            return
        if self.cancel.is_set():
            return
        if progress.wasCanceled():
            self.cancel.set()
            progress.setLabelText(_(CANCELLING))
        elif self.total and self.sent >= self.total:
            # Every row is sent and the server runs its one upsert, which Cancel no longer stops.
            progress.setCancelButton(None)  # no button: Cancel would promise what it cannot do now
            progress.setValue(PROGRESS_STEPS)
            progress.setLabelText(_(SAVING))
        elif self.total:
            progress.setValue(int(self.sent / self.total * PROGRESS_STEPS))

    def _done(self, result: UploadResult) -> None:
        self.timer.stop()
        self.result = result
        if result.ok:
            self.dialog._finish("done")
            link = link_of(self.dialog.ctx)
            if link is not None:
                link.tick_now()  # the status bar's counts and time of the last refresh
        else:
            self.dialog._finish("cancelled" if result.code == "cancelled" else "failed")

    def _failed(self, exc: BaseException) -> None:
        """Not the server's answer but an error here (e.g. the staged rows unreadable): the upload rolled back."""
        log.error("the roster upload failed", exc_info=exc)
        self.timer.stop()
        self.result = None
        self.dialog.error = str(exc) or type(exc).__name__
        self.dialog._finish("failed")

    def outcome_line(self, state: str, error: str) -> tuple[str, Role | None]:
        """The dialog's outcome line in team mode (text, colour role)."""
        result = self.result
        if state == "done" and result is not None and result.ok:
            return glyph(Tone.OK) + " " + _(SENT).format(
                added=i18n.format_number(result.added),
                changed=i18n.format_number(result.changed),
                unchanged=i18n.format_number(result.unchanged),
            ), Role.OK
        if state == "cancelled":
            return "■ " + _(CANCELLED), None
        if state == "failed" and result is not None:
            return glyph(Tone.STOP) + " " + _(REFUSALS.get(result.code or "", REFUSALS["server_error"])), Role.STOP
        return outcome_line(state, None, error)
