"""Step 4: the POC request text for CSG (editable) and the UTR ticket number it got (SOP P5, P8)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import _
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.views.poc.common import PocStepView, copy_text
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.narrow import FitRow


class UtrView(PocStepView):
    step_id = PocStep.UTR

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticket_label = QLabel()
        self.ticket = QPlainTextEdit()
        self.ticket.setObjectName("pocTicketText")
        self.ticket.setTabChangesFocus(True)
        self.ticket_label.setBuddy(self.ticket)
        self.body.addWidget(self.ticket_label)
        self.body.addWidget(self.ticket, 1)
        buttons = FitRow()  # side by side while both fit the column
        self.copy_ticket = QPushButton()
        self.copy_ticket.setObjectName("pocCopyTicket")
        self.copy_ticket.clicked.connect(lambda: copy_text(self.ticket.toPlainText()))
        self.regenerate = QPushButton()
        self.regenerate.setObjectName("pocRegenerateTicket")
        self.regenerate.clicked.connect(self._regenerate)
        buttons.add(self.copy_ticket)
        buttons.add(self.regenerate)
        buttons.add_stretch()
        self.body.addWidget(buttons)
        self.utr = QLineEdit()
        self.utr_row = FieldRow(self.utr, "pocUtr")
        grid = QGridLayout()
        self.utr_row.place(grid, 0)
        self.body.addLayout(grid)
        self.utr.textEdited.connect(self._on_utr)
        self.ticket.textChanged.connect(self._on_ticket)
        self._touched = False
        self._showing = False

    def _on_utr(self, text: str) -> None:
        if self.flow is None:
            return
        self._touched = True
        self.flow.set_utr(text)
        self.changed.emit()

    def _on_ticket(self) -> None:
        if self.flow is not None and not self._showing:
            self.flow.set_ticket_text(self.ticket.toPlainText())

    def _show_ticket(self) -> None:
        if self.flow is None:
            return
        self._showing = True
        try:
            self.ticket.setPlainText(self.flow.ticket_text())
        finally:
            self._showing = False

    def _regenerate(self) -> None:
        if self.flow is not None:
            self.flow.reset_ticket_text()
            self._show_ticket()

    # -- StepView hooks ------------------------------------------------------
    def reset(self) -> None:
        self._touched = False
        self.utr.clear()
        self._showing = True
        self.ticket.clear()
        self._showing = False

    def enter(self) -> None:
        """The answers may have changed since the text was written: show the ticket for them."""
        self._show_ticket()

    def first_field(self) -> QWidget:
        return self.utr

    def retranslate(self) -> None:
        self.set_heading(_("4. UTR ticket"), _("Send the POC request to CSG and enter the ticket number."))
        self.ticket_label.setText(_("POC request &text (editable):"))
        self.copy_ticket.setText(_("&Copy text"))
        self.regenerate.setText(_("&Regenerate from the answers"))
        self.utr_row.set_label(_("&UTR ticket number:"))
        self.utr.setPlaceholderText(_("The number CSG's system gave the ticket"))

    def refresh(self) -> None:
        codes = self.flow.blockers(self.step_id) if self.flow is not None else ()
        shown = bool(codes) and (self._touched or pt.UTR_HAS_SPACES in codes)
        self.utr_row.show_error(pt.blocker_text(codes[0]) if shown else None)

    def shown_blockers(self) -> set[str]:
        return {pt.UTR_MISSING, pt.UTR_HAS_SPACES}
