"""The lifetime fact of a critical note (SOP N2), typed under the critical check box.

Shown only while the note is marked critical: the fact ("Client only speaks
Spanish") is stated in the note and, when the note is saved, kept as a client
flag that the client card shows on every later call
(:mod:`desktop.models.store.client_flags`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QLineEdit

from desktop.i18n import _
from desktop.models.notes import NoteDraft
from desktop.views.page import translate_ui

if TYPE_CHECKING:
    from desktop.views.notes.page import NotesPage


class FlagField(QLineEdit):
    def __init__(self, page: NotesPage) -> None:
        super().__init__()
        self.setObjectName("clientFlag")
        holder = page.critical_help.parentWidget()
        layout = holder.layout() if holder is not None else None
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(page.critical_help) + 1, self)
        self.setVisible(page.critical.isChecked())
        page.critical.toggled.connect(self.setVisible)
        self.textEdited.connect(lambda _t: page._changed())
        translate_ui(self, self.retranslate)

    def show_flag(self, draft: NoteDraft) -> None:
        self.setText(draft.flag)
        self.setVisible(draft.critical)

    def retranslate(self) -> None:
        self.setPlaceholderText(_("Fact for the client card, e.g. Client only speaks Spanish"))
        self.setAccessibleName(_("Client flag"))
