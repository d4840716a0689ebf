"""A critical note (SOP N2): the check box, what it is for, and the lifetime fact typed under it.

The fact field is shown only while the note is marked critical: the fact
("Client only speaks Spanish") is stated in the note and, when the note is
saved, kept as a client flag that the client card shows on every later call
(:mod:`desktop.models.store.client_flags`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.notes import NoteDraft


class CriticalPart(QWidget):
    """The critical check box, its help text and the client flag field."""

    changed = Signal()  # the agent ticked the box or typed the fact

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.critical = QCheckBox()
        self.critical.setObjectName("critical")
        self.help = QLabel()
        self.help.setObjectName("criticalHelp")
        self.help.setWordWrap(True)
        self.flag = QLineEdit()
        self.flag.setObjectName("clientFlag")
        self.flag.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.critical, self.help, self.flag):
            layout.addWidget(widget)
        self.critical.toggled.connect(self.flag.setVisible)
        self.critical.toggled.connect(lambda _c: self.changed.emit())
        self.flag.textEdited.connect(lambda _t: self.changed.emit())

    def retranslate(self) -> None:
        self.critical.setText(_("Cri&tical note"))
        self.help.setText(
            _("Only for facts that matter for as long as the client has the account, such as "
              "“Client only speaks Spanish”.")
        )
        self.flag.setPlaceholderText(_("Fact for the client card, e.g. Client only speaks Spanish"))
        self.flag.setAccessibleName(_("Client flag"))

    def show_draft(self, draft: NoteDraft) -> None:
        self.critical.setChecked(draft.critical)
        self.flag.setText(draft.flag)
        self.flag.setVisible(draft.critical)

    def fill(self, draft: NoteDraft) -> NoteDraft:
        """``draft`` marked critical or not; the fact counts only while the box is ticked."""
        draft.critical = self.critical.isChecked()
        draft.flag = self.flag.text() if draft.critical else ""
        return draft
