"""The 4E outline fields of the Notes page (SOP N3), with card numbers masked as they are typed (SOP N1).

One field per part of the outline so nothing is forgotten in the last seconds
of a call.  The form also takes the disposition filter as its last row (see
:mod:`desktop.views.notes.disposition_picker`), so every label lines up in one
column.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.i18n import _
from desktop.models.notes import NoteDraft
from desktop.models.notes.lint import mask_while_typing
from desktop.views.widgets.text import fit_lines


def _line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    return edit


def _plain(name: str, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    fit_lines(edit, lines)
    return edit


class NoteFields(QWidget):
    """Customer, relationship, reason, resolution, additional info and follow-up, as one form."""

    edited = Signal()  # the agent changed a field (not emitted while a draft is shown)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False
        self.customer_name = _line("customerName")
        self.relationship = _line("relationship")
        self.reason = _plain("reason", 3)
        self.resolution = _plain("resolution", 5)
        self.additional_info = _line("additionalInfo")
        self.follow_up = _line("followUp")
        self.customer_name_label = QLabel()
        self.relationship_label = QLabel()
        self.reason_label = QLabel()
        self.resolution_label = QLabel()
        self.additional_label = QLabel()
        self.follow_up_label = QLabel()

        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, widget in (
            (self.customer_name_label, self.customer_name),
            (self.relationship_label, self.relationship),
            (self.reason_label, self.reason),
            (self.resolution_label, self.resolution),
            (self.additional_label, self.additional_info),
            (self.follow_up_label, self.follow_up),
        ):
            label.setBuddy(widget)
            label.setWordWrap(True)
            self.form.addRow(label, widget)

        for line in (self.customer_name, self.relationship, self.additional_info, self.follow_up):
            line.textEdited.connect(lambda _t, w=line: self._line_edited(w))
        for plain in (self.reason, self.resolution):
            plain.textChanged.connect(lambda w=plain: self._plain_edited(w))

    def retranslate(self) -> None:
        self.customer_name_label.setText(_("Customer &name:"))
        self.relationship_label.setText(_("&Relationship:"))
        self.relationship.setPlaceholderText(_("e.g. account holder, spouse, employer"))
        self.reason_label.setText(_("R&eason:"))
        self.reason.setPlaceholderText(_("Why the client contacted us, or why we contacted them"))
        self.resolution_label.setText(_("Re&solution:"))
        self.resolution.setPlaceholderText(
            _("One line per action: steps taken, amounts, timeframes, changes from → to, transfers")
        )
        self.additional_label.setText(_("&Additional info:"))
        self.follow_up_label.setText(_("Follow &up:"))
        self.follow_up.setPlaceholderText(_("Callbacks or promises made; leave empty if none"))

    # -- the draft in and out ----------------------------------------------------
    def show_draft(self, draft: NoteDraft) -> None:
        """Fill every field from ``draft`` (already redacted) without counting it as an edit."""
        self._showing = True
        try:
            self.customer_name.setText(draft.customer_name)
            self.relationship.setText(draft.relationship)
            self.reason.setPlainText(draft.reason)
            self.resolution.setPlainText("\n".join(draft.resolution))
            self.additional_info.setText(draft.additional_info)
            self.follow_up.setText(draft.follow_up)
        finally:
            self._showing = False

    def fill(self, draft: NoteDraft) -> NoteDraft:
        """``draft`` with the outline parts as typed here."""
        draft.customer_name = self.customer_name.text()
        draft.relationship = self.relationship.text()
        draft.reason = self.reason.toPlainText()
        draft.resolution = self.resolution.toPlainText().splitlines()
        draft.additional_info = self.additional_info.text()
        draft.follow_up = self.follow_up.text()
        return draft

    # -- editing: mask card numbers as typed (SOP N1) ------------------------------
    def _line_edited(self, edit: QLineEdit) -> None:
        text = edit.text()
        masked = mask_while_typing(text)
        if masked != text:
            position = edit.cursorPosition()
            edit.setText(masked)  # same length: the cursor stays where it was
            edit.setCursorPosition(position)
        self.edited.emit()

    def _plain_edited(self, edit: QPlainTextEdit) -> None:
        if self._showing:
            return
        text = edit.toPlainText()
        masked = mask_while_typing(text)
        if masked != text:
            self._showing = True
            try:
                cursor = QTextCursor(edit.document())
                cursor.beginEditBlock()
                for index, (before, after) in enumerate(zip(text, masked, strict=True)):
                    if before != after:
                        cursor.setPosition(index)
                        cursor.setPosition(index + 1, QTextCursor.MoveMode.KeepAnchor)
                        cursor.insertText(after)
                cursor.endEditBlock()
            finally:
                self._showing = False
        self.edited.emit()
