"""Step 2: the price and how it is paid (SOP M8), or the one-time courtesy waiver (M9).

For Guardian M9 clients it also says where the price comes from and what not to
offer (M10, M12, C7).  Monitech and CSG brands are not priced from M9: the step
says the seeds do not document where their price is read (P10, M1).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language, parse_money
from desktop.models import guardian_pricing
from desktop.models import override as rules
from desktop.models import override_texts as texts
from desktop.models.override_flow import OverrideStep
from desktop.views.override.common import OverrideStepView, status_html
from desktop.views.widgets.columns import Columns
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.outcome import Tone, marked
from desktop.views.widgets.text import bullets, esc, heading, wrap


def profile_name(profile: str) -> str:
    names = {rules.FULL_SERVICE: _("Full-service agent"), rules.CHECK_CHANGE: _("Check/change agent")}
    return names[profile]


class PriceView(OverrideStepView):
    step_id = OverrideStep.PRICE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        columns = Columns()
        left = QVBoxLayout()
        self.profile_line = wrap(QLabel())
        self.profile_line.setObjectName("agentProfile")
        self.rule_line = wrap(QLabel())
        self.rule_line.setObjectName("paymentRule")
        self.source_line = wrap(QLabel())
        self.source_line.setObjectName("priceSource")
        self.notices = wrap(QLabel())
        self.notices.setObjectName("pricingNotices")
        self.price = QLineEdit()
        self.price.setMaxLength(12)
        self.price_row = FieldRow(self.price, "price")
        grid = QGridLayout()
        self.price_row.place(grid, 0)
        for widget in (self.profile_line, self.rule_line, self.source_line, self.notices):
            left.addWidget(widget)
        left.addLayout(grid)

        self.waiver_group = QGroupBox()
        waiver = QVBoxLayout(self.waiver_group)
        self.waive = QCheckBox()
        self.waive.setObjectName("waive")
        self.waiver_history = wrap(QLabel())
        self.waiver_history.setObjectName("waiverHistory")
        self.waiver_reason = QLineEdit()
        self.waiver_reason.setMaxLength(300)
        self.reason_row = FieldRow(self.waiver_reason, "waiverReason")
        reason_grid = QGridLayout()
        self.reason_row.place(reason_grid, 0)
        waiver.addWidget(self.waive)
        waiver.addWidget(self.waiver_history)
        waiver.addLayout(reason_grid)
        left.addWidget(self.waiver_group)
        left.addStretch(1)

        right = QVBoxLayout()
        self.status_title = QLabel()
        self.status = wrap(QLabel())
        self.status.setObjectName("priceStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.status_title)
        right.addWidget(self.status, 1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.body.addLayout(columns, 1)

        self.price.textEdited.connect(self._write)
        self.waive.clicked.connect(self._write)
        self.waiver_reason.textEdited.connect(self._write)

    def _price_problem(self) -> bool:
        text = self.price.text().strip()
        if not text:
            return False
        try:
            parse_money(text)
        except ValueError:
            return True
        return False

    def _write(self, *_args: Any) -> None:
        f = self.flow
        if f is None:
            return
        f.price = None
        text = self.price.text().strip()
        if text and not self._price_problem():
            f.price = parse_money(text)  # SOP M8: the agent types the quoted amount
        f.waiver_requested = self.waive.isChecked()  # SOP M9
        f.waiver_reason = self.waiver_reason.text()
        self.changed.emit()

    # -- StepView hooks --------------------------------------------------------
    def reset(self) -> None:
        self.price.clear()
        self.waive.setChecked(False)
        self.waiver_reason.clear()

    def first_field(self) -> QWidget:
        return self.price if self.price.isEnabled() else self.waive

    def retranslate(self) -> None:
        m9 = self.flow is None or self.flow.brand == "m9"
        self.set_heading(
            _("2. Price"),
            _("Quote the price shown in M9, or record a one-time courtesy waiver.")
            if m9
            else _("Quote the override price, or record a one-time courtesy waiver."),
        )
        self.price_row.set_label(_("&Price from M9:") if m9 else _("&Price quoted:"))
        self.price.setPlaceholderText(_("e.g. 45.00"))
        self.waiver_group.setTitle(_("Courtesy waiver (one time only)"))
        self.waive.setText(_("&Waive the override code as a one-time courtesy"))
        self.reason_row.set_label(_("Waiver &reason:"))
        self.waiver_reason.setPlaceholderText(_("Why the code is waived (goes into the note)"))
        self.status_title.setText(heading(_("Status")))
        self.refresh()

    def enter(self) -> None:
        self.retranslate()  # the brand's words: a new request may be for another brand

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        rule = f.payment()
        self.profile_line.setText(_("Your profile: {profile}").format(profile=profile_name(f.profile)))
        self.rule_line.setText(heading(texts.payment_text(rule, f.brand, f.brand_label)))  # SOP M8
        self.source_line.setVisible(f.brand != "m9")
        self.source_line.setText(texts.not_documented("price", f.brand_label))  # SOP P10, M1
        language = current_language()
        kind = f.appointment.kind if f.appointment is not None else ""
        notices = [n.text(language) for n in guardian_pricing.payment_notices(f.brand)]  # SOP M10, C7
        if f.brand == "m9" and kind:
            notices += [n.text(language) for n in guardian_pricing.pricing_notices(f.brand, kind)]  # SOP M12
        self.notices.setText(bullets(notices) if notices else "")
        self.notices.setVisible(bool(notices))
        blocked = f.waiver_blocked
        self.waive.setEnabled(not blocked)
        if blocked:  # SOP M9: one-time courtesy already used
            title = marked(Tone.WARN, _("Not available: this client already had a waived override code."))
            lines = "<br>".join(esc(line) for line in f.waiver().earlier_texts())
            self.waiver_history.setText(f"{esc(title)}<br>{lines}")
        else:
            self.waiver_history.setText(esc(_("No earlier waiver in the client's history.")))
        self.waiver_reason.setEnabled(self.waive.isChecked() and not blocked)
        self.price.setEnabled(not f.waived)
        self.price_row.show_error(
            _("Type an amount such as 45.00 (two decimals at most).") if self._price_problem() else None
        )
        self.status.setText(status_html(f, f.price_blockers(), _("Price settled: go on to the code.")))
