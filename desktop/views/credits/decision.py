"""Step 2: what the SOP decides and why; the credit amount, or the text for the lead or CSG.

The ladder (SOP C4) answers single keys 1-5 while the step is shown; a line
edit with focus keeps its digits, so typing an amount is never hijacked.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_date, format_money, parse_money
from desktop.models import credits
from desktop.models.credits.flow import CreditStep
from desktop.models.store import history
from desktop.views.credits.common import CreditStepView, tell_heading
from desktop.views.widgets.banner import Banner
from desktop.views.widgets.clipboard import copy_text
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.narrow import FitRow
from desktop.views.widgets.outcome import Tone
from desktop.views.widgets.text import bullets, heading, paragraph, wrap

TONE_OF_OUTCOME: dict[str, Tone] = {
    "allow": Tone.OK,
    "deny": Tone.STOP,
    "escalate": Tone.WARN,
    "route": Tone.ROUTE,
}


class DecisionView(CreditStepView):
    step_id = CreditStep.DECISION

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prior: list[history.HistoryItem] = []
        self.banner = Banner("creditOutcomeBanner")
        self.reasons = wrap(QLabel())
        self.reasons.setObjectName("creditReasons")
        self.history_view = wrap(QLabel())
        self.history_view.setObjectName("creditHistory")
        self.steps_view = wrap(QLabel())
        self.steps_view.setObjectName("creditAgentSteps")
        for widget in (self.banner, self.reasons, self.history_view, self.steps_view):
            self.body.addWidget(widget)
        self._build_allow()
        self.offer_max = QPushButton()
        self.offer_max.setObjectName("creditOfferMax")
        self.offer_max.clicked.connect(self._offer_max)
        self.body.addWidget(self.offer_max, 0, Qt.AlignmentFlag.AlignLeft)
        self._build_details()
        self.decision_script = wrap(QLabel())
        self.decision_script.setObjectName("creditDecisionScript")
        self.body.addWidget(self.decision_script)
        self.body.addStretch(1)
        self._show_decision(False)

    def _build_allow(self) -> None:
        """Allowed: the ladder and the typed amount (SOP C1, C4)."""
        self.allow_box = QWidget()
        lay = QVBoxLayout(self.allow_box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.ladder_title = wrap(QLabel())
        lay.addWidget(self.ladder_title)
        ladder_row = FitRow()  # the amounts side by side while they fit, else one under another
        self.ladder_buttons: list[QPushButton] = []
        for index, value in enumerate(credits.suggested_amounts(), start=1):
            button = QPushButton()
            button.setObjectName(f"creditLadder{index}")
            button.clicked.connect(lambda _checked=False, v=value: self.choose_ladder(v))
            key = QShortcut(QKeySequence(str(index)), self)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(lambda v=value: self.choose_ladder(v))
            ladder_row.add(button)
            self.ladder_buttons.append(button)
        ladder_row.add_stretch()
        lay.addWidget(ladder_row)
        self.credit_amount = QLineEdit()
        self.credit_row = FieldRow(self.credit_amount, "creditAmount")
        self.credit_amount.textEdited.connect(self._on_credit_edited)
        grid = QGridLayout()
        self.credit_row.place(grid, 0)
        lay.addLayout(grid)
        self.body.addWidget(self.allow_box)

    def _build_details(self) -> None:
        """Escalation, UTR or support chat: details and the text to send (SOP C9, H1)."""
        self.details_box = QWidget()
        lay = QGridLayout(self.details_box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(70)
        self.details.textChanged.connect(self._on_details_changed)
        self.details_row = FieldRow(self.details, "creditDetails")
        row = self.details_row.place(lay, 0)
        self.message_view = QPlainTextEdit()
        self.message_view.setReadOnly(True)
        self.message_view.setTabChangesFocus(True)
        self.message_view.setMaximumHeight(120)
        self.message_row = FieldRow(self.message_view, "creditMessageText")
        row = self.message_row.place(lay, row)
        self.copy_message = QPushButton()
        self.copy_message.clicked.connect(self._copy_message)
        self.ticket = QLineEdit()
        self.ticket.textEdited.connect(self._on_ticket_edited)
        self.ticket_row = FieldRow(self.ticket, "creditTicket")
        lay.addWidget(self.copy_message, row, 0)
        self.ticket_row.place(lay, row + 1)
        self.body.addWidget(self.details_box)

    # -- what the agent does ---------------------------------------------------
    def choose_ladder(self, value: Decimal) -> None:
        """One-key ladder amount (SOP C4); refused above the cap (those buttons are disabled)."""
        f = self.flow
        if f is None or not self.isVisible() or self.allow_box.isHidden() or value > f.credit_cap():
            return
        self.credit_amount.setText(f"{value:.2f}")
        f.set_credit_amount(value)
        self.changed.emit()

    def _on_credit_edited(self, text: str) -> None:
        if self.flow is not None:
            self.flow.set_credit_amount_text(text)
            self.changed.emit()

    def _offer_max(self) -> None:
        if self.flow is not None:
            self.flow.offer_max_instead()  # SOP C1
            self.changed.emit()

    def _on_details_changed(self) -> None:
        text = self.details.toPlainText()
        if self.flow is not None and text != self.flow.details:
            self.flow.set_details(text)
            self.changed.emit()

    def _on_ticket_edited(self, text: str) -> None:
        if self.flow is not None:
            self.flow.set_ticket_number(text)
            self.changed.emit()

    def _copy_message(self) -> None:
        copy_text(self.message_view.toPlainText())

    # -- StepView hooks --------------------------------------------------------
    def reset(self) -> None:
        self.credit_amount.clear()
        self.ticket.clear()
        self.details.setPlainText("")

    def enter(self) -> None:
        """A change in step 1 cleared the chosen credit: clear the stale amount too."""
        f = self.flow
        if f is None or f.credit_amount is not None:
            return
        try:
            parse_money(self.credit_amount.text())
        except ValueError:
            return  # an amount the agent is still fixing stays as typed
        self.credit_amount.clear()

    def first_field(self) -> QWidget | None:
        if not self.allow_box.isHidden():
            # The ladder first, so the one-key amounts (1-5) work at once (SOP C4).
            return next((b for b in self.ladder_buttons if b.isEnabled()), self.credit_amount)
        return None if self.details_box.isHidden() else self.details

    def retranslate(self) -> None:
        self.set_heading(_("2. Decision"), _("What the SOP allows, and why."))
        self.ladder_title.setText(_("Start low (SOP C4). Press 1–5 or type an amount:"))
        for index, value in enumerate(credits.suggested_amounts(), start=1):
            self.ladder_buttons[index - 1].setText(f"&{index}  {format_money(value)}")
        self.credit_row.set_label(_("Credit a&mount:"))
        self.credit_amount.setPlaceholderText(format_money(Decimal("10.00")))
        self.details_row.set_label(_("D&etails for the ticket or the lead (what happened, dates, amounts):"))
        self.message_row.set_label(_("Text to send:"))
        self.copy_message.setText(_("&Copy text"))
        self.ticket_row.set_label(_("&UTR ticket number:"))

    def _history_lines(self) -> list[str]:
        lines = [
            _("Courtesy credit of {amount} given {date} by {agent}.").format(
                amount=format_money(item.amount),
                date=format_date(item.created_at.date()),
                agent=item.agent or _("an agent"),
            )
            for item in self.prior
            if item.amount is not None
        ] or [_("No courtesy credit on record for this client.")]
        f = self.flow
        if f is not None and f.pack.state(f.state).courtesy_credits_confirmed:
            entry = f.pack.state(f.state)
            texts = {
                "yes": _("{state}: the state SOP allows courtesy credits (SOP C2)."),
                "no": _("{state}: courtesy credits are not allowed (SOP C2)."),
                "check_sop": _(
                    "{state}: the state SOP says nothing on courtesy credits; the general policy applies "
                    "(SOP C1, C2)."
                ),
            }
            lines.append(texts[entry.courtesy_credits].format(state=entry.name))
        return lines

    def refresh(self) -> None:
        f = self.flow
        decision = f.decision() if f is not None else None
        request = f.request() if f is not None else None
        if f is None or decision is None or request is None:
            self._show_decision(False)
            return
        self._show_decision(True)
        outcome = decision.outcome
        headline = credits.outcome_label(outcome)
        if decision.route is not None:
            headline = _("{outcome}: {route}").format(
                outcome=headline, route=credits.route_label(decision.route)
            )
        self.banner.show_message(TONE_OF_OUTCOME[outcome], headline)
        self.history_view.setVisible(f.kind in credits.COURTESY_KINDS)
        self.reasons.setText(heading(_("Why:")) + bullets([credits.reason_text(c) for c in decision.reasons]))
        self.history_view.setText(heading(_("History that mattered:")) + bullets(self._history_lines()))
        self.steps_view.setText(heading(_("Next steps:")) + bullets(f.agent_steps()))

        is_allow = outcome == "allow"
        self.allow_box.setVisible(is_allow)
        if is_allow:
            cap = f.credit_cap()
            for button, value in zip(self.ladder_buttons, credits.suggested_amounts(), strict=True):
                button.setEnabled(value <= cap)
        code = self._credit_code()
        self.credit_row.show_error(self.describe(code) if code is not None else None)
        self.offer_max.setVisible(outcome == "escalate" and decision.max_amount > 0)
        self.offer_max.setText(_("&Offer {amount} instead").format(amount=format_money(decision.max_amount)))
        needs_details = outcome == "escalate" or decision.route in ("csg_utr", "support_chat")
        self.details_box.setVisible(needs_details)
        if needs_details:
            self.details_row.show_error(self.describe("details_missing") if not f.details.strip() else None)
            text = f.utr_ticket_text() if decision.route == "csg_utr" else f.escalation_message()
            if self.message_view.toPlainText() != text:
                self.message_view.setPlainText(text)
            show_ticket = decision.route == "csg_utr"
            self.ticket_row.set_visible(show_ticket)
        self.decision_script.setVisible(not is_allow)
        if not is_allow:
            script = credits.client_script(decision, request, pack=f.pack, language=f.client_language)
            self.decision_script.setText(tell_heading(f.client_language) + paragraph(script))

    def _show_decision(self, shown: bool) -> None:
        """Without a decision nothing of it shows; with one, the parts below pick what applies."""
        parts = (self.banner, self.reasons, self.history_view, self.steps_view, self.allow_box,
                 self.offer_max, self.details_box, self.decision_script)  # fmt: skip
        for widget in parts:
            widget.setVisible(shown and widget in (self.reasons, self.steps_view))

    def _credit_code(self) -> str | None:
        """The credit amount's blocker, shown at the field once something is typed there."""
        if self.flow is None or self.allow_box.isHidden() or not self.credit_amount.text().strip():
            return None
        return next((c for c in self.flow.blockers(self.step_id) if c.startswith("credit_amount_")), None)

    def shown_blockers(self) -> set[str]:
        shown = set()
        code = self._credit_code()
        if code is not None:
            shown.add(code)
        if not self.details_box.isHidden() and not self.details_row.error.isHidden():
            shown.add("details_missing")
        return shown
