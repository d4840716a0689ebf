"""One chat template's form on the Chat page: its fields, their labels and the message under each."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.models.chat import rules as chat
from desktop.views.widgets.outcome import Tone, glyph

_OK_MARK = glyph(Tone.OK)
_WARN_MARK = glyph(Tone.WARN)
_BLOCK_MARK = glyph(Tone.STOP)
_TEMPLATE_ORDER = (chat.POC_CODE, chat.MECHANIC_BYPASS, chat.STATE_TRANSFER, chat.REMOVAL)
_TAB_TITLES = {
    chat.POC_CODE: N_("&POC code"),
    chat.MECHANIC_BYPASS: N_("&Mechanic bypass"),
    chat.STATE_TRANSFER: N_("S&tate-to-state transfer"),
    chat.REMOVAL: N_("&Removal (VASAP/TREDS)"),
}
# Field labels the agent reads (the message itself keeps the SOP's English labels).
_FIELD_LABELS = {
    "cid": N_("Client ID (CID):"),
    "utr": N_("UTR ticket:"),
    "appointment_time": N_("Appointment time:"),
    "drive_time": N_("Drive time:"),
    "reason": N_("Reason (a clear question):"),
    "from_contact": N_("From fax/email (only if the forms are not on file yet):"),
    "from_state": N_("From state:"),
    "to_state": N_("To state:"),
    "new_shop": N_("New service center:"),
    "account_balance": N_("Account balance:"),
    "state": N_("State:"),
    "treds": N_("TREDS removal order (checked first, SOP H7):"),
}
_FIELD_NAMES = {
    "cid": N_("client ID"),
    "utr": N_("UTR ticket"),
    "appointment_time": N_("appointment time"),
    "drive_time": N_("drive time"),
    "reason": N_("reason"),
    "from_state": N_("from state"),
    "to_state": N_("to state"),
    "new_shop": N_("new service center"),
    "account_balance": N_("account balance"),
    "state": N_("state"),
    "treds": N_("TREDS removal order"),
}
_CALL_KEYS = ("utr", "appointment_time", "drive_time")


class _TemplateForm(QWidget):
    """The fields of one template, each with its label (buddy) and room for an error."""

    def __init__(self, template: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above fields: long Spanish labels and 150 % scaling never squeeze the inputs.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for field in chat.TEMPLATES[template].fields:
            widget: QLineEdit | QPlainTextEdit
            if field.key == "reason":
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                spacing = widget.fontMetrics().lineSpacing()
                widget.setMinimumHeight(spacing * 3)
                widget.setMaximumHeight(spacing * 6)
                widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            else:
                widget = QLineEdit()
            widget.setObjectName(f"{template}_{field.key}")
            label = QLabel()
            label.setWordWrap(True)  # long in Spanish, and the column is narrow at 150 %
            label.setBuddy(widget)
            self.inputs[field.key] = widget
            self.labels[field.key] = label
            # Each on a row of its own: a wrapping label beside nothing still kept only its own
            # narrow width above the field, and broke short labels over two lines.
            self.form.addRow(label)
            self.form.addRow(widget)

    def text(self, key: str) -> str:
        widget = self.inputs[key]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def set_text(self, key: str, value: str) -> None:
        widget = self.inputs[key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)

    def values(self) -> dict[str, str]:
        return {key: self.text(key) for key in self.inputs}

    def retranslate(self) -> None:
        for key, label in self.labels.items():
            label.setText(_(_FIELD_LABELS[key]))
