"""Import a client roster exported from the CRM: preview, per-row report, then an all-or-nothing upsert.

Why a preview first: a roster touches every client a team serves, so the lead
sees what each row will become and every problem (row, field, reason) before a
single client changes.  Reading and checking run a slice per event-loop turn, so
the window stays responsive and Cancel answers even for a roster of hundreds of
megabytes; the checked rows wait in a staging table that locks nothing in the
store (:mod:`desktop.models.store.roster_stage`).  Import then applies them in
short slices with an undo log, on a worker thread so the window keeps painting
(:mod:`desktop.views.lead.roster_worker`): Cancel or an error undoes every slice,
so the cache is exactly as it was.

The dialog's parts live beside it: the tables (``roster_tables``), the texts that
sum up a report and its outcome (``roster_summary``), the worker and its progress
dialog (``roster_worker``), the File menu entry (``menu``), and team mode (``roster_team``).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models.store.roster import RosterReport, RowProblem
from desktop.models.store.roster_read import RosterScan
from desktop.models.store.roster_stage import RosterStage
from desktop.models.store.roster_write import ImportResult
from desktop.views.context import AppContext
from desktop.views.lead import roster_tables, roster_team
from desktop.views.lead.menu import add_file_action
from desktop.views.lead.roster_summary import import_button_text, outcome_line, report_lines
from desktop.views.lead.roster_tables import PREVIEW_FIELDS, PREVIEW_MAX, PROBLEMS_MAX
from desktop.views.lead.roster_worker import PROGRESS_STEPS, SwapWorker, progress_dialog
from desktop.views.widgets.colors import css
from desktop.views.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

__all__ = [
    "ACTION_TEXT", "CHUNK", "PREVIEW_FIELDS", "PREVIEW_MAX", "PROBLEMS_MAX", "PROGRESS_STEPS", "SWAP_POLL_MS",
    "SYNC_BYTES", "RosterImportDialog", "install_actions", "open_dialog",
]

#: Rows read and checked per event-loop turn: small enough that Cancel answers at once.
CHUNK = 500
#: Files up to this size are read at once, without a progress dialog.
SYNC_BYTES = 1024 * 1024
#: How often the dialog looks whether the swap thread has finished.
SWAP_POLL_MS = 30

ACTION_TEXT = N_("&Import client roster…")


class RosterImportDialog(QDialog):
    SIZE = QSize(900, 560)  # the size it opens at, on a screen with room for it (else the screen's)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterImportDialog")
        self.ctx = ctx
        self.report: RosterReport | None = None
        self.path: Path | None = None
        self.state = "idle"  # idle | reading | running | done | cancelled | failed
        self.read_cancelled = False
        self.import_result: ImportResult | None = None
        self.error: str = ""
        self._scan: RosterScan | None = None
        self._stage: RosterStage | None = None
        self._file: IO[bytes] | None = None
        self._progress: QProgressDialog | None = None
        self._worker: SwapWorker | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.file_label = QLabel()
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setObjectName("rosterFile")
        self.file_label.setBuddy(self.file_edit)
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose_file)

        self.summary = QLabel()
        self.summary.setObjectName("rosterSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.encoding_label = QLabel()
        self.encoding_label.setObjectName("rosterEncoding")

        self.tabs = QTabWidget()
        self.preview = roster_tables.preview_table()
        self.problems = roster_tables.problems_table()
        self.tabs.addTab(self.preview, "")
        self.tabs.addTab(self.problems, "")

        self.outcome = QLabel()
        self.outcome.setObjectName("rosterOutcome")
        self.outcome.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("rosterImportButton")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self.import_button.setEnabled(False)

        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.encoding_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        fit_to_screen(self, self.SIZE)
        self.team = roster_team.attach(self)  # team mode: Import sends the clients to the team server

        ctx.languageChanged.connect(self._on_language)
        self.finished.connect(self._release)
        self.retranslate()

    # -- texts ----------------------------------------------------------------
    def _on_language(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import client roster"))
        self.intro.setText(
            _(
                "Import clients exported from the CRM as CSV or JSON. Clients are matched by CID: "
                "new CIDs are added, known ones are updated. Nothing changes until you press Import, "
                "and a cancelled import changes nothing."
            )
        )
        self.file_label.setText(_("&File:"))
        self.file_edit.setPlaceholderText(_("No file chosen"))
        self.file_edit.setAccessibleName(_("Roster file"))
        self.browse.setText(_("&Choose file…"))
        self.preview.setAccessibleName(_("Preview of the roster rows"))
        self.problems.setAccessibleName(_("Problems found in the roster"))
        self.close_button.setText(_("Close"))
        self._render_report()
        self._render_outcome()

    # -- loading --------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a roster file"), "", _("Roster files (*.csv *.json *.txt *.tsv);;All files (*)")
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        """Read and check the file: at once when small, else a slice per turn with progress and Cancel."""
        self._release()
        self.path = path
        self.file_edit.setText(str(path))
        self.report = None
        self.state = "idle"
        self.read_cancelled = False
        self.import_result = None
        self.error = ""
        try:
            self._file = path.open("rb")
            size = path.stat().st_size
            self._stage = RosterStage(self.ctx.store.engine)
        except Exception as exc:  # unreadable file or store: say so, keep the app running
            self._release()
            detail = getattr(exc, "strerror", None) or type(exc).__name__
            self.report = RosterReport(file_format="", problems=(RowProblem(0, "", "unreadable", detail),))
            self._show_report()
            return
        self._scan = RosterScan(
            self._file,
            size,
            filename=path.name,
            sink=self._stage.add,
            find_duplicates=self._stage.duplicates,
            preview_max=PREVIEW_MAX,
            problems_max=PROBLEMS_MAX,
        )
        if size <= SYNC_BYTES:
            self._scan.run()
            self._read_done()
            return
        self.state = "reading"
        self.browse.setEnabled(False)
        self.import_button.setEnabled(False)
        self._progress = progress_dialog(self, _("Reading the roster"), _("Reading and checking the roster…"))
        QTimer.singleShot(0, self._read_step)

    def _read_step(self) -> None:
        scan, progress = self._scan, self._progress
        if scan is None or progress is None:
            return
        if progress.wasCanceled():
            self._close_progress()
            self._release()
            self.state = "idle"
            self.read_cancelled = True
            self.browse.setEnabled(True)
            self._render_report()
            return
        try:
            done = scan.step(CHUNK)
        except Exception as exc:  # e.g. the staging table could not be written: report, keep running
            self._close_progress()
            self._release()
            self.state = "idle"
            self.browse.setEnabled(True)
            self.report = RosterReport(file_format="", problems=(RowProblem(0, "", "unreadable", str(exc)),))
            self._show_report()
            return
        progress.setValue(int(scan.fraction * PROGRESS_STEPS))
        if done:
            self._close_progress()
            self.state = "idle"
            self.browse.setEnabled(True)
            self._read_done()
        else:
            QTimer.singleShot(0, self._read_step)

    def _read_done(self) -> None:
        assert self._scan is not None
        self.report = self._scan.report()
        self._scan = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if not self.report.importable:
            self._release()
        self._show_report()

    def _show_report(self) -> None:
        self._render_report()
        self._render_outcome()
        self.tabs.setCurrentIndex(1 if self.report and self.report.problems else 0)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _release(self, *_args: object) -> None:
        """Close the file and drop the staged rows (on a new file, on close, after the import)."""
        if self._worker is not None:  # closing mid-swap: stop it, wait for its undo
            self._worker.interrupt()
            self._worker.join()
            self._worker = None
        self._scan = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._stage is not None:
            self._stage.close()
            self._stage = None

    def _render_report(self) -> None:
        roster_tables.set_headers(self.preview, self.problems)
        report = self.report
        self.tabs.setTabText(0, _("Preview"))
        if report is None:
            self.encoding_label.setText("")
            self.summary.setText(
                _("Reading was cancelled: choose the file again to see what it holds.")
                if self.read_cancelled
                else _("Choose a CSV or JSON file to see what it holds.")
            )
            self.tabs.setTabText(1, _("Problems"))
            self.import_button.setText(_("&Import"))
            self.import_button.setEnabled(False)
            return
        lang = i18n.current_language()
        self.tabs.setTabText(1, _("Problems ({count})").format(count=i18n.format_number(report.problem_count)))
        self.summary.setText("\n".join(report_lines(report, lang)))
        self.encoding_label.setText(
            _("Read as {encoding} text.").format(encoding=report.encoding) if report.encoding else ""
        )
        self.import_button.setText(import_button_text(report.ready_count))
        self.import_button.setEnabled(
            report.importable and self._stage is not None and self.state not in ("running", "done", "reading")
        )
        roster_tables.fill_preview(self.preview, report)
        roster_tables.fill_problems(self.problems, report, lang)

    # -- importing ------------------------------------------------------------
    def start_import(self) -> None:
        if self.report is None or not self.report.importable or self._stage is None or self.state == "running":
            return
        if self.team is not None:
            return self.team.start()
        self.state = "running"
        self.import_button.setEnabled(False)
        self.browse.setEnabled(False)
        self._progress = progress_dialog(
            self, _("Importing clients"), _("Importing clients… Cancel leaves the cache unchanged.")
        )
        QTimer.singleShot(0, self._swap)

    def cancel_import(self) -> None:
        """What the progress dialog's Cancel does (also callable directly)."""
        if self._progress is not None:
            self._progress.cancel()

    def _swap(self) -> None:
        """Start the swap on a worker thread (:mod:`desktop.views.lead.roster_worker`), then poll it."""
        stage, progress = self._stage, self._progress
        if stage is None or progress is None:
            return
        if progress.wasCanceled():
            self._finish("cancelled")
            return
        self._worker = SwapWorker(stage, self.ctx.now())
        self._worker.start()
        QTimer.singleShot(SWAP_POLL_MS, self._poll_swap)

    def _poll_swap(self) -> None:
        worker, progress = self._worker, self._progress
        if worker is None:
            return
        if worker.alive:
            if progress is not None:
                if progress.wasCanceled() and not worker.interrupted:
                    worker.interrupt()
                    progress.setLabelText(_("Cancelling: every client changed so far is put back as it was…"))
                elif not worker.interrupted:
                    progress.setValue(int(worker.fraction * PROGRESS_STEPS))
            QTimer.singleShot(SWAP_POLL_MS, self._poll_swap)
            return
        self._worker = None
        outcome = worker.outcome
        if isinstance(outcome, ImportResult):
            self.import_result = outcome
            self._finish("done")
        elif worker.interrupted:
            self._finish("cancelled")
        else:
            self.error = str(outcome) or type(outcome).__name__
            self._finish("failed")

    def _finish(self, state: str) -> None:
        self._close_progress()
        self.state = state
        if state == "done":
            self._release()
        self.browse.setEnabled(True)
        self.import_button.setEnabled(
            state in ("cancelled", "failed") and bool(self.report and self.report.importable) and self._stage is not None
        )
        self._render_outcome()
        if state == "done":
            self.ctx.refresh_client()

    def _render_outcome(self) -> None:
        team, state = self.team, self.state
        text, role = team.outcome_line(state, self.error) if team else outcome_line(state, self.import_result, self.error)
        self.outcome.setText(text)
        self.outcome.setStyleSheet(f"color: {css(role)};" if role is not None else "")

    def reject(self) -> None:
        if self.state in ("running", "reading"):
            self.cancel_import()
            return  # closes after the undo; the dialog stays to show it
        super().reject()


def open_dialog(window: MainWindow) -> RosterImportDialog:
    dialog = RosterImportDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_actions(window: MainWindow) -> None:
    """File menu: "Import client roster…" (its text follows the UI language)."""
    add_file_action(window, "importRosterAction", ACTION_TEXT, open_dialog)
