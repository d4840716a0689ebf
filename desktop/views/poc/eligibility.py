"""Step 2: permanent lockout, the state SOP and the quoted fee (SOP P1, P4).

When the state says no, the flow stops here (``next()`` is None) and the client
hears why; a changed fee must be quoted again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from desktop.i18n import _, format_money, parse_money
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.views.context import AppContext
from desktop.views.poc.common import PocStepView, problems_html
from desktop.views.widgets.banner import Banner
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.outcome import Tone
from desktop.views.widgets.text import wrap
from desktop.views.widgets.wrapping import WrapCheckBox

FEE_EXAMPLE = Decimal("45.00")


class EligibilityView(PocStepView):
    step_id = PocStep.ELIGIBILITY

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.perm = WrapCheckBox()
        self.perm.setObjectName("pocPermLockout")
        self.state_info = wrap(QLabel())
        self.state_info.setObjectName("pocStateInfo")
        self.sop_confirmed = WrapCheckBox()
        self.sop_confirmed.setObjectName("pocSopConfirmed")
        self.fee = QLineEdit()
        self.fee_row = FieldRow(self.fee, "pocFee")
        self.quoted = WrapCheckBox()
        self.quoted.setObjectName("pocQuoted")
        self.stop_banner = Banner("pocStopBanner")
        self.problems = wrap(QLabel())
        self.problems.setObjectName("pocEligibilityProblems")
        widget: QWidget
        for widget in (self.perm, self.state_info, self.sop_confirmed):
            self.body.addWidget(widget)
        grid = QGridLayout()
        self.fee_row.place(grid, 0)
        self.body.addLayout(grid)
        for widget in (self.quoted, self.stop_banner, self.problems):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        for box in (self.perm, self.sop_confirmed, self.quoted):
            box.clicked.connect(self._write)
        self.fee.textEdited.connect(self._on_fee)
        self._fee_bad = False

    def _write(self, *_args: Any) -> None:
        f = self.flow
        if f is None:
            return
        f.perm_lockout_confirmed = self.perm.isChecked()
        f.sop_confirmed = self.sop_confirmed.isChecked()
        f.quote_given = self.quoted.isChecked()
        self.changed.emit()

    def _on_fee(self, text: str) -> None:
        f = self.flow
        if f is None:
            return
        try:
            fee: Decimal | None = parse_money(text) if text.strip() else None
            if fee is not None and fee < 0:
                raise ValueError("negative")
            self._fee_bad = False
        except ValueError:
            fee, self._fee_bad = None, True
        f.set_quoted_fee(fee)
        f.quote_given = False  # a changed fee is quoted again (SOP P4)
        self.changed.emit()

    # -- StepView hooks ------------------------------------------------------
    def reset(self) -> None:
        for box in (self.perm, self.sop_confirmed, self.quoted):
            box.setChecked(False)
        fee = self.flow.quoted_fee if self.flow is not None else None
        self.fee.setText(f"{fee:.2f}" if fee is not None else "")
        self._fee_bad = False

    def retranslate(self) -> None:
        self.set_heading(_("2. Eligibility"), _("Permanent lockout, state SOP and the quote."))
        self.perm.setText(_("The device shows &permanent lockout (PERM)"))
        self.sop_confirmed.setText(_("I read the state SOP: override codes are &allowed"))
        self.fee_row.set_label(_("Override &fee:"))
        self.fee.setPlaceholderText(format_money(FEE_EXAMPLE))
        self.quoted.setText(_("I &quoted the fee to the client"))

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        client = self.ctx.client
        name = f.state
        if client is not None and client.state in self.ctx.pack:
            name = self.ctx.pack.state(client.state).name
        status = {"yes": _("allowed"), "no": _("not allowed"), "check_sop": _("check the state SOP")}
        fee = format_money(f.poc_fee) if f.poc_fee is not None else _("not stated")
        self.state_info.setText(
            _("State of conviction: {state}. Override codes: {status}. Fee in the SOP pack: {fee}.").format(
                state=name, status=status[f.poc_override], fee=fee
            )
        )
        self.perm.setChecked(f.perm_lockout_confirmed)
        self.sop_confirmed.setChecked(f.sop_confirmed)
        self.quoted.setChecked(f.quote_given)
        self.sop_confirmed.setVisible(f.poc_override == "check_sop")
        self.fee_row.set_visible(not f.stopped)
        self.quoted.setVisible(not f.stopped)
        self.fee_row.show_error(
            _("Enter the fee as an amount, for example {example}.").format(example=format_money(FEE_EXAMPLE))
            if self._fee_bad and not f.stopped
            else None
        )
        if f.stopped:
            self.stop_banner.show_message(
                Tone.STOP,
                pt.blocker_text(pt.STATE_DISALLOWS_POC),
                _("Tell the client:") + "\n" + f.stop_client_text(),
            )
        else:
            self.stop_banner.hide()
        codes = [c for c in f.blockers(self.step_id) if c != pt.STATE_DISALLOWS_POC]
        if self._fee_bad and pt.FEE_MISSING in codes:
            codes.remove(pt.FEE_MISSING)
        self.problems.setText(problems_html(codes))
