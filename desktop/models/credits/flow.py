"""The courtesy-credit workflow's state, without Qt: what was entered, what is missing, what the note says.

Why a separate Qt-free flow: the rules of progress ("you cannot apply a credit
you did not choose", "a UTR ticket needs a detailed explanation") are policy
too, and policy is tested without a GUI.  The screen only renders this object,
forwards what the agent types and navigates by :meth:`CreditFlow.next` and
:meth:`CreditFlow.back` (the :mod:`desktop.models.workflow` protocol).

Steps: ``what_happened`` -> ``decision`` -> ``apply`` -> ``note``.  Each step's
blockers are reason codes (worded in :mod:`desktop.models.credits.texts`), translated by the view.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from desktop.i18n import MoneyError, current_language, parse_money
from desktop.models.chat.rooms import ChatRoom, chat_room
from desktop.models.chat.rules import CHAT_LANGUAGE
from desktop.models.credits import (
    COURTESY_KINDS,
    KINDS,
    NO_FEE_STATUS_KINDS,
    CouponSteps,
    CreditDecision,
    CreditRequest,
    agent_steps,
    client_script,
    coupon_steps,
    decide_credit,
    education_script,
    escalation_message,
    paste_amount,
    suggested_amounts,
    utr_ticket_text,
    validate_amount,
)
from desktop.models.credits import texts as credit_texts
from desktop.models.credits.texts import BLOCKER_TEXTS as BLOCKER_TEXTS
from desktop.models.credits.texts import CHAT_TOPICS, NoteFields
from desktop.models.credits.texts import DISPOSITIONS as DISPOSITIONS
from desktop.models.credits.texts import blocker_text as blocker_text
from desktop.models.sop import SopPack
from desktop.models.workflow import LinearSteps


class CreditStep(StrEnum):
    WHAT_HAPPENED = "what_happened"
    DECISION = "decision"
    APPLY = "apply"
    NOTE = "note"


def _amount_problem(prefix: str, error: Exception) -> str:
    text = str(error)
    if isinstance(error, TypeError):
        raise error
    if isinstance(error, MoneyError):  # the typed text's own reason: a field message that says it
        if error.code == "too_large":
            return f"{prefix}_too_large"
        if error.code in ("exponent", "not_finite", "non_ascii_digits"):
            return f"{prefix}_not_plain"
    if text == "empty":
        return f"{prefix}_missing"
    if "decimals" in text:
        return f"{prefix}_too_many_decimals"
    if "greater than zero" in text:
        return f"{prefix}_not_positive"
    return f"{prefix}_not_a_number"


def check_amount(value: Decimal, prefix: str = "amount") -> str | None:
    """The blocker code for a typed-in ``Decimal`` amount, or None if usable."""
    try:
        validate_amount(value)
    except ValueError as exc:
        return _amount_problem(prefix, exc)
    return None


class CreditFlow(LinearSteps[CreditStep]):
    """One credit request from first question to saved note.

    ``prior_courtesy_credits`` comes from the history ledger (SOP C1): the flow
    never guesses it.  ``client_language`` drives client scripts; the agent's
    texts follow ``current_language()`` unless a language is given.
    """

    steps: tuple[CreditStep, ...] = tuple(CreditStep)

    def __init__(
        self,
        *,
        state: str,
        brand: str,
        pack: SopPack,
        prior_courtesy_credits: int,
        cid: str = "",
        client_language: str = "en",
    ) -> None:
        if state.strip().upper() not in pack:
            raise ValueError(f"unknown state: {state!r}")
        if isinstance(prior_courtesy_credits, bool) or not isinstance(prior_courtesy_credits, int):
            raise TypeError("prior_courtesy_credits must be an int")
        self.state = state.strip().upper()
        self.brand = brand
        self.pack = pack
        self.prior_courtesy_credits = prior_courtesy_credits
        self.cid = cid
        self.client_language = client_language
        super().__init__()
        self.saved = False  # the decision is on record; it cannot be revised
        # what happened
        self.kind: str | None = None
        self.fee_assessed: bool | None = None
        self.fee_paid: bool | None = None
        self.violation_reset: bool | None = None
        self.device_issue_confirmed: bool = False
        self.reviewed_account: bool = False  # SOP C14
        self.amount: Decimal | None = None
        self._amount_problem: str | None = "amount_missing"
        self.details: str = ""
        # decision
        self.credit_amount: Decimal | None = None
        self._credit_problem: str | None = "credit_amount_missing"
        self.ticket_number: str = ""
        # apply
        self.action_done: bool = False
        self.education_given: bool = False  # SOP C5

    # -- entering what happened ------------------------------------------------

    def set_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of credit request: {kind!r}")
        self.kind = kind
        self._reset_decision()

    def set_fee_status(self, *, assessed: bool | None, paid: bool | None) -> None:
        self.fee_assessed = assessed
        self.fee_paid = paid
        self._reset_decision()

    def set_reset_details(self, *, violation: bool | None, device_issue_confirmed: bool) -> None:
        self.violation_reset = violation
        self.device_issue_confirmed = device_issue_confirmed
        self._reset_decision()

    def set_reviewed_account(self, reviewed: bool) -> None:
        self.reviewed_account = reviewed

    def set_details(self, text: str) -> None:
        self.details = text

    def set_amount(self, amount: Decimal) -> str | None:
        """Set the requested amount; returns the blocker code (None when fine)."""
        if not isinstance(amount, Decimal):
            raise TypeError("amount must be a Decimal")
        self._amount_problem = check_amount(amount)
        self.amount = None if self._amount_problem else amount.quantize(Decimal("0.01"))
        self._reset_decision()
        return self._amount_problem

    def set_amount_text(self, text: str, language: str | None = None) -> str | None:
        """Parse an amount typed in the agent's locale (``35,00`` works in Spanish)."""
        try:
            value = parse_money(text, language or current_language())
        except ValueError as exc:
            self.amount = None
            self._amount_problem = _amount_problem("amount", exc)
            self._reset_decision()
            return self._amount_problem
        return self.set_amount(value)

    def _reset_decision(self) -> None:
        self.credit_amount = None
        self._credit_problem = "credit_amount_missing"
        self.action_done = False

    # -- the request and the decision ------------------------------------------

    def _needs_fee_status(self) -> bool:
        return self.kind is not None and self.kind not in NO_FEE_STATUS_KINDS

    def request(self) -> CreditRequest | None:
        """The request as entered so far, or None while step 1 is incomplete."""
        if self.blockers(CreditStep.WHAT_HAPPENED):
            return None
        assert self.kind is not None and self.amount is not None
        return CreditRequest(
            state=self.state,
            kind=self.kind,
            amount=self.amount,
            fee_assessed=bool(self.fee_assessed) if self._needs_fee_status() else True,
            fee_paid=bool(self.fee_paid) if self._needs_fee_status() else True,
            device_issue_confirmed=self.device_issue_confirmed,
            violation_reset=bool(self.violation_reset),
        )

    def decision(self) -> CreditDecision | None:
        request = self.request()
        if request is None:
            return None
        return decide_credit(request, prior_courtesy_credits=self.prior_courtesy_credits, pack=self.pack)

    def credit_cap(self) -> Decimal:
        """The most the agent may apply now: the decision's max, and never above the request."""
        decision = self.decision()
        if decision is None or self.amount is None:
            return Decimal("0.00")
        return min(decision.max_amount, self.amount)

    def ladder(self) -> tuple[Decimal, ...]:
        """Ladder amounts the agent may pick now (SOP C4), capped (SOP C1)."""
        cap = self.credit_cap()
        return tuple(a for a in suggested_amounts() if a <= cap)

    def offer_max_instead(self) -> None:
        """Over the limit, the agent may offer up to the cap instead of escalating (SOP C1)."""
        decision = self.decision()
        if decision is None or decision.outcome != "escalate" or decision.max_amount <= 0:
            raise ValueError("nothing to offer instead")
        self.set_amount(decision.max_amount)

    def set_credit_amount(self, amount: Decimal) -> str | None:
        if not isinstance(amount, Decimal):
            raise TypeError("amount must be a Decimal")
        problem = check_amount(amount, "credit_amount")
        if problem is None:
            decision = self.decision()
            if decision is None or amount > decision.max_amount:
                problem = "credit_amount_over_max"
            elif self.amount is not None and amount > self.amount:
                problem = "credit_amount_over_requested"
        self._credit_problem = problem
        self.credit_amount = None if problem else amount.quantize(Decimal("0.01"))
        return problem

    def set_credit_amount_text(self, text: str, language: str | None = None) -> str | None:
        try:
            value = parse_money(text, language or current_language())
        except ValueError as exc:
            self.credit_amount = None
            self._credit_problem = _amount_problem("credit_amount", exc)
            return self._credit_problem
        return self.set_credit_amount(value)

    def set_ticket_number(self, text: str) -> None:
        self.ticket_number = text.strip()

    def set_action_done(self, done: bool) -> None:
        self.action_done = done

    def set_education_given(self, given: bool) -> None:
        self.education_given = given

    # -- validity and navigation -----------------------------------------------

    @property
    def outcome(self) -> str | None:
        decision = self.decision()
        return None if decision is None else decision.outcome

    def blockers(self, step: CreditStep | None = None) -> tuple[str, ...]:
        """Reason codes that keep ``step`` (default: the current one) from being complete."""
        step = self.current if step is None else step
        if step not in self.steps:
            raise ValueError(f"unknown step: {step!r}")
        found: list[str] = []
        if step == CreditStep.WHAT_HAPPENED:
            if self.kind is None:
                found.append("kind_missing")
            if self._needs_fee_status() and (self.fee_assessed is None or self.fee_paid is None):
                found.append("fee_status_missing")  # SOP C3
            if self.kind == "reset_fee" and self.violation_reset is None:
                found.append("reset_details_missing")  # SOP C6
            if self._amount_problem:
                found.append(self._amount_problem)
            if not self.reviewed_account:
                found.append("review_not_confirmed")  # SOP C14
            return tuple(found)
        decision = self.decision()
        if decision is None:
            return ("kind_missing",) if self.kind is None else self.blockers(CreditStep.WHAT_HAPPENED)
        if step == CreditStep.DECISION:
            if decision.outcome == "allow" and self._credit_problem:
                found.append(self._credit_problem)
            if self._needs_details(decision) and not self.details.strip():
                found.append("details_missing")  # SOP C9, H1
            return tuple(found)
        if step == CreditStep.APPLY:
            earlier = self.blockers(CreditStep.DECISION)
            if earlier:
                return earlier
            if decision.outcome != "deny" and not self.action_done:
                found.append("action_not_confirmed")
            if not self.education_given:
                found.append("education_not_confirmed")  # SOP C5
            return tuple(found)
        # note: complete once everything before it is, and the note is on record
        return self.blockers(CreditStep.APPLY) or (() if self.saved else ("note_not_saved",))

    def _needs_details(self, decision: CreditDecision) -> bool:
        return decision.outcome == "escalate" or decision.route in ("csg_utr", "support_chat")

    def can_back(self) -> bool:
        """Back is closed once the decision is saved: history already holds it."""
        return super().can_back() and not self.saved

    def mark_saved(self) -> None:
        """The decision and its note are in the account history."""
        if self.blockers(CreditStep.APPLY):
            raise ValueError("the request is not complete yet")
        self.saved = True

    # -- texts for the pages ---------------------------------------------------

    def _require(self) -> tuple[CreditRequest, CreditDecision]:
        request = self.request()
        decision = self.decision()
        if request is None or decision is None:
            raise ValueError("the request is not complete yet")
        return request, decision

    def agent_steps(self, language: str | None = None) -> tuple[str, ...]:
        request, decision = self._require()
        return agent_steps(decision, request, pack=self.pack, language=language)

    def client_script(self) -> str:
        request, decision = self._require()
        amount = self.credit_amount if decision.outcome == "allow" else None
        if decision.outcome == "allow" and amount is None:
            raise ValueError("choose the credit amount first")
        return client_script(decision, request, pack=self.pack, language=self.client_language, amount=amount)

    def education_script(self, language: str | None = None) -> str:
        request, _decision = self._require()
        return education_script(request.kind, language or self.client_language)

    def coupon_steps(self, language: str | None = None) -> CouponSteps | None:
        """Coupon entry steps (SOP C13), only for an allowed credit with its amount chosen."""
        _request, decision = self._require()
        if decision.outcome != "allow" or self.credit_amount is None:
            return None
        return coupon_steps(self.brand, self.credit_amount, language)

    def paste_amount(self) -> str | None:
        return None if self.credit_amount is None else paste_amount(self.credit_amount)

    def escalation_message(self) -> str:
        """The chat message for the lead, always in English like every chat text (SOP H4)."""
        request, decision = self._require()
        return escalation_message(
            decision,
            request,
            cid=self.cid,
            prior_courtesy_credits=self.prior_courtesy_credits,
            details=self.details,
            language=CHAT_LANGUAGE,
        )

    def chat_room(self, at: datetime) -> ChatRoom | None:
        """The room a lead answers this decision in at ``at`` (SOP H8, H2), if it goes to chat."""
        decision = self.decision()
        if decision is None:
            return None
        topic = CHAT_TOPICS.get(decision.outcome) or CHAT_TOPICS.get(str(decision.route))
        return None if topic is None else chat_room(topic, at)

    def utr_ticket_text(self, language: str | None = None) -> str:
        request, _decision = self._require()
        return utr_ticket_text(request, cid=self.cid, details=self.details, language=language)

    # -- the note and the ledger -----------------------------------------------

    def ledger_amount(self) -> Decimal | None:
        """The courtesy credit to write to the ledger so SOP C1 sees it next time, if any."""
        decision = self.decision()
        if decision is None or decision.outcome != "allow" or self.kind not in COURTESY_KINDS:
            return None
        return self.credit_amount

    def note(self, language: str = "en") -> NoteFields:
        """The 4E note (SOP N3, N4) for this request, in ``language``."""
        return credit_texts.compose(self, language)

    def note_fields(self, language: str = "en") -> dict[str, object]:
        """The note as a plain dict for the Notes page (``ctx.offer_note`` keys)."""
        note = self.note(language)
        return {
            "reason": note.reason,
            "resolution": list(note.resolution),
            "additional_info": note.additional_info,
            "follow_up": note.follow_up,
            "disposition": note.disposition,
            "pack_version": note.pack_version,
        }
