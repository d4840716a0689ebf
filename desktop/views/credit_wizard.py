"""Courtesy credit and refund wizard (issue 6): the SOP decides, the agent explains, the ledger remembers.

Why the page holds no policy: every rule lives in :mod:`desktop.models.credits`
and the step logic in :class:`desktop.models.credit_flow.CreditFlow`; this page
collects input, shows the flow's state and writes the outcome to history.  The
one-time rule (SOP C1) reads the credit ledger, so an allowed courtesy is
written there when the note is saved — the next call sees it.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop.i18n import LANGUAGES, _, current_language, format_date, format_money
from desktop.models import credits, history
from desktop.models.clients import ClientInfo
from desktop.models.credit_flow import STEPS, CreditFlow, problem_text
from desktop.models.notes import NoteDraft, compose_note
from desktop.views.context import AppContext
from desktop.views.page import Page
from desktop.views.wizard_parts import RestartingWizard, StepPage
from desktop.views.wizard_parts import error_label as _error_label
from desktop.views.wizard_parts import wrap as _wrap

# Outcome -> (background, border/text colour, standard icon).  Colour is never
# alone: the banner also carries an icon and the outcome word.
OUTCOME_STYLE: dict[str, tuple[str, str, QStyle.StandardPixmap]] = {
    "allow": ("#e6f4ea", "#1e6b34", QStyle.StandardPixmap.SP_DialogApplyButton),
    "deny": ("#fdecea", "#a01c1c", QStyle.StandardPixmap.SP_MessageBoxCritical),
    "escalate": ("#fff4e0", "#8a5300", QStyle.StandardPixmap.SP_MessageBoxWarning),
    "route": ("#e8f0fe", "#1a4f9c", QStyle.StandardPixmap.SP_ArrowForward),
}
OUTCOME_MARK = {"allow": "✔", "deny": "✖", "escalate": "▲", "route": "➜"}
TRI_VALUES: tuple[bool | None, ...] = (None, True, False)




def _bullets(lines: list[str] | tuple[str, ...], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<{tag} style='margin-left:-20px'>{items}</{tag}>"


def _heading(text: str) -> str:
    return f"<b>{html.escape(text)}</b>"



class _StepPage(StepPage):
    owner: CreditPage

    def __init__(self, owner: CreditPage, step: str) -> None:
        super().__init__(owner, step, "creditStep")

    def initializePage(self) -> None:
        self.owner.enter_step(self.step)

    def validatePage(self) -> bool:
        return self.owner.leave_step(self.step)


class CreditPage(Page):
    page_id = "credit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.flow: CreditFlow | None = None
        self.saved = False
        self._prior: list[history.HistoryItem] = []
        self._syncing = False

        self.stack = QStackedWidget()
        self.message = _wrap(QLabel())
        self.message.setObjectName("creditMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.message)

        self.wizard = RestartingWizard()
        self.wizard.setWindowFlags(Qt.WindowType.Widget)
        self.wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.wizard.setOption(QWizard.WizardOption.NoCancelButton)
        self.wizard.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.wizard.restartRequested.connect(self.start_over)
        self.pages: dict[str, _StepPage] = {step: _StepPage(self, step) for step in STEPS}
        self._build_what()
        self._build_decision()
        self._build_apply()
        self._build_note()
        for step in STEPS:
            self.wizard.addPage(self.pages[step])
        self.stack.addWidget(self.wizard)

        self.client_card = _wrap(QLabel())
        self.client_card.setObjectName("creditClientCard")
        layout = QVBoxLayout(self)
        layout.addWidget(self.client_card)
        layout.addWidget(self.stack, 1)
        ctx.packChanged.connect(self.start_over)
        ctx.historyChanged.connect(self._on_history_changed)
        self.finish_init()

    @staticmethod
    def title() -> str:
        return _("Courtesy credit")

    # ------------------------------------------------------------------ building
    def _build_what(self) -> None:
        page = self.pages["what_happened"]
        lay = page.layout_
        self.review_label = _wrap(QLabel())
        self.review_label.setObjectName("creditReviewFirst")
        self.reviewed = QCheckBox()
        self.reviewed.toggled.connect(self._on_what_changed)
        lay.addWidget(self.review_label)
        lay.addWidget(self.reviewed)

        grid = QGridLayout()
        self.kind_label = QLabel()
        self.kind = QComboBox()
        self.kind.addItem("", None)
        for kind in credits.KINDS:
            self.kind.addItem("", kind)
        self.kind_label.setBuddy(self.kind)
        self.kind.currentIndexChanged.connect(self._on_what_changed)
        grid.addWidget(self.kind_label, 0, 0)
        grid.addWidget(self.kind, 0, 1)

        self.assessed_label, self.assessed = QLabel(), self._tri_combo()
        self.paid_label, self.paid = QLabel(), self._tri_combo()
        self.violation_label, self.violation = QLabel(), self._tri_combo()
        for row, (label, combo) in enumerate(
            ((self.assessed_label, self.assessed), (self.paid_label, self.paid),
             (self.violation_label, self.violation)),
            start=1,
        ):
            label.setBuddy(combo)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
        self.device_issue = QCheckBox()
        self.device_issue.toggled.connect(self._on_what_changed)
        grid.addWidget(self.device_issue, 4, 1)

        self.amount_label = QLabel()
        self.amount = QLineEdit()
        self.amount.setObjectName("creditAmountRequested")
        self.amount_label.setBuddy(self.amount)
        self.amount.textEdited.connect(self._on_what_changed)
        self.amount_error = _error_label("creditAmountRequestedError")
        grid.addWidget(self.amount_label, 5, 0)
        grid.addWidget(self.amount, 5, 1)
        grid.addWidget(self.amount_error, 6, 1)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)

        self.what_problems = _wrap(QLabel())
        self.what_problems.setObjectName("creditWhatProblems")
        lay.addWidget(self.what_problems)
        lay.addStretch(1)

    def _tri_combo(self) -> QComboBox:
        combo = QComboBox()
        for value in TRI_VALUES:
            combo.addItem("", value)
        combo.currentIndexChanged.connect(self._on_what_changed)
        return combo

    def _build_decision(self) -> None:
        lay = self.pages["decision"].layout_
        self.banner = QFrame()
        self.banner.setObjectName("creditOutcomeBanner")
        banner_lay = QHBoxLayout(self.banner)
        self.banner_icon = QLabel()
        self.banner_icon.setObjectName("creditOutcomeIcon")
        self.banner_text = _wrap(QLabel())
        self.banner_text.setObjectName("creditOutcomeText")
        banner_lay.addWidget(self.banner_icon, 0, Qt.AlignmentFlag.AlignTop)
        banner_lay.addWidget(self.banner_text, 1)
        lay.addWidget(self.banner)

        self.reasons = _wrap(QLabel())
        self.reasons.setObjectName("creditReasons")
        self.history_view = _wrap(QLabel())
        self.history_view.setObjectName("creditHistory")
        self.steps_view = _wrap(QLabel())
        self.steps_view.setObjectName("creditAgentSteps")
        lay.addWidget(self.reasons)
        lay.addWidget(self.history_view)
        lay.addWidget(self.steps_view)

        # allow: the ladder and the typed amount (SOP C1, C4)
        self.allow_box = QWidget()
        allow_lay = QVBoxLayout(self.allow_box)
        allow_lay.setContentsMargins(0, 0, 0, 0)
        self.ladder_title = _wrap(QLabel())
        allow_lay.addWidget(self.ladder_title)
        ladder_row = QHBoxLayout()
        self.ladder_buttons: list[QPushButton] = []
        for index, value in enumerate(credits.suggested_amounts(), start=1):
            button = QPushButton()
            button.setObjectName(f"creditLadder{index}")
            button.clicked.connect(lambda _checked=False, v=value: self.choose_ladder(v))
            shortcut = QShortcut(QKeySequence(str(index)), self.pages["decision"])
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda v=value: self.choose_ladder(v))
            ladder_row.addWidget(button)
            self.ladder_buttons.append(button)
        ladder_row.addStretch(1)
        allow_lay.addLayout(ladder_row)
        credit_row = QHBoxLayout()
        self.credit_label = QLabel()
        self.credit_amount = QLineEdit()
        self.credit_amount.setObjectName("creditAmount")
        self.credit_label.setBuddy(self.credit_amount)
        self.credit_amount.textEdited.connect(self._on_credit_edited)
        credit_row.addWidget(self.credit_label)
        credit_row.addWidget(self.credit_amount, 1)
        allow_lay.addLayout(credit_row)
        self.credit_error = _error_label("creditAmountError")
        allow_lay.addWidget(self.credit_error)
        lay.addWidget(self.allow_box)

        # escalate: offer the cap instead (SOP C1)
        self.offer_max = QPushButton()
        self.offer_max.setObjectName("creditOfferMax")
        self.offer_max.clicked.connect(self._offer_max)
        lay.addWidget(self.offer_max, 0, Qt.AlignmentFlag.AlignLeft)

        # escalate / UTR / support chat: details and the text to send (SOP C9, H1)
        self.details_box = QWidget()
        details_lay = QVBoxLayout(self.details_box)
        details_lay.setContentsMargins(0, 0, 0, 0)
        self.details_label = _wrap(QLabel())
        self.details = QPlainTextEdit()
        self.details.setObjectName("creditDetails")
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(70)
        self.details_label.setBuddy(self.details)
        self.details.textChanged.connect(self._on_details_changed)
        self.details_error = _error_label("creditDetailsError")
        self.message_label = QLabel()
        self.message_view = QPlainTextEdit()
        self.message_view.setObjectName("creditMessageText")
        self.message_view.setReadOnly(True)
        self.message_view.setTabChangesFocus(True)
        self.message_view.setMaximumHeight(120)
        self.message_label.setBuddy(self.message_view)
        self.copy_message = QPushButton()
        self.copy_message.clicked.connect(lambda: self._copy(self.message_view.toPlainText()))
        self.ticket_label = QLabel()
        self.ticket = QLineEdit()
        self.ticket.setObjectName("creditTicket")
        self.ticket_label.setBuddy(self.ticket)
        self.ticket.textEdited.connect(self._on_ticket_edited)
        for widget in (self.details_label, self.details, self.details_error, self.message_label,
                       self.message_view):
            details_lay.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.copy_message)
        row.addStretch(1)
        row.addWidget(self.ticket_label)
        row.addWidget(self.ticket)
        details_lay.addLayout(row)
        lay.addWidget(self.details_box)

        # deny / route / escalate: what to tell the client
        self.decision_script = _wrap(QLabel())
        self.decision_script.setObjectName("creditDecisionScript")
        lay.addWidget(self.decision_script)
        lay.addStretch(1)

    def _build_apply(self) -> None:
        lay = self.pages["apply"].layout_
        self.apply_steps = _wrap(QLabel())
        self.apply_steps.setObjectName("creditApplySteps")
        lay.addWidget(self.apply_steps)
        paste_row = QHBoxLayout()
        self.paste_label = QLabel()
        self.paste = QLineEdit()
        self.paste.setObjectName("creditPasteAmount")
        self.paste.setReadOnly(True)
        self.paste_label.setBuddy(self.paste)
        self.copy_paste = QPushButton()
        self.copy_paste.clicked.connect(lambda: self._copy(self.paste.text()))
        paste_row.addWidget(self.paste_label)
        paste_row.addWidget(self.paste)
        paste_row.addWidget(self.copy_paste)
        paste_row.addStretch(1)
        self.paste_box = QWidget()
        self.paste_box.setLayout(paste_row)
        lay.addWidget(self.paste_box)
        self.action_done = QCheckBox()
        self.action_done.setObjectName("creditActionDone")
        self.action_done.toggled.connect(self._on_apply_changed)
        lay.addWidget(self.action_done)

        self.apply_script = _wrap(QLabel())
        self.apply_script.setObjectName("creditApplyScript")
        lang_row = QHBoxLayout()
        self.script_lang_label = QLabel()
        self.script_lang = QComboBox()
        self.script_lang.setObjectName("creditScriptLanguage")
        for lang in LANGUAGES:
            self.script_lang.addItem("", lang)
        self.script_lang_label.setBuddy(self.script_lang)
        self.script_lang.currentIndexChanged.connect(self._on_script_language)
        lang_row.addWidget(self.script_lang_label)
        lang_row.addWidget(self.script_lang)
        lang_row.addStretch(1)
        lay.addLayout(lang_row)
        lay.addWidget(self.apply_script)
        self.education = _wrap(QLabel())
        self.education.setObjectName("creditEducation")
        lay.addWidget(self.education)
        self.education_given = QCheckBox()
        self.education_given.setObjectName("creditEducationGiven")
        self.education_given.toggled.connect(self._on_apply_changed)
        lay.addWidget(self.education_given)
        self.apply_problems = _wrap(QLabel())
        lay.addWidget(self.apply_problems)
        lay.addStretch(1)

    def _build_note(self) -> None:
        lay = self.pages["note"].layout_
        self.note_label = QLabel()
        self.note_view = QPlainTextEdit()
        self.note_view.setObjectName("creditNotePreview")
        self.note_view.setReadOnly(True)
        self.note_view.setTabChangesFocus(True)
        self.note_label.setBuddy(self.note_view)
        self.save_button = QPushButton()
        self.save_button.setObjectName("creditSaveNote")
        self.save_button.clicked.connect(self.save)
        self.saved_label = _wrap(QLabel())
        self.saved_label.setObjectName("creditSavedStatus")
        lay.addWidget(self.note_label)
        lay.addWidget(self.note_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_label, 1)
        lay.addLayout(row)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        w = self.wizard
        w.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        w.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        w.setButtonText(QWizard.WizardButton.FinishButton, _("&Start a new request"))
        # Its visible text depends on the decision; named here for screen readers.
        self.action_done.setAccessibleName(_("Entry done in the client's system"))
        titles = {
            "what_happened": (_("1. What happened"), _("What the client asks for, and the fee's status.")),
            "decision": (_("2. Decision"), _("What the SOP allows, and why.")),
            "apply": (_("3. Apply"), _("Enter it in the client's system and educate the client.")),
            "note": (_("4. Note"), _("Save the note to the account history.")),
        }
        for step, (title, subtitle) in titles.items():
            self.pages[step].setTitle(title)
            self.pages[step].setSubTitle(subtitle)

        self.review_label.setText(
            _("Before deciding, review: {items} (SOP C14).").format(items=", ".join(credits.review_first()))
        )
        self.reviewed.setText(_("I revie&wed the account"))
        self.kind_label.setText(_("&Request:"))
        self.kind.setItemText(0, _("Choose…"))
        for index, kind in enumerate(credits.KINDS, start=1):
            self.kind.setItemText(index, credits.kind_label(kind))
        self.assessed_label.setText(_("Fee &charged on the account?"))
        self.paid_label.setText(_("Fee &paid?"))
        self.violation_label.setText(_("Reset caused by a &violation?"))
        for combo in (self.assessed, self.paid, self.violation):
            combo.setItemText(0, _("Not confirmed yet"))
            combo.setItemText(1, _("Yes"))
            combo.setItemText(2, _("No"))
        self.device_issue.setText(_("&Device issue confirmed in the file notes after the paid service"))
        self.amount_label.setText(_("&Amount (fee or request):"))
        self.amount.setPlaceholderText(format_money(Decimal("25.00")))

        self.ladder_title.setText(_("Start low (SOP C4). Press 1–5 or type an amount:"))
        for index, value in enumerate(credits.suggested_amounts(), start=1):
            self.ladder_buttons[index - 1].setText(f"&{index}  {format_money(value)}")
        self.credit_label.setText(_("Credit a&mount:"))
        self.credit_amount.setPlaceholderText(format_money(Decimal("10.00")))
        self.details_label.setText(_("D&etails for the ticket or the lead (what happened, dates, amounts):"))
        self.message_label.setText(_("Text to send:"))
        self.copy_message.setText(_("&Copy text"))
        self.ticket_label.setText(_("&UTR ticket number:"))
        self.paste_label.setText(_("Amount to paste:"))
        self.copy_paste.setText(_("Cop&y amount"))
        self.script_lang_label.setText(_("Client script &language:"))
        self.script_lang.setItemText(0, _("English"))
        self.script_lang.setItemText(1, _("Spanish"))
        self.education_given.setText(_("I &educated the client on avoiding future fees (SOP C5)"))
        self.note_label.setText(_("N&ote (also sent to the Notes page):"))
        self.save_button.setText(_("Sa&ve to history"))
        self._render_all()

    # ------------------------------------------------------------------ client and flow
    def on_client_changed(self, client: ClientInfo | None) -> None:
        self.start_over()

    def _on_history_changed(self, client_id: int) -> None:
        client = self.ctx.client
        if client is not None and client.id == client_id and not self.saved:
            self._load_prior()
            self._render_all()

    def _load_prior(self) -> None:
        client = self.ctx.client
        self._prior = []
        if client is None:
            return
        with self.ctx.session() as s:
            self._prior = history.courtesy_credits(s, client.id)
        if self.flow is not None:
            self.flow.prior_courtesy_credits = len(self._prior)

    def start_over(self) -> None:
        """A fresh request for the current client (also after Finish and on client change)."""
        client = self.ctx.client
        self.flow = None
        self.saved = False
        self._syncing = True
        try:
            self.kind.setCurrentIndex(0)
            for combo in (self.assessed, self.paid, self.violation):
                combo.setCurrentIndex(0)
            for box in (self.reviewed, self.device_issue, self.action_done, self.education_given):
                box.setChecked(False)
            for edit in (self.amount, self.credit_amount, self.ticket):
                edit.clear()
            self.details.clear()
        finally:
            self._syncing = False
        if client is not None:
            self._load_prior()
            try:
                self.flow = CreditFlow(
                    state=client.state,
                    brand=client.brand,
                    pack=self.ctx.pack,
                    prior_courtesy_credits=len(self._prior),
                    cid=client.cid,
                    client_language=client.preferred_language if client.preferred_language in LANGUAGES
                    else "en",
                )
            except ValueError:
                self.flow = None
            index = self.script_lang.findData(self.flow.client_language if self.flow else "en")
            self.script_lang.setCurrentIndex(max(index, 0))
        self.stack.setCurrentWidget(self.wizard if self.flow is not None else self.message)
        self.wizard.restart()
        self._render_all()

    # ------------------------------------------------------------------ wizard hooks
    def step_complete(self, step: str) -> bool:
        if self.flow is None:
            return False
        if step == "note":
            return self.saved
        return not self.flow.problems(step)

    def enter_step(self, step: str) -> None:
        if self.flow is not None:
            self.flow.step = step
        self._render_all()
        if step == "decision" and self.allow_box.isVisible():
            # Focus on the ladder so the one-key amounts (1-5) work at once (SOP C4).
            # Deferred: QWizard moves focus itself right after initializePage().
            first = next((b for b in self.ladder_buttons if b.isEnabled()), self.credit_amount)
            QTimer.singleShot(0, first.setFocus)

    def leave_step(self, step: str) -> bool:
        return self.step_complete(step)

    def _changed(self, step: str) -> None:
        self.pages[step].completeChanged.emit()

    # ------------------------------------------------------------------ input handlers
    def _on_what_changed(self, *_args: Any) -> None:
        if self._syncing or self.flow is None:
            return
        f = self.flow
        kind = self.kind.currentData()
        if kind is not None and kind != f.kind:
            f.set_kind(kind)
        elif kind is None and f.kind is not None:
            f.kind = None
        f.set_fee_status(assessed=self.assessed.currentData(), paid=self.paid.currentData())
        f.set_reset_details(violation=self.violation.currentData(),
                            device_issue_confirmed=self.device_issue.isChecked())
        f.set_reviewed_account(self.reviewed.isChecked())
        f.set_amount_text(self.amount.text())
        self._syncing = True
        try:
            self.credit_amount.clear()
            self.action_done.setChecked(False)
        finally:
            self._syncing = False
        self._render_what()
        self._changed("what_happened")

    def _on_ticket_edited(self, text: str) -> None:
        if self.flow is not None:
            self.flow.set_ticket_number(text)

    def _on_credit_edited(self, text: str) -> None:
        if self.flow is None:
            return
        self.flow.set_credit_amount_text(text)
        self._render_credit_error()
        self._changed("decision")

    def choose_ladder(self, value: Decimal) -> None:
        """One-key ladder amount (SOP C4); refused silently above the cap (buttons are disabled)."""
        if self.flow is None or self.wizard.currentPage() is not self.pages["decision"]:
            return
        if value > self.flow.credit_cap():
            return
        self.credit_amount.setText(f"{value:.2f}")
        self.flow.set_credit_amount(value)
        self._render_credit_error()
        self._changed("decision")

    def _offer_max(self) -> None:
        if self.flow is None:
            return
        self.flow.offer_max_instead()
        self._syncing = True
        try:
            self.amount.setText(f"{self.flow.amount:.2f}" if self.flow.amount is not None else "")
        finally:
            self._syncing = False
        self._render_all()
        self._changed("what_happened")
        self._changed("decision")

    def _on_details_changed(self) -> None:
        if self._syncing or self.flow is None:
            return
        self.flow.set_details(self.details.toPlainText())
        self._render_decision()
        self._changed("decision")

    def _on_apply_changed(self, *_args: Any) -> None:
        if self._syncing or self.flow is None:
            return
        self.flow.set_action_done(self.action_done.isChecked())
        self.flow.set_education_given(self.education_given.isChecked())
        self._render_apply()
        self._changed("apply")

    def _on_script_language(self, *_args: Any) -> None:
        self._render_decision()
        self._render_apply()

    def _copy(self, text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and text:
            clipboard.setText(text)

    # ------------------------------------------------------------------ rendering
    def _render_all(self) -> None:
        self._render_client()
        self._render_what()
        self._render_decision()
        self._render_apply()
        self._render_note()

    def _render_client(self) -> None:
        client = self.ctx.client
        if client is None:
            self.message.setText(_("Open a client first: the credit rules need the client's state and history."))
            self.client_card.setText("")
            self.client_card.hide()
            return
        self.client_card.show()
        if self.flow is None:
            self.message.setText(
                _("This client's state of conviction ({state}) is not in the SOP pack: ask a lead.").format(
                    state=client.state
                )
            )
        entry_name = self.ctx.pack.state(client.state).name if client.state in self.ctx.pack else client.state
        self.client_card.setText(
            _("{name} · CID {cid} · {state} · SOP pack {pack}").format(
                name=client.name, cid=client.cid, state=entry_name, pack=self.ctx.pack.ref
            )
        )

    def _render_what(self) -> None:
        f = self.flow
        is_reset = f is not None and f.kind == "reset_fee"
        needs_fee = f is not None and f.kind not in (None, *credits.NO_FEE_STATUS_KINDS)
        for widget in (self.violation_label, self.violation, self.device_issue):
            widget.setVisible(is_reset)
        for widget in (self.assessed_label, self.assessed, self.paid_label, self.paid):
            widget.setVisible(needs_fee or (f is not None and f.kind is None))
        if f is None:
            self.what_problems.setText("")
            return
        amount_problem = next((p for p in f.problems("what_happened") if p.startswith("amount_")), None)
        show_amount_error = amount_problem is not None and bool(self.amount.text().strip())
        self.amount_error.setVisible(show_amount_error)
        self.amount_error.setText(self._problem(amount_problem) if amount_problem else "")
        others = [self._problem(p) for p in f.problems("what_happened") if not p.startswith("amount_")]
        self.what_problems.setText(
            _heading(_("Still needed:")) + _bullets(others) if others else ""
        )

    def _problem(self, code: str) -> str:
        """A flow problem code in plain words, with the amounts its text may name."""
        f = self.flow
        cap = f.credit_cap() if f is not None else Decimal("0.00")
        asked = f.amount if f is not None and f.amount is not None else Decimal("0.00")
        return problem_text(code, max_amount=format_money(cap), amount=format_money(asked))

    def _render_credit_error(self) -> None:
        f = self.flow
        problems = f.problems("decision") if f is not None else ()
        code = next((p for p in problems if p.startswith("credit_amount_")), None)
        shown = code is not None and bool(self.credit_amount.text().strip())
        self.credit_error.setVisible(shown)
        if code is not None:
            self.credit_error.setText(self._problem(code))

    def _history_lines(self) -> list[str]:
        lines = []
        for item in self._prior:
            if item.amount is not None:
                lines.append(
                    _("Courtesy credit of {amount} given {date} by {agent}.").format(
                        amount=format_money(item.amount),
                        date=format_date(item.created_at.date()),
                        agent=item.agent or _("an agent"),
                    )
                )
        if not lines:
            lines.append(_("No courtesy credit on record for this client."))
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

    def _render_decision(self) -> None:
        f = self.flow
        decision = f.decision() if f is not None else None
        widgets = (self.banner, self.reasons, self.history_view, self.steps_view, self.allow_box,
                   self.offer_max, self.details_box, self.decision_script)
        if f is None or decision is None:
            for widget in widgets:
                widget.hide()
            return
        for widget in (self.banner, self.reasons, self.steps_view):
            widget.show()
        self.history_view.setVisible(f.kind in credits.COURTESY_KINDS)
        outcome = decision.outcome
        background, foreground, icon = OUTCOME_STYLE[outcome]
        self.banner.setStyleSheet(
            f"QFrame#creditOutcomeBanner {{ background: {background}; border: 2px solid {foreground};"
            f" border-radius: 6px; }} QLabel {{ color: {foreground}; background: transparent; }}"
        )
        self.banner_icon.setPixmap(self.style().standardIcon(icon).pixmap(32, 32))
        headline = credits.outcome_label(outcome)
        if decision.route is not None:
            headline = _("{outcome}: {route}").format(outcome=headline, route=credits.route_label(decision.route))
        self.banner_text.setText(
            f"<span style='font-size:15pt; font-weight:bold'>{OUTCOME_MARK[outcome]} "
            f"{html.escape(headline)}</span>"
        )
        self.banner_text.setAccessibleName(headline)
        self.reasons.setText(_heading(_("Why:")) + _bullets([credits.reason_text(c) for c in decision.reasons]))
        self.history_view.setText(_heading(_("History that mattered:")) + _bullets(self._history_lines()))
        self.steps_view.setText(_heading(_("Next steps:")) + _bullets(f.agent_steps()))

        is_allow = outcome == "allow"
        self.allow_box.setVisible(is_allow)
        if is_allow:
            cap = f.credit_cap()
            for button, value in zip(self.ladder_buttons, credits.suggested_amounts(), strict=True):
                button.setEnabled(value <= cap)
            self._render_credit_error()
        self.offer_max.setVisible(outcome == "escalate" and decision.max_amount > 0)
        self.offer_max.setText(
            _("&Offer {amount} instead").format(amount=format_money(decision.max_amount))
        )
        needs_details = outcome == "escalate" or decision.route in ("csg_utr", "support_chat")
        self.details_box.setVisible(needs_details)
        if needs_details:
            self.details_error.setVisible(not f.details.strip())
            self.details_error.setText(self._problem("details_missing"))
            text = f.utr_ticket_text() if decision.route == "csg_utr" else f.escalation_message()
            self.message_view.setPlainText(text)
            show_ticket = decision.route == "csg_utr"
            self.ticket_label.setVisible(show_ticket)
            self.ticket.setVisible(show_ticket)
        self.decision_script.setVisible(not is_allow)
        if not is_allow:
            request = f.request() or _never()
            script = credits.client_script(decision, request, pack=f.pack, language=self._script_language())
            self.decision_script.setText(self._tell_heading() + "<p>" + html.escape(script) + "</p>")

    def _tell_heading(self) -> str:
        texts = {"en": _("Tell the client (in English):"), "es": _("Tell the client (in Spanish):")}
        return _heading(texts[self._script_language()])

    def _script_language(self) -> str:
        value = self.script_lang.currentData()
        return value if isinstance(value, str) else "en"

    def _render_apply(self, *_args: Any) -> None:
        f = self.flow
        decision = f.decision() if f is not None else None
        if f is None or decision is None:
            return
        lang = self._script_language()
        steps = f.coupon_steps()
        if steps is not None:
            body = _heading(steps.title) + _bullets(list(steps.steps), ordered=True)
            if not steps.verified:
                body += "<p style='color:#8a5300'>⚠ " + html.escape(
                    _("These steps are not confirmed by the SOP documents: check with a lead.")
                ) + "</p>"
            self.apply_steps.setText(body)
        else:
            self.apply_steps.setText(_heading(_("Next steps:")) + _bullets(f.agent_steps()))
        paste = f.paste_amount() if decision.outcome == "allow" else None
        self.paste_box.setVisible(paste is not None)
        self.paste.setText(paste or "")
        self.action_done.setVisible(decision.outcome != "deny")
        self.action_done.setText(
            _("I &saved the coupon credit") if decision.outcome == "allow" else _("I &completed the next step")
        )
        script = ""
        if decision.outcome == "allow" and f.credit_amount is not None:
            script = credits.client_script(
                decision, f.request() or _never(), pack=f.pack, language=lang, amount=f.credit_amount
            )
        elif decision.outcome != "allow":
            script = credits.client_script(decision, f.request() or _never(), pack=f.pack, language=lang)
        self.apply_script.setText(self._tell_heading() + "<p>" + html.escape(script) + "</p>" if script else "")
        self.education.setText(
            _heading(_("Avoiding future fees (SOP C5):")) + "<p>" + html.escape(f.education_script(lang)) + "</p>"
        )
        problems = f.problems("apply") if f.step in ("apply", "note") else ()
        self.apply_problems.setText(_bullets([self._problem(p) for p in problems]) if problems else "")

    def _note_draft(self) -> tuple[dict[str, Any], str] | None:
        f = self.flow
        client = self.ctx.client
        if f is None or client is None or f.problems("apply"):
            return None
        fields = f.note_fields(current_language())
        fields["customer_name"] = client.name
        draft = NoteDraft.from_dict(fields)
        return fields, compose_note(draft, "4e", current_language())

    def _render_note(self) -> None:
        built = self._note_draft()
        self.note_view.setPlainText(built[1] if built else "")
        self.save_button.setEnabled(built is not None and not self.saved)
        self.saved_label.setText(
            _("Saved to the account history and sent to the Notes page.") if self.saved else ""
        )

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        """Write the decision (and an allowed courtesy, for SOP C1) to history; offer the note."""
        f, client, built = self.flow, self.ctx.client, self._note_draft()
        if f is None or client is None or built is None or self.saved:
            return
        fields, text = built
        request, decision = f.request(), f.decision()
        assert request is not None and decision is not None
        summary = _("{kind}: {outcome}").format(
            kind=credits.kind_label(request.kind), outcome=credits.outcome_label(decision.outcome)
        )
        agent = self.ctx.prefs.agent_name
        at = self.ctx.now()
        from desktop.models import grants

        ledger = f.ledger_amount()
        with self.ctx.session() as s:  # SOP C1: checked again under the write lock
            result = grants.record_credit_decision(
                s,
                client_id=client.id,
                decision=grants.NewEntry(
                    kind="credit_decision",
                    at=at,
                    agent=agent,
                    summary=summary,
                    note_text=text,
                    disposition=str(fields["disposition"]),
                    amount=request.amount,
                    utr=f.ticket_number or None,
                    details={
                        "kind": request.kind,
                        "outcome": decision.outcome,
                        "route": decision.route,
                        "reasons": list(decision.reasons),
                        "sop_ids": list(decision.sop_ids),
                        "credit_amount": f"{f.credit_amount:.2f}" if f.credit_amount is not None else None,
                    },
                    sop_pack_version=f.pack.version,
                ),
                courtesy=None
                if ledger is None
                else grants.NewEntry(
                    kind="courtesy_credit",
                    at=at,
                    agent=agent,
                    summary=_("Courtesy credit: {kind}").format(kind=credits.kind_label(request.kind)),
                    amount=ledger,
                    details={"kind": request.kind},
                    sop_pack_version=f.pack.version,
                ),
            )
        if result.existing is not None:  # another save gave the courtesy first: decide again
            self.ctx.historyChanged.emit(client.id)
            self.saved_label.setText(grants.already_granted_text(result.existing))
            return
        self.saved = True
        self.ctx.offer_note(fields)
        self.ctx.historyChanged.emit(client.id)
        self._render_note()
        self._changed("note")


def _never() -> Any:
    raise AssertionError("a decision exists, so the request does too")
