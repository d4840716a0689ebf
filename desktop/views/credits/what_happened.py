"""Step 1: what the client asks for, the fee's status and the amount (SOP C3, C6, C14)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from desktop.i18n import _, format_money, parse_money
from desktop.models import credits
from desktop.models.credits.flow import CreditStep
from desktop.views.credits.common import CreditStepView
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.text import wrap
from desktop.views.widgets.wrapping import WrapCheckBox

TRI_VALUES: tuple[bool | None, ...] = (None, True, False)


def _tri_combo() -> QComboBox:
    combo = QComboBox()
    for value in TRI_VALUES:
        combo.addItem("", value)
    return combo


class WhatHappenedView(CreditStepView):
    step_id = CreditStep.WHAT_HAPPENED

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review_label = wrap(QLabel())
        self.review_label.setObjectName("creditReviewFirst")
        self.reviewed = WrapCheckBox()
        self.reviewed.setObjectName("creditReviewed")
        self.body.addWidget(self.review_label)
        self.body.addWidget(self.reviewed)

        self.kind = QComboBox()
        self.kind.addItem("", None)
        for kind in credits.KINDS:
            self.kind.addItem("", kind)
        self.kind_row = FieldRow(self.kind, "creditKind")
        self.assessed_row = FieldRow(_tri_combo(), "creditFeeAssessed")
        self.paid_row = FieldRow(_tri_combo(), "creditFeePaid")
        self.violation_row = FieldRow(_tri_combo(), "creditViolation")
        self.device_issue = WrapCheckBox()
        self.device_issue.setObjectName("creditDeviceIssue")
        self.amount = QLineEdit()
        self.amount_row = FieldRow(self.amount, "creditAmountRequested")
        grid = QGridLayout()
        row = 0
        for field_row in (self.kind_row, self.assessed_row, self.paid_row, self.violation_row):
            row = field_row.place(grid, row)
        grid.addWidget(self.device_issue, row, 1)
        self.amount_row.place(grid, row + 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)

        # Only what the agent does writes to the flow (activated/clicked/textEdited),
        # so rendering never feeds back into it.
        self.reviewed.clicked.connect(self._write)
        self.device_issue.clicked.connect(self._write)
        for combo in (self.kind, self.assessed, self.paid, self.violation):
            combo.activated.connect(self._write)
        self.amount.textEdited.connect(self._write)

    @property
    def assessed(self) -> QComboBox:
        return self._combo(self.assessed_row)

    @property
    def paid(self) -> QComboBox:
        return self._combo(self.paid_row)

    @property
    def violation(self) -> QComboBox:
        return self._combo(self.violation_row)

    @staticmethod
    def _combo(row: FieldRow) -> QComboBox:
        assert isinstance(row.field, QComboBox)
        return row.field

    def _write(self, *_args: Any) -> None:
        f = self.flow
        if f is None:
            return
        kind = self.kind.currentData()
        if kind is not None and kind != f.kind:
            f.set_kind(kind)
        elif kind is None:
            f.kind = None
        f.set_fee_status(assessed=self.assessed.currentData(), paid=self.paid.currentData())
        f.set_reset_details(
            violation=self.violation.currentData(), device_issue_confirmed=self.device_issue.isChecked()
        )
        f.set_reviewed_account(self.reviewed.isChecked())
        f.set_amount_text(self.amount.text())
        self.changed.emit()

    # -- StepView hooks --------------------------------------------------------
    def reset(self) -> None:
        for combo in (self.kind, self.assessed, self.paid, self.violation):
            combo.setCurrentIndex(0)
        self.reviewed.setChecked(False)
        self.device_issue.setChecked(False)
        self.amount.clear()

    def enter(self) -> None:
        """Offering the cap instead (SOP C1) changed the amount: show the new one."""
        f = self.flow
        if f is None or f.amount is None:
            return
        try:
            typed: Decimal | None = parse_money(self.amount.text())
        except ValueError:
            typed = None
        if typed != f.amount:
            self.amount.setText(f"{f.amount:.2f}")

    def first_field(self) -> QWidget:
        return self.reviewed

    def retranslate(self) -> None:
        self.set_heading(_("1. What happened"), _("What the client asks for, and the fee's status."))
        self.review_label.setText(
            _("Before deciding, review: {items} (SOP C14).").format(items=", ".join(credits.review_first()))
        )
        self.reviewed.setText(_("I revie&wed the account"))
        self.kind_row.set_label(_("&Request:"))
        self.kind.setItemText(0, _("Choose…"))
        for index, kind in enumerate(credits.KINDS, start=1):
            self.kind.setItemText(index, credits.kind_label(kind))
        self.assessed_row.set_label(_("Fee &charged on the account?"))
        self.paid_row.set_label(_("Fee &paid?"))
        self.violation_row.set_label(_("Reset caused by a &violation?"))
        for combo in (self.assessed, self.paid, self.violation):
            combo.setItemText(0, _("Not confirmed yet"))
            combo.setItemText(1, _("Yes"))
            combo.setItemText(2, _("No"))
        self.device_issue.setText(_("&Device issue confirmed in the file notes after the paid service"))
        self.amount_row.set_label(_("&Amount (fee or request):"))
        self.amount.setPlaceholderText(format_money(Decimal("25.00")))

    def refresh(self) -> None:
        f = self.flow
        is_reset = f is not None and f.kind == "reset_fee"
        needs_fee = f is not None and f.kind not in (None, *credits.NO_FEE_STATUS_KINDS)
        self.violation_row.set_visible(is_reset)
        self.device_issue.setVisible(is_reset)
        for row in (self.assessed_row, self.paid_row):
            row.set_visible(needs_fee or (f is not None and f.kind is None))
        code = self._amount_code()
        self.amount_row.show_error(self.describe(code) if code is not None else None)

    def _amount_code(self) -> str | None:
        """The amount's blocker, shown at the field once something is typed there."""
        if self.flow is None or not self.amount.text().strip():
            return None
        return next((c for c in self.flow.blockers(self.step_id) if c.startswith("amount_")), None)

    def shown_blockers(self) -> set[str]:
        code = self._amount_code()
        return set() if code is None else {code}
