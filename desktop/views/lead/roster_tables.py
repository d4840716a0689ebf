"""The two tables of the roster import dialog: the preview of the first rows, and every problem by row and field."""

from __future__ import annotations

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from desktop import i18n
from desktop.i18n import _
from desktop.models.store import roster
from desktop.models.store.roster import RosterReport, RowProblem
from desktop.views.widgets.colors import Role, color
from desktop.views.widgets.outcome import Tone, marked

#: Rows shown in the preview table (the report lists every problem regardless).
PREVIEW_MAX = 1000
#: Problems listed in the problems table.
PROBLEMS_MAX = 2000

PREVIEW_FIELDS = ("cid", "name", "brand", "state", "time_zone", "balance", "preferred_language", "critical_flags")


def make_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def preview_table() -> QTableWidget:
    table = make_table(1 + 1 + len(PREVIEW_FIELDS))
    table.setObjectName("rosterPreview")
    return table


def problems_table() -> QTableWidget:
    table = make_table(3)
    table.setObjectName("rosterProblems")
    return table


def set_headers(preview: QTableWidget, problems: QTableWidget) -> None:
    labels = [_("Row"), _("Status")] + [_(roster.FIELD_LABELS[f]) for f in PREVIEW_FIELDS]
    preview.setHorizontalHeaderLabels(labels)
    problems.setHorizontalHeaderLabels([_("Row"), _("Field"), _("Problem")])
    if preview.rowCount() == 0:  # as wide as the headers: an empty preview never scrolls sideways
        fit_columns(preview)


def fit_columns(table: QTableWidget) -> None:
    """Every column as wide as its cells but the last, which takes the room left (the header stretches it).

    Why not the last too: sized to its longest cell (a client's critical flags) it
    pushed the table into sideways scrolling; its cells keep their whole text in a tooltip.
    """
    for column in range(table.columnCount() - 1):
        table.resizeColumnToContents(column)


def fill_preview(table: QTableWidget, report: RosterReport) -> None:
    rows = report.preview[:PREVIEW_MAX]
    by_row: dict[int, list[RowProblem]] = {}
    for p in report.problems:
        by_row.setdefault(p.row, []).append(p)
    table.setRowCount(len(rows))
    for r, entry in enumerate(rows):
        status = QTableWidgetItem(marked(Tone.OK, _("Ready")) if entry.ok else marked(Tone.STOP, _("Problem")))
        if not entry.ok:
            status.setToolTip("\n".join(p.text(i18n.current_language()) for p in by_row.get(entry.row, ())))
        status.setForeground(QBrush(color(Role.OK if entry.ok else Role.STOP)))
        cells = [QTableWidgetItem(str(entry.row)), status]
        cells += [QTableWidgetItem(entry.values.get(f, "")) for f in PREVIEW_FIELDS]
        cells[-1].setToolTip(cells[-1].text())
        for c, cell in enumerate(cells):
            table.setItem(r, c, cell)
    fit_columns(table)


def fill_problems(table: QTableWidget, report: RosterReport, lang: str) -> None:
    problems = report.problems[:PROBLEMS_MAX]
    table.setRowCount(len(problems))
    for r, p in enumerate(problems):
        row_text = str(p.row) if p.row else _("file")
        field = p.field_label(lang) or "—"
        for c, text in enumerate((row_text, field, p.text(lang))):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnToContents(0)
    table.resizeColumnToContents(1)
