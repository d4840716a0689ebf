"""Leads' dialog for state SOP packs: list versions, import JSON, export, activate.

Why import and activation are separate steps: a lead can import a new version,
export it back to check it, and only then switch every agent to it.  A rejected
import lists every problem by field path and leaves the active pack untouched;
versions are never overwritten (decisions record the version they used).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models import sop
from desktop.models.sop import PackProblem, PackValidationError
from desktop.models.store import sop_store
from desktop.models.store.sop_store import DuplicatePackVersionError, PackInfo
from desktop.views.context import AppContext
from desktop.views.lead import team_packs
from desktop.views.lead.menu import add_file_action
from desktop.views.widgets.colors import Role, color
from desktop.views.widgets.outcome import TONES, Tone, marked
from desktop.views.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from desktop.models.team.lead import LeadResult
    from desktop.views.shell.main_window import MainWindow

ACTION_TEXT = N_("&State SOP packs (leads)…")
SHIPPED = -1  # row id of the pack built into the app


class SopPacksDialog(QDialog):
    SIZE = QSize(860, 520)  # the size it opens at, on a screen with room for it (else the screen's)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sopPacksDialog")
        self.ctx = ctx
        self.packs: list[PackInfo] = []
        self.problems: tuple[PackProblem, ...] = ()
        self._message: tuple[str, str, dict[str, str]] | None = None  # (kind, msgid, values)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.active_label = QLabel()
        self.active_label.setObjectName("activePack")
        self.active_label.setWordWrap(True)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("packTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.import_button = QPushButton()
        self.export_button = QPushButton()
        self.activate_button = QPushButton()
        self.import_button.setObjectName("importPack")
        self.export_button.setObjectName("exportPack")
        self.activate_button.setObjectName("activatePack")
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self.activate_button.clicked.connect(self.activate_selected)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editPack")
        self.edit_button.clicked.connect(self.open_editor)

        self.message = QLabel()
        self.message.setObjectName("packMessage")
        self.message.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("packProblems")
        self.problem_list.setWordWrap(True)
        self.problem_list.setVisible(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        actions = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.activate_button, self.edit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.active_label)
        layout.addWidget(self.table, 2)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.problem_list, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, self.SIZE)

        ctx.languageChanged.connect(self._on_language)
        team_packs.on_status(ctx, self._on_language)  # the server says whose login this is: the intro tells
        ctx.packChanged.connect(self.reload)
        self.reload()
        self.retranslate()

    # -- texts ----------------------------------------------------------------
    def _on_language(self, *_args: object) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("State SOP packs"))
        self.intro.setText(
            _(
                "Every imported version is kept and never overwritten. The active pack is what every "
                "workflow reads, and each decision records its version. Import a new version to change "
                "a pack, check it, then activate it."
            )
            + (f" {note}" if (note := team_packs.team_note(self.ctx)) else "")
        )
        self.table.setHorizontalHeaderLabels(
            [_("Name"), _("Version"), _("Effective"), _("Imported"), _("By"), _("Status")]
        )
        self.table.setAccessibleName(_("Stored SOP pack versions"))
        self.import_button.setText(_("&Import JSON…"))
        self.export_button.setText(_("&Export…"))
        self.activate_button.setText(_("&Activate"))
        self.edit_button.setText(_("E&dit the active pack…"))
        self.problem_list.setAccessibleName(_("Problems in the rejected pack"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self._render()

    # -- data -------------------------------------------------------------------
    def reload(self) -> None:
        with self.ctx.session() as s:
            self.packs = sop_store.list_packs(s)
        self._render()

    def _row_ids(self) -> list[int]:
        return [SHIPPED] + [p.id for p in self.packs]

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self._row_ids()[rows[0].row()]

    def select(self, pack_id: int) -> None:
        ids = self._row_ids()
        if pack_id in ids:
            self.table.selectRow(ids.index(pack_id))

    def _render(self) -> None:
        selected = self.selected_id()
        shipped = sop.load_default_pack()
        active = next((p for p in self.packs if p.is_active), None)
        rows: list[tuple[str, str, str, str, str, bool]] = [
            (
                _("{name} (shipped with the app)").format(name=shipped.name),
                shipped.version,
                i18n.format_date(shipped.effective_date),
                "—",
                "—",
                active is None,
            )
        ]
        for p in self.packs:
            rows.append(
                (
                    p.name,
                    p.version,
                    i18n.format_date(p.effective_date),
                    i18n.format_datetime(p.imported_at),
                    p.imported_by or "—",
                    p.is_active,
                )
            )
        self.table.setRowCount(len(rows))
        for r, (name, version, effective, imported, by, is_active) in enumerate(rows):
            status = QTableWidgetItem(marked(Tone.OK, _("Active")) if is_active else "")
            if is_active:
                status.setForeground(QBrush(color(Role.OK)))
            for c, item in enumerate(
                [QTableWidgetItem(name), QTableWidgetItem(version), QTableWidgetItem(effective),
                 QTableWidgetItem(imported), QTableWidgetItem(by), status]
            ):
                self.table.setItem(r, c, item)
        for c in range(1, 6):
            self.table.resizeColumnToContents(c)
        if active is None:
            self.active_label.setText(
                _("Active now: {ref}, shipped with the app.").format(ref=f"{shipped.name} {shipped.version}")
            )
        else:
            self.active_label.setText(
                _("Active now: {ref}, effective {date}.").format(
                    ref=active.ref, date=i18n.format_date(active.effective_date)
                )
            )
        # Keep the lead's selection; at first show the active pack selected.
        self.select(selected if selected is not None else (active.id if active else SHIPPED))
        self._render_message()
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_id()
        active = next((p.id for p in self.packs if p.is_active), SHIPPED)
        self.export_button.setEnabled(chosen is not None)
        self.activate_button.setEnabled(chosen is not None and chosen != active and not team_packs.busy(self))

    # -- messages (kept as msgids so a language switch re-renders them) -------
    def _say(self, kind: str, msgid: str, **values: str) -> None:
        self._message = (kind, msgid, values)
        self._render_message()

    def _render_message(self) -> None:
        lang = i18n.current_language()
        if self._message is None:
            self.message.setText("")
            self.message.setStyleSheet("")
        else:
            kind, msgid, values = self._message
            tone = {"ok": Tone.OK, "error": Tone.STOP}.get(kind)
            words = _(msgid).format(**values)
            self.message.setText(marked(tone, words) if tone else words)
            self.message.setStyleSheet(f"color: {TONES[tone].foreground};" if tone else "")
        self.problem_list.clear()
        for problem in self.problems:
            self.problem_list.addItem(problem.text(lang))
        self.problem_list.setVisible(bool(self.problems))

    # -- actions ------------------------------------------------------------------
    def choose_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a state SOP pack"), "", _("SOP packs (*.json);;All files (*)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> PackInfo | None:
        try:
            text = sop.read_pack_file(path)  # not UTF-8, too large or unreadable: said in plain words
        except PackValidationError as exc:
            self.problems = exc.problems
            self._say("error", N_("The file cannot be read:"))
            return None
        return self.import_text(text)

    def import_text(self, text: str) -> PackInfo | None:
        """Store a new version; on rejection list every problem and change nothing.

        In team mode the version is published to the team server off the GUI thread
        (``None`` here; the answer shows when it comes).
        """
        if team_packs.in_team(self.ctx):
            self._on_server(lambda desk: desk.publish_pack(text, activate=False), self._published)
            return None
        try:
            with self.ctx.session() as s:
                info = sop_store.import_pack(s, text, at=self.ctx.now(), by=self.ctx.prefs.agent_name)
        except PackValidationError as exc:
            self._rejected(exc.problems)
            return None
        except DuplicatePackVersionError as exc:
            self._duplicate(exc.name, exc.version)
            return None
        self._imported(info, N_("Imported {ref}. Activate it when it is ready for agents."))
        return info

    def _rejected(self, problems: tuple[PackProblem, ...]) -> None:
        self.problems = problems
        self._say("error", N_("The pack was rejected and nothing changed. Fix these problems and import it again:"))

    def _duplicate(self, name: str, version: str) -> None:
        self.problems = ()
        self._say("error", team_packs.REFUSALS["duplicate_version"], version=version, name=name)

    def _imported(self, info: PackInfo, msgid: str) -> None:
        self.problems = ()
        self.reload()
        self.select(info.id)
        self._say("ok", msgid, ref=info.ref)

    # -- team mode: the team server holds the packs ------------------------------
    def _on_server(self, action: team_packs.Action, done: team_packs.Done) -> None:
        busy = (self.import_button, self.activate_button, self.edit_button)
        if team_packs.publish(self.ctx, action, done, owner=self, busy=busy) and team_packs.busy(self):
            self.problems = ()
            self._say("", team_packs.SENDING)

    def _published(self, result: LeadResult) -> None:
        if result.ok and result.pack is not None:
            self._imported(result.pack, team_packs.PUBLISHED)
        elif result.code == "invalid_pack":
            self._rejected(result.problems)
        elif result.code == "duplicate_version" and result.duplicate is not None:
            self._duplicate(*result.duplicate)
        else:
            self._refused(result)

    def _refused(self, result: LeadResult) -> None:
        self.problems = ()
        self._say("error", team_packs.REFUSALS.get(result.code or "", team_packs.REFUSALS["server_error"]))

    def _activated(self, result: LeadResult) -> None:
        if not result.ok:
            self._refused(result)
            return
        ref = result.pack.ref if result.pack is not None else sop.load_default_pack().ref
        self.problems = ()
        self._say("ok", team_packs.ACTIVATED, ref=ref)

    def choose_export(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the state SOP pack"), self._suggested_name(chosen), _("SOP packs (*.json)")
        )
        if name:
            self.export_to(chosen, Path(name))

    def _suggested_name(self, pack_id: int) -> str:
        pack = sop.load_default_pack() if pack_id == SHIPPED else None
        info = next((p for p in self.packs if p.id == pack_id), None)
        version = pack.version if pack else (info.version if info else "pack")
        return f"sop-pack-{version}.json"

    def export_text(self, pack_id: int) -> str:
        if pack_id == SHIPPED:
            return sop.dump_pack(sop.load_default_pack())
        with self.ctx.session() as s:
            return sop_store.export_pack(s, pack_id)

    def export_to(self, pack_id: int, path: Path) -> bool:
        try:
            path.write_text(self.export_text(pack_id), encoding="utf-8")
        except OSError as exc:
            self._say("error", N_("The pack could not be saved ({error})."), error=exc.strerror or str(exc))
            return False
        self.problems = ()
        self._say("ok", N_("Exported to {path}."), path=str(path))
        return True

    def activate_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.activate(chosen)

    def activate(self, pack_id: int) -> None:
        if team_packs.in_team(self.ctx):
            target = None if pack_id == SHIPPED else pack_id
            self._on_server(lambda desk: desk.activate_pack(target), self._activated)
            return
        with self.ctx.session() as s:
            if pack_id == SHIPPED:
                sop_store.use_shipped_pack(s)
                ref = sop.load_default_pack().ref
            else:
                ref = sop_store.activate(s, pack_id).ref
        self.problems = ()
        self._message = ("ok", N_("{ref} is now active for every workflow."), {"ref": ref})
        self.ctx.reload_pack()  # packChanged -> reload() -> re-render

    def open_editor(self) -> QDialog:
        """The state pack editor on the active version; a saved version shows up here."""
        from desktop.views.lead.pack_editor import open_editor

        editor = open_editor(self.ctx, self)
        editor.finished.connect(lambda _r: self.reload())
        return editor


def open_dialog(window: MainWindow) -> SopPacksDialog:
    dialog = SopPacksDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_actions(window: MainWindow) -> None:
    """File menu: "State SOP packs (leads)…" (its text follows the UI language)."""
    add_file_action(window, "sopPacksAction", ACTION_TEXT, open_dialog)
