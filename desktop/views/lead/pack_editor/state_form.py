"""The fields of one state in the pack editor: what the state's SOP allows (SOP P4, C2, C10, H7).

Why each field writes into the edit at once: the diff and the problems the lead
sees are always those of what is on screen.  A typed fee is read by the strict
money parser, so ``1e3``, ``-5`` or ``NaN`` are refused at the field and never
reach the pack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.i18n import _, current_language
from desktop.models.sop_edit import (
    TEXT_FIELDS,
    TRI_FIELDS,
    TRI_LABELS,
    FeeError,
    PackEdit,
    field_label,
    parse_fee,
)
from desktop.views.page import translate_ui
from desktop.views.widgets.field_row import FieldRow

_LANGUAGE_SUFFIX = {"en": "En", "es": "Es"}


class StateForm(QWidget):
    """Edits one state of a :class:`PackEdit`; ``edited`` fires after every accepted change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit: PackEdit | None = None
        self.code = ""
        self._loading = False
        self._refusal = ""  # what the money parser said about the typed fee
        self._shown_fee: str | None = None
        self.heading = QLabel()
        self.heading.setObjectName("packStateHeading")
        grid = QGridLayout(self)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        row = 1
        self.tri: dict[str, FieldRow] = {}
        self.combos: dict[str, QComboBox] = {}
        for name in TRI_FIELDS:
            combo = self.combos[name] = QComboBox()
            for value in TRI_LABELS:
                combo.addItem("", value)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._tri_changed(n))
            self.tri[name] = FieldRow(combo, f"pack_{name}")
        self.fee_edit = QLineEdit()
        self.fee = FieldRow(self.fee_edit, "pack_poc_fee")
        self.fee_edit.textEdited.connect(lambda _t: self._fee_changed())
        self.texts: dict[tuple[str, str], FieldRow] = {}
        self.text_edits: dict[tuple[str, str], QPlainTextEdit] = {}
        for name in TEXT_FIELDS:
            for language in ("en", "es"):
                box = self.text_edits[(name, language)] = QPlainTextEdit()
                box.setTabChangesFocus(True)
                box.setMaximumHeight(box.fontMetrics().lineSpacing() * 4)
                box.textChanged.connect(lambda n=name, lang=language: self._text_changed(n, lang))
                self.texts[(name, language)] = FieldRow(box, f"pack_{name}_{_LANGUAGE_SUFFIX[language]}")
        self.sources_edit = QPlainTextEdit()
        self.sources = FieldRow(self.sources_edit, "pack_sources")
        self.sources_edit.setTabChangesFocus(True)
        self.sources_edit.setMaximumHeight(self.sources_edit.fontMetrics().lineSpacing() * 4)
        self.sources_edit.textChanged.connect(self._sources_changed)
        order: list[FieldRow] = [self.tri["poc_override"], self.fee, self.tri["courtesy_credits"],
                                 self.tri["unused_days_refund"]]
        order += [self.texts[(n, lang)] for n in TEXT_FIELDS for lang in ("en", "es")]
        order.append(self.sources)
        for field_row in order:
            row = field_row.place(grid, row)
        grid.setRowStretch(row, 1)
        translate_ui(self, self.retranslate)

    # -- showing a state -------------------------------------------------------
    def show_state(self, edit: PackEdit, code: str) -> None:
        self.edit, self.code = edit, code
        self._loading = True
        try:
            for name, combo in self.combos.items():
                combo.setCurrentIndex(max(0, combo.findData(edit.value(code, name))))
            fee = edit.value(code, "poc_fee")
            self._shown_fee, self._refusal = fee, ""
            self.fee_edit.setText("" if fee is None else fee)
            self.fee.show_error(None)
            for (name, language), box in self.text_edits.items():
                box.setPlainText(str(edit.value(code, name).get(language, "")))
            self.sources_edit.setPlainText("\n".join(edit.value(code, "sources")))
        finally:
            self._loading = False
        self.retranslate()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Problem texts by field name (``poc_fee``, ``unused_days_notes``…) of this state."""
        for name, field_row in self.tri.items():
            field_row.show_error(problems.get(name))
        self.fee.show_error(self._refusal or problems.get("poc_fee"))
        for (name, language), field_row in self.texts.items():
            field_row.show_error(problems.get(name) if language == "en" else None)
        self.sources.show_error(problems.get("sources"))

    # -- edits -------------------------------------------------------------------
    def _apply(self, change: Callable[[PackEdit], None]) -> None:
        if self._loading or self.edit is None:
            return
        change(self.edit)
        self.edited.emit()

    def _tri_changed(self, name: str) -> None:
        value = self.combos[name].currentData()
        self._apply(lambda e: e.set_value(self.code, name, value))

    def _fee_changed(self) -> None:
        if self._loading or self.edit is None:
            return
        try:
            fee = parse_fee(self.fee_edit.text(), current_language())
        except FeeError as exc:
            # Refused text never reaches the pack: it keeps the fee the state had when shown.
            self._refusal = exc.text(current_language())
            self._apply(lambda e: e.set_value(self.code, "poc_fee", self._shown_fee))
            return
        self._refusal = ""
        self._apply(lambda e: e.set_value(self.code, "poc_fee", fee))

    def fee_refused(self) -> bool:
        """True while the fee field holds text the money parser refused."""
        return bool(self._refusal)

    def _text_changed(self, name: str, language: str) -> None:
        text = self.text_edits[(name, language)].toPlainText()
        self._apply(lambda e: e.set_text(self.code, name, language, text))

    def _sources_changed(self) -> None:
        lines = [line.strip() for line in self.sources_edit.toPlainText().splitlines()]
        self._apply(lambda e: e.set_value(self.code, "sources", [line for line in lines if line]))

    def retranslate(self) -> None:
        if self.edit is not None and self.code:
            self.heading.setText(
                f"<b>{self.code} — {self.edit.state_name(self.code)}</b>"
            )
        for name, field_row in self.tri.items():
            field_row.set_label(field_label(name, current_language()) + ":")
            combo = self.combos[name]
            for index in range(combo.count()):
                combo.setItemText(index, _(TRI_LABELS[str(combo.itemData(index))]))
        self.fee.set_label(_("POC fee (empty when the SOP states none):"))
        self.fee_edit.setPlaceholderText(_("not stated: check SOP"))
        language_names = {"en": _("English"), "es": _("Spanish")}
        for (name, language), field_row in self.texts.items():
            field_row.set_label(
                _("{field} ({language}):").format(field=field_label(name, current_language()),
                                                  language=language_names[language])
            )
        self.sources.set_label(_("Sources (one per line):"))
