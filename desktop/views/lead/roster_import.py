"""Import a client roster exported from the CRM: preview, per-row report, then an all-or-nothing upsert.

Why a preview first: a roster touches every client a team serves, so the lead
sees what each row will become and every problem (row, field, reason) before a
single client changes.  Reading and checking run a slice per event-loop turn, so
the window stays responsive and Cancel answers even for a roster of hundreds of
megabytes; the checked rows wait in a staging table that locks nothing in the
store (:mod:`desktop.models.store.roster_stage`).  Import is then one transaction,
run on a worker thread so the window keeps painting: Cancel (which interrupts
it) or an error leaves the cache exactly as it was.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models.store import roster
from desktop.models.store.roster import RosterReport, RowProblem
from desktop.models.store.roster_read import RosterScan
from desktop.models.store.roster_stage import RosterStage
from desktop.models.store.roster_write import ImportResult
from desktop.views.context import AppContext
from desktop.views.lead.roster_summary import summary_line
from desktop.views.widgets.colors import Role, color, css
from desktop.views.widgets.outcome import Tone, glyph, marked

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

#: Rows shown in the preview table (the report lists every problem regardless).
PREVIEW_MAX = 1000
#: Problems listed in the problems table.
PROBLEMS_MAX = 2000
#: Rows read and checked per event-loop turn: small enough that Cancel answers at once.
CHUNK = 500
#: Files up to this size are read at once, without a progress dialog.
SYNC_BYTES = 1024 * 1024
#: Progress bar steps.
PROGRESS_STEPS = 1000
#: How often the dialog looks whether the swap thread has finished.
SWAP_POLL_MS = 30

PREVIEW_FIELDS = ("cid", "name", "brand", "state", "time_zone", "balance", "preferred_language", "critical_flags")

ACTION_TEXT = N_("&Import client roster…")


class RosterImportDialog(QDialog):
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
        self._swap_thread: threading.Thread | None = None
        self._swap_outcome: ImportResult | Exception | None = None
        self._swap_interrupted = False

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
        self.preview = self._table(1 + 1 + len(PREVIEW_FIELDS))
        self.preview.setObjectName("rosterPreview")
        self.problems = self._table(3)
        self.problems.setObjectName("rosterProblems")
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
        self.resize(900, 560)

        ctx.languageChanged.connect(self._on_language)
        self.finished.connect(self._release)
        self.retranslate()

    @staticmethod
    def _table(columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        return table

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

    def _headers(self) -> None:
        labels = [_("Row"), _("Status")] + [_(roster.FIELD_LABELS[f]) for f in PREVIEW_FIELDS]
        self.preview.setHorizontalHeaderLabels(labels)
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Field"), _("Problem")])

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
        self._progress = self._progress_dialog(_("Reading the roster"), _("Reading and checking the roster…"))
        QTimer.singleShot(0, self._read_step)

    def _progress_dialog(self, title: str, label: str) -> QProgressDialog:
        progress = QProgressDialog(self)
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
        if self._swap_thread is not None:  # closing mid-swap: stop it, wait for its rollback
            if self._stage is not None:
                self._stage.interrupt()
            self._swap_thread.join()
            self._swap_thread = None
        self._scan = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._stage is not None:
            self._stage.close()
            self._stage = None

    def _render_report(self) -> None:
        self._headers()
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
        n_problems = report.problem_count
        self.tabs.setTabText(1, _("Problems ({count})").format(count=i18n.format_number(n_problems)))
        lines = []
        if report.file_problems:
            lines.append(_("This file cannot be imported:"))
            lines.extend(p.text(lang) for p in report.file_problems)
        else:
            lines.append(summary_line(report))
            if report.ignored_columns:
                lines.append(_("Columns not used: {columns}").format(columns=", ".join(report.ignored_columns)))
            if report.total_rows > PREVIEW_MAX:
                lines.append(
                    _("The preview shows the first {shown} rows.").format(shown=i18n.format_number(PREVIEW_MAX))
                )
            if n_problems > len(report.problems):
                lines.append(
                    _("The problems list shows the first {shown}.").format(
                        shown=i18n.format_number(len(report.problems))
                    )
                )
        self.summary.setText("\n".join(lines))
        self.encoding_label.setText(
            _("Read as {encoding} text.").format(encoding=report.encoding) if report.encoding else ""
        )
        ready = report.ready_count
        self.import_button.setText(
            i18n.ngettext("&Import {count} client", "&Import {count} clients", ready).format(
                count=i18n.format_number(ready)
            )
        )
        self.import_button.setEnabled(
            report.importable and self._stage is not None and self.state not in ("running", "done", "reading")
        )
        self._fill_preview(report)
        self._fill_problems(report, lang)

    def _fill_preview(self, report: RosterReport) -> None:
        rows = report.preview[:PREVIEW_MAX]
        by_row: dict[int, list[roster.RowProblem]] = {}
        for p in report.problems:
            by_row.setdefault(p.row, []).append(p)
        self.preview.setRowCount(len(rows))
        for r, entry in enumerate(rows):
            status = QTableWidgetItem(marked(Tone.OK, _("Ready")) if entry.ok else marked(Tone.STOP, _("Problem")))
            if not entry.ok:
                status.setToolTip("\n".join(p.text(i18n.current_language()) for p in by_row.get(entry.row, ())))
            status.setForeground(QBrush(color(Role.OK if entry.ok else Role.STOP)))
            cells = [QTableWidgetItem(str(entry.row)), status]
            cells += [QTableWidgetItem(entry.values.get(f, "")) for f in PREVIEW_FIELDS]
            for c, cell in enumerate(cells):
                self.preview.setItem(r, c, cell)
        self.preview.resizeColumnsToContents()

    def _fill_problems(self, report: RosterReport, lang: str) -> None:
        problems = report.problems[:PROBLEMS_MAX]
        self.problems.setRowCount(len(problems))
        for r, p in enumerate(problems):
            row_text = str(p.row) if p.row else _("file")
            field = p.field_label(lang) or "—"
            for c, text in enumerate((row_text, field, p.text(lang))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problems.setItem(r, c, item)
        self.problems.resizeColumnToContents(0)
        self.problems.resizeColumnToContents(1)

    # -- importing ------------------------------------------------------------
    def start_import(self) -> None:
        if self.report is None or not self.report.importable or self._stage is None or self.state == "running":
            return
        self.state = "running"
        self.import_button.setEnabled(False)
        self.browse.setEnabled(False)
        self._progress = self._progress_dialog(
            _("Importing clients"), _("Importing clients… Cancel leaves the cache unchanged.")
        )
        self._progress.setRange(0, 0)  # one transaction: busy, not a percentage
        QTimer.singleShot(0, self._swap)

    def cancel_import(self) -> None:
        """What the progress dialog's Cancel does (also callable directly)."""
        if self._progress is not None:
            self._progress.cancel()

    def _swap(self) -> None:
        """Run the one-transaction swap on a worker thread, so the window paints and Cancel answers.

        sqlite3 releases the GIL while it writes; Cancel interrupts the running
        statement, and the swap then rolls back: nothing changes.
        """
        stage, progress = self._stage, self._progress
        if stage is None or progress is None:
            return
        if progress.wasCanceled():
            self._finish("cancelled")
            return
        now = self.ctx.now()
        self._swap_outcome = None
        self._swap_interrupted = False

        def run() -> None:  # worker thread: no Qt calls here
            try:
                self._swap_outcome = stage.swap(now)
            except Exception as exc:
                self._swap_outcome = exc

        self._swap_thread = threading.Thread(target=run, name="roster-swap", daemon=True)
        self._swap_thread.start()
        QTimer.singleShot(SWAP_POLL_MS, self._poll_swap)

    def _poll_swap(self) -> None:
        thread, stage, progress = self._swap_thread, self._stage, self._progress
        if thread is None:
            return
        if thread.is_alive():
            if progress is not None and progress.wasCanceled() and not self._swap_interrupted and stage is not None:
                stage.interrupt()
                self._swap_interrupted = True
            QTimer.singleShot(SWAP_POLL_MS, self._poll_swap)
            return
        self._swap_thread = None
        outcome = self._swap_outcome
        if isinstance(outcome, ImportResult):
            self.import_result = outcome
            self._finish("done")
        elif self._swap_interrupted:
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
        if self.state == "done" and self.import_result is not None:
            r = self.import_result
            self.outcome.setText(
                glyph(Tone.OK) + " "
                + _("Import finished: {new} new, {updated} updated, {same} unchanged.").format(
                    new=i18n.format_number(r.inserted),
                    updated=i18n.format_number(r.updated),
                    same=i18n.format_number(r.unchanged),
                )
            )
            self.outcome.setStyleSheet(f"color: {css(Role.OK)};")
        elif self.state == "cancelled":
            self.outcome.setText("■ " + _("Import cancelled: nothing was changed."))
            self.outcome.setStyleSheet("")
        elif self.state == "failed":
            self.outcome.setText(
                glyph(Tone.STOP) + " " + _("The import failed and nothing was changed ({error}).").format(error=self.error)
            )
            self.outcome.setStyleSheet(f"color: {css(Role.STOP)};")
        else:
            self.outcome.setText("")
            self.outcome.setStyleSheet("")

    def reject(self) -> None:
        if self.state in ("running", "reading"):
            self.cancel_import()
            return  # closes after the rollback; the dialog stays to show it
        super().reject()


def open_dialog(window: MainWindow) -> RosterImportDialog:
    dialog = RosterImportDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_actions(window: MainWindow) -> None:
    """File menu: "Import client roster…" (its text follows the UI language)."""
    action = QAction(window)
    action.setObjectName("importRosterAction")
    action.triggered.connect(lambda: open_dialog(window))
    window.file_menu.addAction(action)
    window.extra_actions.append((action, ACTION_TEXT))  # the window sets its text per language
