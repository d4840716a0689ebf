"""Pack-wide fields in the editor: the effective date and where tow receipts go (SOP C8)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QDateEdit, QGridLayout, QLineEdit, QWidget

from desktop.i18n import BABEL_LOCALES, QT_DATE_FORMATS, current_language
from desktop.models.sop_edit import PackEdit, field_label
from desktop.views.page import translate_ui
from desktop.views.widgets.field_row import FieldRow


class PackForm(QWidget):
    """``edited`` fires after every change; values go straight into the :class:`PackEdit`."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit: PackEdit | None = None
        self._loading = False
        date_edit = QDateEdit()
        date_edit.setCalendarPopup(True)
        self.effective = FieldRow(date_edit, "pack_effective_date")
        self.fax = FieldRow(QLineEdit(), "pack_csg_fax")
        self.email = FieldRow(QLineEdit(), "pack_csg_email")
        grid = QGridLayout(self)
        row = 0
        for field_row in (self.effective, self.fax, self.email):
            row = field_row.place(grid, row)
        date_edit.dateChanged.connect(lambda _d: self._changed("effective_date", self._iso()))
        self.fax.field.textEdited.connect(lambda t: self._changed("tow_receipt.csg_fax", t))  # type: ignore[attr-defined]
        self.email.field.textEdited.connect(lambda t: self._changed("tow_receipt.csg_email", t))  # type: ignore[attr-defined]
        translate_ui(self, self.retranslate)

    def _iso(self) -> str:
        return str(self.date_edit.date().toString("yyyy-MM-dd"))

    @property
    def date_edit(self) -> QDateEdit:
        assert isinstance(self.effective.field, QDateEdit)
        return self.effective.field

    def show_pack(self, edit: PackEdit) -> None:
        self.edit = edit
        self._loading = True
        try:
            self.date_edit.setDate(QDate.fromString(str(edit.pack_value("effective_date")), "yyyy-MM-dd"))
            self.fax.field.setText(str(edit.pack_value("tow_receipt.csg_fax")))  # type: ignore[attr-defined]
            self.email.field.setText(str(edit.pack_value("tow_receipt.csg_email")))  # type: ignore[attr-defined]
        finally:
            self._loading = False

    def show_problems(self, problems: dict[str, str]) -> None:
        self.effective.show_error(problems.get("effective_date"))
        self.fax.show_error(problems.get("tow_receipt.csg_fax"))
        self.email.show_error(problems.get("tow_receipt.csg_email"))

    def _changed(self, path: str, value: str) -> None:
        if self._loading or self.edit is None:
            return
        self.edit.set_pack_value(path, value)
        self.edited.emit()

    def retranslate(self) -> None:
        self.date_edit.setLocale(QLocale(BABEL_LOCALES[current_language()]))
        self.date_edit.setDisplayFormat(QT_DATE_FORMATS["medium"])  # month first in both (es_US)
        language = current_language()
        self.effective.set_label(field_label("effective_date", language) + ":")
        self.fax.set_label(field_label("tow_receipt.csg_fax", language) + ":")
        self.email.set_label(field_label("tow_receipt.csg_email", language) + ":")
