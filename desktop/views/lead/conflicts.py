"""Leads' view of rule conflicts: two agents gave the same one-time grant while apart.

Each row shows the client, the grant that stands (who, when, how much) and the
one that came second (who, when); the lead resolves it with a note, which the
server also appends to the client's history.  Why the refusal is shown and not
prevented here only: the server checks the lead role on every resolution, so
an agent's login is refused whatever this screen shows, and the screen says so.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, format_datetime, format_money
from desktop.models.team.lead import ConflictInfo, LeadResult
from desktop.models.team.workstation import Workstation
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell import team_jobs
from desktop.views.widgets.outcome import Tone, marked
from desktop.views.widgets.screen_fit import fit_to_screen
from desktop.views.widgets.text import wrap

REFUSALS: dict[str, str] = {
    "not_lead": N_("Not resolved: only a team lead may resolve rule conflicts (the server refused this login)."),
    "not_found": N_("Not resolved: this conflict no longer exists."),
    "already_resolved": N_("Another lead resolved this conflict already."),
    "empty_note": N_("Type a note first: it says how the conflict was settled."),
    "offline": N_("Not resolved: the team server cannot be reached. Try again when it is back."),
}

KINDS: dict[str, str] = {
    "courtesy_credit": N_("Courtesy credit (SOP C1)"),
    "m9_waiver": N_("Waived override fee (SOP M9)"),
}


def _money(conflict: ConflictInfo) -> str:
    amount = conflict.winner.amount
    return format_money(amount) if amount is not None else ""


def row_texts(conflict: ConflictInfo) -> list[str]:
    """Client, rule, the grant that stands, the one that came second."""
    first = _("{agent}, {when} {amount}").format(
        agent=conflict.winner.agent, when=format_datetime(conflict.winner.granted_at.astimezone()),
        amount=_money(conflict),
    ).strip()
    second_amount = format_money(conflict.loser_amount) if conflict.loser_amount is not None else ""
    second = _("{agent}, {when} {amount}").format(
        agent=conflict.loser_agent, when=format_datetime(conflict.loser_at.astimezone()), amount=second_amount
    ).strip()
    return [f"{conflict.client_name} ({conflict.client_cid})", _(KINDS.get(conflict.kind, conflict.kind)), first, second]


class ConflictsDialog(QDialog):
    #: The size it opens at, on a screen with room for it (else the screen's).
    SIZE = QSize(900, 420)

    def __init__(self, ctx: AppContext, desk: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.ctx = ctx
        self.desk = desk
        self.conflicts: list[ConflictInfo] = []
        self._message: tuple[Tone, str] | None = None
        self._pending: str | None = None  # what is on its way to the server, while it is
        self.intro = wrap(QLabel())
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("conflictTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.note_label = QLabel()
        self.note = QLineEdit()
        self.note.setObjectName("resolutionNote")
        self.note_label.setBuddy(self.note)
        self.note.textChanged.connect(self._update_buttons)
        self.note.returnPressed.connect(self.resolve_selected)
        self.resolve_button = QPushButton()
        self.resolve_button.setObjectName("resolveConflict")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.reload_button = QPushButton()
        self.reload_button.setObjectName("reloadConflicts")
        self.reload_button.clicked.connect(self.reload)
        self.message = wrap(QLabel())
        self.message.setObjectName("conflictsMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        note_row = QHBoxLayout()
        note_row.addWidget(self.note_label)
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(note_row)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reload_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        fit_to_screen(self, self.SIZE)
        self.reload()
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Rule conflicts"))
        self.intro.setText(_(
            "Two agents gave the same one-time grant while one of them was offline. The first grant stands; "
            "resolve each conflict with a note on how it was settled with the client."
        ))
        self.table.setHorizontalHeaderLabels(
            [_("Client"), _("Rule"), _("Grant that stands"), _("Given second")]
        )
        self.note_label.setText(_("Resolution &note:"))
        self.note.setAccessibleName(_("Resolution note"))
        self.resolve_button.setText(_("&Resolve"))
        self.reload_button.setText(_("Re&load"))
        self._fill()
        self._show_message()

    def reload(self) -> None:
        """From the server when it answers, else from this desk's cache (off the GUI thread)."""
        started = team_jobs.run(
            self.ctx, self.desk.open_conflicts, self._loaded, key=(self, "reload"), owner=self,
            busy=(self.reload_button,),
        )
        if started and team_jobs.running((self, "reload")):
            self._pending = N_("Reading the open conflicts from the team server…")
            self._show_message()

    def _loaded(self, conflicts: list[ConflictInfo]) -> None:
        self.conflicts = conflicts
        if self._pending == N_("Reading the open conflicts from the team server…"):
            self._pending = None
            self._show_message()
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            for col, text in enumerate(row_texts(conflict)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self.conflicts and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.resolve_button.setEnabled(
            bool(self.conflicts) and self.table.currentRow() >= 0 and not team_jobs.running((self, "resolve"))
        )

    def selected(self) -> ConflictInfo | None:
        row = self.table.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def resolve_selected(self) -> None:
        """The server settles it off the GUI thread; the button is busy until its answer is shown."""
        conflict = self.selected()
        if conflict is None:
            return
        note = self.note.text()
        if not team_jobs.run(
            self.ctx, lambda: self.desk.resolve_conflict(conflict.id, note),
            lambda result: self._resolved(conflict, result), key=(self, "resolve"), owner=self,
            busy=(self.resolve_button,),
        ):
            return  # the first press is still on its way
        if team_jobs.running((self, "resolve")):
            self._pending = N_("Resolving on the team server…")
            self._show_message()

    def _resolved(self, conflict: ConflictInfo, result: LeadResult) -> None:
        self._pending = None
        if result.ok:
            self._message = (Tone.OK, N_("Resolved. The note was added to the client's history."))
            self.note.clear()
            self.reload()
            self.ctx.historyChanged.emit(conflict.client_id)
        else:
            self._message = (Tone.STOP, REFUSALS.get(result.code or "", N_("Not resolved.")))
            if result.code == "already_resolved":
                self.reload()
        self._show_message()
        self._update_buttons()

    def _show_message(self) -> None:
        if self._pending is not None:  # a request on its way to the server says so, then its answer shows
            self.message.setText(_(self._pending))
            return
        if self._message is None:
            self.message.clear()
            return
        tone, msgid = self._message
        self.message.setText(marked(tone, _(msgid)))
