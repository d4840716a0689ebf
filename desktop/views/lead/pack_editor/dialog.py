"""The leads' state SOP pack editor: pick a state, edit it, see the diff, save a new version, activate.

Why a dialog on the active version: leads change what agents use today, and the
diff they check before saving is the one against exactly that version.  Saving
never overwrites a version (decisions record the version they used); it stores
the next free version number, and activation is a separate, deliberate step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language
from desktop.models import sop, sop_extras
from desktop.models.sop import PackValidationError
from desktop.models.sop_edit import PackEdit, new_version_text, save_new_version
from desktop.models.store import sop_store
from desktop.models.store.sop_store import DuplicatePackVersionError, PackInfo
from desktop.views.context import AppContext
from desktop.views.lead import team_packs
from desktop.views.lead.pack_editor.changes_view import ChangesView
from desktop.views.lead.pack_editor.pack_form import PackForm
from desktop.views.lead.pack_editor.state_form import StateForm
from desktop.views.page import translate_ui
from desktop.views.widgets.field_row import error_color
from desktop.views.widgets.outcome import Tone, glyph
from desktop.views.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:  # the server modules load only in team mode
    from desktop.models.team.lead import LeadResult


def active_edit(ctx: AppContext) -> PackEdit:
    """A fresh edit of the active version (the shipped pack when none is activated)."""
    with ctx.session() as s:
        info = sop_store.active_info(s)
        text = sop_store.export_pack(s, info.id) if info is not None else None
    if info is None or text is None:
        shipped = sop.load_default_pack()
        return PackEdit(sop_extras.shipped_text(), shipped.ref)
    return PackEdit(text, info.ref)


class PackEditorDialog(QDialog):
    #: The size it opens at, on a screen with room for it (else the screen's).
    SIZE = QSize(1100, 680)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packEditorDialog")
        self.ctx = ctx
        self.edit = active_edit(ctx)
        self.saved: PackInfo | None = None
        self._message: tuple[bool, str] | None = None

        self.filter = QLineEdit()
        self.filter.setObjectName("packStateFilter")
        self.filter.textChanged.connect(self._fill_states)
        self.states = QListWidget()
        self.states.setObjectName("packStates")
        self.states.currentItemChanged.connect(self._state_chosen)
        self.pack_form = PackForm()
        self.state_form = StateForm()
        self.changes = ChangesView()
        self.pack_form.edited.connect(self._edited)
        self.state_form.edited.connect(self._edited)
        form_area = QWidget()
        form_layout = QVBoxLayout(form_area)
        form_layout.addWidget(self.pack_form)
        form_layout.addWidget(self.state_form, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_area)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.states)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for part, stretch in ((left, 0), (scroll, 2), (self.changes, 1)):
            splitter.addWidget(part)
            splitter.setStretchFactor(splitter.count() - 1, stretch)

        self.save_button = QPushButton()
        self.save_button.setObjectName("packSaveVersion")
        self.save_button.clicked.connect(self.save)
        self.activate_button = QPushButton()
        self.activate_button.setObjectName("packActivateSaved")
        self.activate_button.clicked.connect(self.activate)
        self.message = QLabel()
        self.message.setObjectName("packEditMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.activate_button)
        actions.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.filter, self.states)
        fit_to_screen(self, self.SIZE)
        self._start(self.edit)
        translate_ui(self, self.retranslate)

    # -- data -------------------------------------------------------------------
    def _start(self, edit: PackEdit) -> None:
        self.edit = edit
        self.pack_form.show_pack(edit)
        self._fill_states()
        if self.state_form.code in edit.codes():
            self.state_form.show_state(edit, self.state_form.code)
        self._edited()

    def _fill_states(self) -> None:
        wanted = self.filter.text().strip().lower()
        current = self.state_form.code
        target = wanted.upper() if wanted.upper() in self.edit.codes() else current  # a typed code wins
        self.states.blockSignals(True)
        self.states.clear()
        for code in self.edit.codes():
            label = f"{code} — {self.edit.state_name(code)}"
            if wanted and wanted not in label.lower():
                continue
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.states.addItem(item)
            if code == target:
                self.states.setCurrentItem(item)
        self.states.blockSignals(False)
        if self.states.currentItem() is None and self.states.count():
            self.states.setCurrentRow(0)
        elif target != current and self.states.currentItem() is not None:
            self._state_chosen(self.states.currentItem())

    def _state_chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is not None:
            self.choose_state(str(item.data(Qt.ItemDataRole.UserRole)))

    def choose_state(self, code: str) -> None:
        self.state_form.show_state(self.edit, code)
        self._edited()

    def _edited(self) -> None:
        problems = self.edit.problems()
        self.changes.set_changes(self.edit.base_ref, self.edit.changes(), problems)
        mine = f"states.{self.state_form.code}."
        by_field: dict[str, str] = {}
        pack_fields: dict[str, str] = {}
        for problem in problems:
            text = problem.text(current_language())
            if problem.path.startswith(mine):
                by_field.setdefault(problem.path[len(mine):].split(".")[0], text)
            else:
                pack_fields.setdefault(problem.path, text)
        self.state_form.show_problems(by_field)
        self.pack_form.show_problems(pack_fields)
        self._update_buttons()

    def can_save(self) -> bool:
        return bool(self.edit.changes()) and not self.edit.problems() and not self.state_form.fee_refused()

    def _update_buttons(self) -> None:
        waiting = team_packs.busy(self)  # a publish on its way to the team server
        self.save_button.setEnabled(self.can_save() and not waiting)
        self.activate_button.setEnabled(self.saved is not None and not self.saved.is_active and not waiting)

    # -- actions ------------------------------------------------------------------
    def save(self) -> PackInfo | None:
        """Store the edit as a new version (never overwriting one); not yet active.

        In team mode the version is published to the team server off the GUI thread
        (``None`` here; the answer shows when it comes).
        """
        if not self.can_save():
            return None
        try:
            with self.ctx.session() as s:
                if team_packs.in_team(self.ctx):
                    text = new_version_text(s, self.edit)
                else:
                    info = save_new_version(s, self.edit, at=self.ctx.now(), by=self.ctx.prefs.agent_name)
        except (PackValidationError, DuplicatePackVersionError) as exc:
            self._say(False, _("Not saved: {reason}").format(reason=str(exc).splitlines()[0]))
            return None
        if team_packs.in_team(self.ctx):
            self._on_server(lambda desk: desk.publish_pack(text, activate=False), self._published)
            return None
        self.saved = info
        self._say(True, _("Saved as {ref}. Activate it when it is ready for agents.").format(ref=info.ref))
        self._update_buttons()
        return info

    def activate(self) -> None:
        if self.saved is None:
            return
        if team_packs.in_team(self.ctx):
            pack_id = self.saved.id
            self._on_server(lambda desk: desk.activate_pack(pack_id), self._activated)
            return
        with self.ctx.session() as s:
            info = sop_store.activate(s, self.saved.id)
        self.ctx.reload_pack()
        self.saved = None
        self._start(active_edit(self.ctx))
        self._say(True, _("{ref} is now active for every workflow.").format(ref=info.ref))

    # -- team mode: the team server holds the packs ------------------------------
    def _on_server(self, action: team_packs.Action, done: team_packs.Done) -> None:
        busy = (self.save_button, self.activate_button)
        if team_packs.publish(self.ctx, action, done, owner=self, busy=busy) and team_packs.busy(self):
            self._say(True, _(team_packs.SENDING), mark=False)

    def _published(self, result: LeadResult) -> None:
        if not result.ok or result.pack is None:
            self._say(False, team_packs.refusal_text(result))
        else:
            self.saved = result.pack
            self._say(True, _(team_packs.PUBLISHED).format(ref=result.pack.ref))
        self._update_buttons()

    def _activated(self, result: LeadResult) -> None:
        if not result.ok or result.pack is None:
            self._say(False, team_packs.refusal_text(result))
            self._update_buttons()
            return
        self.saved = None
        self._start(active_edit(self.ctx))
        self._say(True, _(team_packs.ACTIVATED).format(ref=result.pack.ref))

    def _say(self, ok: bool, text: str, *, mark: bool = True) -> None:
        self._message = (ok, text)
        sign = glyph(Tone.OK if ok else Tone.WARN) + " " if mark else ""
        self.message.setText(sign + text)
        self.message.setStyleSheet("" if ok else f"color: {error_color()};")

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit the state SOP pack"))
        self.filter.setPlaceholderText(_("Filter states"))
        self.states.setAccessibleName(_("States and territories"))
        self.save_button.setText(_("&Save as a new version"))
        self.activate_button.setText(_("&Activate the saved version"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self._edited()


def open_editor(ctx: AppContext, parent: QWidget | None = None) -> PackEditorDialog:
    dialog = PackEditorDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
