"""Courtesy credit and refund rules (SOP C1-C14): the SOP decides, not the phone call.

Why a strict rule order ("first match wins"): credit requests are where
policy is most often broken on the phone, and the order encodes which policy
trumps which.  Corrections and collections (double charges, past-due balances)
are not courtesy credits, so they are routed before any courtesy rule can deny
them; a state that bars courtesy credits (West Virginia, SOP C2) wins over the
one-time rule, so a WV client is never told "a lead might approve it".

Everything here is Qt-free and returns values with machine-readable reason
codes; texts are ``N_``-marked and translated at use with
:func:`desktop.i18n.gettext_for`, because client scripts follow the *client's*
language while agent texts follow the UI's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

from desktop.i18n import N_, current_language, format_money, gettext_for
from desktop.models.sop import SopPack, StateEntry

Kind = Literal[
    "inconvenience",
    "missed_appointment_fee",
    "reset_fee",
    "tow",
    "double_charge",
    "unused_days",
    "past_due_balance",
]
Outcome = Literal["allow", "deny", "escalate", "route"]
Route = Literal["support_chat", "csg_utr", "csg_tow_receipt", "payment_plan"]

KINDS: Final[tuple[str, ...]] = (
    "inconvenience",
    "missed_appointment_fee",
    "reset_fee",
    "tow",
    "double_charge",
    "unused_days",
    "past_due_balance",
)
#: Kinds that are courtesy credits, i.e. count against the one-time rule (SOP C1).
COURTESY_KINDS: Final[tuple[str, ...]] = ("inconvenience", "missed_appointment_fee")
#: Kinds that are corrections or collections and never look at fee status.
NO_FEE_STATUS_KINDS: Final[tuple[str, ...]] = ("double_charge", "past_due_balance")
OUTCOMES: Final[tuple[str, ...]] = ("allow", "deny", "escalate", "route")
ROUTES: Final[tuple[str, ...]] = ("support_chat", "csg_utr", "csg_tow_receipt", "payment_plan")

COURTESY_LIMIT: Final = Decimal("35.00")  # SOP C1
NOTHING: Final = Decimal("0.00")
CENT: Final = Decimal("0.01")
_LADDER: Final[tuple[Decimal, ...]] = tuple(Decimal(v) for v in ("10.00", "15.00", "20.00", "25.00", "35.00"))


def suggested_amounts() -> tuple[Decimal, ...]:
    """Start low on inconvenience complaints: $10, $15, $20, $25, then $35 (SOP C4)."""
    return _LADDER


@dataclass(frozen=True)
class CreditRequest:
    """What the client asks for, as confirmed by the agent.

    Why no validation in ``__init__``: the contract makes :func:`decide_credit`
    the place that rejects bad requests (``ValueError``), so a view can hold a
    half-entered request while the agent is still typing.
    """

    state: str
    kind: str
    amount: Decimal
    fee_assessed: bool = True
    fee_paid: bool = True
    device_issue_confirmed: bool = False
    violation_reset: bool = False


@dataclass(frozen=True)
class CreditDecision:
    outcome: Outcome
    reasons: tuple[str, ...]
    route: Route | None
    max_amount: Decimal
    pack_version: str = ""

    def __post_init__(self) -> None:
        if not self.reasons:
            raise ValueError("a decision always says why")
        if (self.route is None) != (self.outcome != "route"):
            raise ValueError("route is set exactly when the outcome is 'route'")

    @property
    def sop_ids(self) -> tuple[str, ...]:
        """Every SOP rule id behind this decision, in reason order, once each."""
        ids: dict[str, None] = {}
        for code in self.reasons:
            for rule in REASON_SOP_IDS.get(code, ()):
                ids[rule] = None
        return tuple(ids)


# ---------------------------------------------------------------------------
# Reason codes
# ---------------------------------------------------------------------------

REASON_SOP_IDS: Final[dict[str, tuple[str, ...]]] = {
    "past_due_payment_plan": ("C11",),
    "double_charge_invoice_adjustment": ("C9",),
    "fee_not_assessed": ("C3",),
    "maf_not_billed": ("C12",),
    "fee_not_paid": ("C3",),
    "reset_violation": ("C6",),
    "reset_device_issue_confirmed": ("C6", "C14"),
    "reset_not_refunded": ("C6",),
    "tow_receipt_review": ("C8",),
    "unused_days_state_refunds": ("C10",),
    "unused_days_not_refunded": ("C10",),
    "unused_days_check_deinstall_notes": ("C10",),
    "state_no_courtesy_credits": ("C2",),
    "courtesy_already_given": ("C1",),
    "over_courtesy_limit": ("C1",),
    "courtesy_within_limit": ("C1",),
    "courtesy_general_policy": ("C1", "C2"),
}

#: Reason code -> plain-words text with its SOP id (translate with :func:`reason_text`).
REASON_TEXTS: Final[dict[str, str]] = {
    "past_due_payment_plan": N_(
        "A past-due balance is settled with a payment plan, not a credit (SOP C11)."
    ),
    "double_charge_invoice_adjustment": N_(
        "A double charge or invoice error is corrected by CSG through a UTR ticket, not a courtesy "
        "credit (SOP C9)."
    ),
    "fee_not_assessed": N_("The fee has not been charged yet, so there is nothing to credit (SOP C3)."),
    "maf_not_billed": N_("A missed-appointment fee that was not billed is never credited (SOP C12)."),
    "fee_not_paid": N_("The fee has not been paid yet, so it cannot be credited (SOP C3)."),
    "reset_violation": N_(
        "The reset was caused by a recorded violation, so its fee is never refunded (SOP C6)."
    ),
    "reset_device_issue_confirmed": N_(
        "A device issue was confirmed in the file notes after the paid service: a lead reviews the "
        "reset refund (SOP C6, C14)."
    ),
    "reset_not_refunded": N_(
        "Reset fees are not refunded unless a device issue is confirmed after the paid service (SOP C6)."
    ),
    "tow_receipt_review": N_("A tow credit is decided by CSG after it reviews the tow receipt (SOP C8)."),
    "unused_days_state_refunds": N_(
        "This state's SOP refunds unused days after removal, through a UTR ticket to CSG (SOP C10)."
    ),
    "unused_days_not_refunded": N_(
        "Unused days are not refunded and not credited toward the removal fee (SOP C10)."
    ),
    "unused_days_check_deinstall_notes": N_(
        "The SOP pack does not say whether this state refunds unused days: read the state SOP's "
        "de-install notes before answering (SOP C10)."
    ),
    "state_no_courtesy_credits": N_("This state does not allow courtesy credits (SOP C2)."),
    "courtesy_already_given": N_(
        "The client already received a one-time courtesy credit: only a lead or supervisor can approve "
        "another (SOP C1)."
    ),
    "over_courtesy_limit": N_(
        "The amount is over the $35.00 courtesy limit: a lead or supervisor must approve it (SOP C1)."
    ),
    "courtesy_within_limit": N_(
        "First courtesy credit for this client and within the $35.00 limit (SOP C1)."
    ),
    "courtesy_general_policy": N_(
        "The state SOP says nothing specific about courtesy credits, so the general policy applies "
        "(SOP C1, C2)."
    ),
}

REASON_CODES: Final[tuple[str, ...]] = tuple(REASON_TEXTS)


def _translator(language: str | None) -> Callable[[str], str]:
    return gettext_for(language or current_language())


def reason_text(code: str, language: str | None = None) -> str:
    """Plain-words explanation of a reason code, with its SOP id, in ``language`` (default: UI)."""
    return _translator(language)(REASON_TEXTS[code])


def reason_sop_ids(code: str) -> tuple[str, ...]:
    return REASON_SOP_IDS[code]


# ---------------------------------------------------------------------------
# Validation and the rules
# ---------------------------------------------------------------------------


def validate_amount(amount: object) -> Decimal:
    """Return ``amount`` if it is a usable money amount; raise otherwise.

    ``TypeError`` for anything but ``Decimal`` (a float has already lost cents);
    ``ValueError`` for non-finite, zero/negative, or more than two decimals.
    """
    if not isinstance(amount, Decimal):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        raise ValueError("amount must be a finite number")
    if amount <= 0:
        raise ValueError("amount must be greater than zero")
    try:
        cents = amount.quantize(CENT)
    except InvalidOperation as exc:
        raise ValueError("amount is too large") from exc
    if cents != amount:
        raise ValueError("amount has more than two decimals")
    return cents


def validate_request(request: CreditRequest, pack: SopPack) -> StateEntry:
    """Reject what :func:`decide_credit` cannot decide; return the client's state entry."""
    if not isinstance(request.state, str) or request.state.strip().upper() not in pack:
        raise ValueError(f"unknown state: {request.state!r}")
    if request.kind not in KINDS:
        raise ValueError(f"unknown kind of credit request: {request.kind!r}")
    validate_amount(request.amount)
    return pack.state(request.state)


def _decision(
    outcome: Outcome,
    reasons: tuple[str, ...],
    pack: SopPack,
    *,
    route: Route | None = None,
    max_amount: Decimal = NOTHING,
) -> CreditDecision:
    return CreditDecision(
        outcome=outcome, reasons=reasons, route=route, max_amount=max_amount, pack_version=pack.version
    )


def decide_credit(request: CreditRequest, *, prior_courtesy_credits: int, pack: SopPack) -> CreditDecision:
    """Decide a credit request by SOP C1-C14, in the SOP's precedence order (first match wins).

    ``max_amount`` is what the agent on the line may give themselves: $35.00 when
    a first courtesy is allowed or only the amount is too high (the agent can
    offer up to the limit instead of escalating), nothing otherwise.
    """
    entry = validate_request(request, pack)
    if isinstance(prior_courtesy_credits, bool) or not isinstance(prior_courtesy_credits, int):
        raise TypeError("prior_courtesy_credits must be an int")
    if prior_courtesy_credits < 0:
        raise ValueError("prior_courtesy_credits cannot be negative")
    amount = request.amount
    kind = request.kind

    # Corrections and collections are not courtesy credits.
    if kind == "past_due_balance":  # SOP C11
        return _decision("route", ("past_due_payment_plan",), pack, route="payment_plan")
    if kind == "double_charge":  # SOP C9
        return _decision("route", ("double_charge_invoice_adjustment",), pack, route="csg_utr")

    # No credit for a fee not yet assessed or paid.
    if not request.fee_assessed:  # SOP C3, C12
        if kind == "missed_appointment_fee":
            return _decision("deny", ("fee_not_assessed", "maf_not_billed"), pack)
        return _decision("deny", ("fee_not_assessed",), pack)
    if not request.fee_paid:  # SOP C3
        return _decision("deny", ("fee_not_paid",), pack)

    if kind == "reset_fee":  # SOP C6
        if request.violation_reset:
            return _decision("deny", ("reset_violation",), pack)
        if request.device_issue_confirmed:  # SOP C6, C14: lead approves in the support chat
            return _decision("route", ("reset_device_issue_confirmed",), pack, route="support_chat")
        return _decision("deny", ("reset_not_refunded",), pack)

    if kind == "tow":  # SOP C8
        return _decision("route", ("tow_receipt_review",), pack, route="csg_tow_receipt")

    if kind == "unused_days":  # SOP C10
        if entry.unused_days_refund == "yes":
            return _decision("route", ("unused_days_state_refunds",), pack, route="csg_utr")
        if entry.unused_days_refund == "check_sop":
            return _decision("deny", ("unused_days_not_refunded", "unused_days_check_deinstall_notes"), pack)
        return _decision("deny", ("unused_days_not_refunded",), pack)

    # Courtesy credits: inconvenience and missed-appointment fee.
    if entry.courtesy_credits_allowed is False:  # SOP C2 (only an explicit "no" denies)
        return _decision("deny", ("state_no_courtesy_credits",), pack)
    over_limit = amount > COURTESY_LIMIT
    if prior_courtesy_credits >= 1:  # SOP C1: one-time
        # Both reasons when both hold: the lead's message should say everything.
        extra = ("over_courtesy_limit",) if over_limit else ()
        return _decision("escalate", ("courtesy_already_given", *extra), pack)
    if over_limit:  # SOP C1: more than $35.00 needs a lead
        return _decision("escalate", ("over_courtesy_limit",), pack, max_amount=COURTESY_LIMIT)
    general = () if entry.courtesy_credits_confirmed else ("courtesy_general_policy",)
    return _decision("allow", ("courtesy_within_limit", *general), pack, max_amount=COURTESY_LIMIT)


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------

KIND_LABELS: Final[dict[str, str]] = {
    "inconvenience": N_("Inconvenience complaint"),
    "missed_appointment_fee": N_("Missed-appointment fee"),
    "reset_fee": N_("Reset fee"),
    "tow": N_("Tow reimbursement"),
    "double_charge": N_("Double charge or invoice adjustment"),
    "unused_days": N_("Unused days"),
    "past_due_balance": N_("Past-due balance"),
}

OUTCOME_LABELS: Final[dict[str, str]] = {
    "allow": N_("Allowed"),
    "deny": N_("Denied"),
    "escalate": N_("Escalate to a lead"),
    "route": N_("Route"),
}

ROUTE_LABELS: Final[dict[str, str]] = {
    "support_chat": N_("Credits-MAF-Invoices-AutoPay chat (a lead reviews the reset credit)"),
    "csg_utr": N_("UTR ticket to CSG"),
    "csg_tow_receipt": N_("Tow receipt to CSG"),
    "payment_plan": N_("Payment plan (ART or Payment Plan ticket)"),
}


def kind_label(kind: str, language: str | None = None) -> str:
    return _translator(language)(KIND_LABELS[kind])


def outcome_label(outcome: str, language: str | None = None) -> str:
    return _translator(language)(OUTCOME_LABELS[outcome])


def route_label(route: str, language: str | None = None) -> str:
    return _translator(language)(ROUTE_LABELS[route])


# ---------------------------------------------------------------------------
# Amount for pasting, coupon steps (SOP C13 and the Guardian M9 equivalent)
# ---------------------------------------------------------------------------


def paste_amount(amount: Decimal) -> str:
    """The amount as the billing systems want it typed: ``xx.xx``, no symbol (SOP C13)."""
    return f"{validate_amount(amount):.2f}"


@dataclass(frozen=True)
class CouponSteps:
    """How to enter a courtesy coupon in one billing system.

    ``verified`` is False when the SOP documents name the procedure but do not
    spell out its clicks: the view must then tell the agent to confirm with a lead
    rather than trust steps the app made up.
    """

    system: str
    title: str
    steps: tuple[str, ...]
    verified: bool


COUPON_STEPS: Final[dict[str, CouponSteps]] = {
    # SOP C13: PLUS courtesy coupon.
    "plus": CouponSteps(
        system="plus",
        title=N_("PLUS courtesy coupon"),
        steps=(
            N_("Open Add Payment and choose Coupon in the drop-down list."),
            N_("Type the amount {amount} (format xx.xx) and click Add Payment."),
            N_("Write the reason for the one-time courtesy credit in the Note box."),
            N_("Click Save Invoice so the credit is saved to the account."),
        ),
        verified=True,
    ),
    # The SOP names a "Guardian (M9 only) Courtesy Coupon Credit" procedure but the
    # source page has no steps; only the documented facts are given (SOP M2).
    "m9": CouponSteps(
        system="m9",
        title=N_("Guardian M9 courtesy coupon"),
        steps=(
            N_("In M9, make sure the correct client is shown in Client Detail (SOP M2)."),
            N_(
                "Add the courtesy coupon credit of {amount} (format xx.xx) as the SOP page \"Guardian "
                "(M9 only) Courtesy Coupon Credit\" describes; its clicks are not in the app's source "
                "documents, so ask a lead if you are unsure."
            ),
            N_("Write the reason for the one-time courtesy credit in the account note."),
        ),
        verified=False,
    ),
}

#: Client brand/program -> billing system whose coupon steps apply.
BRAND_SYSTEMS: Final[dict[str, str]] = {"plus": "plus", "m9": "m9"}

NO_COUPON_STEPS_TEXT: Final = N_(
    "The SOP documents do not describe coupon entry for this brand: ask a lead before applying a credit."
)


def coupon_steps(brand: str, amount: Decimal, language: str | None = None) -> CouponSteps:
    """The coupon entry steps for the client's brand, with the amount ready to paste (SOP C13)."""
    tr = _translator(language)
    pasted = paste_amount(amount)
    system = BRAND_SYSTEMS.get(brand)
    if system is None:
        return CouponSteps(system=brand, title=tr(NO_COUPON_STEPS_TEXT), steps=(), verified=False)
    data = COUPON_STEPS[system]
    return CouponSteps(
        system=system,
        title=tr(data.title),
        steps=tuple(tr(step).format(amount=pasted) for step in data.steps),
        verified=data.verified,
    )


# ---------------------------------------------------------------------------
# Client education (SOP C5) and what to say / do per outcome
# ---------------------------------------------------------------------------

EDUCATION_SCRIPTS: Final[dict[str, str]] = {
    "missed_appointment_fee": N_(
        "To avoid a missed-appointment fee next time, please keep your scheduled appointments. If "
        "something comes up, call us as soon as you can so we can help you find a new time."
    ),
    "reset_fee": N_(
        "Resets are triggered by violations the device records, such as failed or refused tests, "
        "tampering, or disconnecting it. Take every test the device asks for and keep it connected to "
        "avoid another reset fee."
    ),
    "inconvenience": N_(
        "All services are paid at the time of service. If anything changes with your appointment or "
        "your vehicle, call us first so we can help you avoid extra fees."
    ),
    "unused_days": N_(
        "Please check when you are eligible for removal so you can schedule it on time: unused days are "
        "not refunded."
    ),
    "default": N_(
        "All services are paid at the time of service, so please be ready to pay at each appointment to "
        "avoid a balance or extra fees on your account."
    ),
}


def education_script(kind: str, language: str) -> str:
    """What to tell the client so the fee does not happen again (SOP C5; SOP C6 for resets)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of credit request: {kind!r}")
    return gettext_for(language)(EDUCATION_SCRIPTS.get(kind, EDUCATION_SCRIPTS["default"]))


CLIENT_SCRIPTS: Final[dict[str, str]] = {
    "allow": N_(
        "I have applied a one-time courtesy credit of {amount} to your account. It will be used toward "
        "your next service."
    ),
    "escalate": N_(
        "I am not able to approve this myself, so I am asking my lead or supervisor to review it. Please "
        "stay on the line while I check with them."
    ),
    # deny, by deciding reason
    "fee_not_assessed": N_(
        "I do not see this fee charged on your account, so there is nothing to credit today. If you are "
        "charged for it, please call us back and we will review your account then."
    ),
    "fee_not_paid": N_(
        "This fee has not been paid yet, so I cannot credit it. If you have questions once it is paid, "
        "please call us back and we will review your account then."
    ),
    "reset_violation": N_(
        "This reset was caused by a violation the device recorded, so the reset fee cannot be refunded."
    ),
    "reset_not_refunded": N_(
        "Reset fees are not refunded. They are only reviewed when a device problem is confirmed after "
        "your service."
    ),
    "unused_days_not_refunded": N_(
        "Unused days are not refunded, and they cannot be applied to the removal fee."
    ),
    "state_no_courtesy_credits": N_(
        "The regulations of {state} do not allow us to give courtesy credits, so I cannot apply one to "
        "your account."
    ),
    # route, by route
    "payment_plan": N_(
        "We can set up a payment plan for the past-due balance. I will connect you with the team that "
        "sets up payment plans."
    ),
    "csg_utr_invoice": N_(
        "I am sending a request to our Client Services Group to review the charge and correct your "
        "invoice if needed."
    ),
    "csg_utr_unused_days": N_(
        "Your state allows a review of unused days after removal. I am sending the request to our Client "
        "Services Group to review it."
    ),
    "csg_tow_receipt": N_(
        "Please send your tow receipt to our Client Services Group by fax at {fax} or by email at "
        "{email}. They review it within {min_days} to {max_days} business days to see if a credit is "
        "possible."
    ),
    "csg_tow_receipt_unconfigured": N_(
        "Please send your tow receipt to our Client Services Group by fax or email. They review it "
        "within {min_days} to {max_days} business days to see if a credit is possible."
    ),
    "support_chat": N_(
        "A device problem was confirmed after your service, so I am reviewing a refund of the reset fee "
        "with my lead."
    ),
}


def client_script(
    decision: CreditDecision,
    request: CreditRequest,
    *,
    pack: SopPack,
    language: str,
    amount: Decimal | None = None,
) -> str:
    """What the agent tells the client about the decision, in the client's language.

    ``amount`` is the credit actually applied (needed for ``allow``).
    """
    tr = gettext_for(language)
    tow = pack.tow_receipt
    if decision.outcome == "allow":
        given = validate_amount(amount)
        return tr(CLIENT_SCRIPTS["allow"]).format(amount=format_money(given, language))
    if decision.outcome == "escalate":
        return tr(CLIENT_SCRIPTS["escalate"])
    if decision.outcome == "route":
        if decision.route == "csg_utr":
            key = "csg_utr_unused_days" if request.kind == "unused_days" else "csg_utr_invoice"
            return tr(CLIENT_SCRIPTS[key])
        if decision.route == "csg_tow_receipt":  # SOP C8
            key = "csg_tow_receipt" if tow.is_configured else "csg_tow_receipt_unconfigured"
            return tr(CLIENT_SCRIPTS[key]).format(
                fax=tow.csg_fax,
                email=tow.csg_email,
                min_days=tow.review_business_days_min,
                max_days=tow.review_business_days_max,
            )
        return tr(CLIENT_SCRIPTS[str(decision.route)])
    deciding = decision.reasons[0]
    state_name = pack.state(request.state).name
    return tr(CLIENT_SCRIPTS[deciding]).format(state=state_name)


AGENT_STEPS: Final[dict[str, tuple[str, ...]]] = {
    "allow": (
        N_("Confirm the amount with the client: start low, up to {max_amount} (SOP C1, C4)."),
        N_("Apply the coupon with the steps on the next page (SOP C13)."),
        N_("Educate the client on avoiding future fees (SOP C5)."),
    ),
    "escalate": (
        N_(
            "Ask a lead in the Credits-MAF-Invoices-AutoPay chat (Saturday and Sunday: Weekend Chat) "
            "with the message below (SOP C1, H1, H2, H8)."
        ),
        N_(
            "Say what you already reviewed: invoices, client log, paid-to-date and next service date "
            "(SOP C14)."
        ),
    ),
    "escalate_can_offer": (
        N_("Or offer up to {max_amount} yourself instead of escalating (SOP C1)."),
    ),
    "deny": (
        N_("Explain the decision to the client with the script below; nothing is applied."),
        N_("Educate the client on avoiding future fees (SOP C5)."),
    ),
    "payment_plan": (N_("Transfer the call to ART, or submit a Payment Plan ticket (SOP C11)."),),
    "csg_utr_invoice": (
        N_(
            "Send a UTR ticket to CSG with a detailed explanation: which invoice, which charge, the amount "
            "and what must be adjusted (SOP C9)."
        ),
    ),
    "csg_utr_unused_days": (
        N_(
            "Only after the device is removed: send a UTR ticket to CSG, type General Request, for the "
            "unused-days credit, unless the state's de-install notes describe another process (SOP C10)."
        ),
    ),
    "csg_tow_receipt": (
        N_(
            "Give the client CSG's fax {fax} and email {email} for the tow receipt; the review takes "
            "{min_days} to {max_days} business days (SOP C8)."
        ),
    ),
    "csg_tow_receipt_unconfigured": (
        N_(
            "The CSG fax and email for tow receipts are not set in the SOP pack: ask a lead to fill them in, "
            "and get them from your lead for this call (SOP C8)."
        ),
        N_("CSG's review of the tow receipt takes {min_days} to {max_days} business days (SOP C8)."),
    ),
    "support_chat": (
        N_(
            "Ask in the Credits-MAF-Invoices-AutoPay chat (Saturday and Sunday: Weekend Chat) with the "
            "Client ID and the file notes that confirm the device issue; the lead approves and applies "
            "the credit (SOP C6, C14, H1, H8)."
        ),
    ),
}


def agent_steps(
    decision: CreditDecision, request: CreditRequest, *, pack: SopPack, language: str | None = None
) -> tuple[str, ...]:
    """The agent's exact next steps for this decision, in the UI language."""
    tr = _translator(language)
    lang = language or current_language()
    tow = pack.tow_receipt
    values = {
        "max_amount": format_money(decision.max_amount, lang),
        "fax": tow.csg_fax,
        "email": tow.csg_email,
        "min_days": str(tow.review_business_days_min),
        "max_days": str(tow.review_business_days_max),
    }
    keys: list[str]
    if decision.outcome == "route":
        if decision.route == "csg_utr":
            keys = ["csg_utr_unused_days" if request.kind == "unused_days" else "csg_utr_invoice"]
        elif decision.route == "csg_tow_receipt":
            keys = ["csg_tow_receipt" if tow.is_configured else "csg_tow_receipt_unconfigured"]
        else:
            keys = [str(decision.route)]
    elif decision.outcome == "escalate" and decision.max_amount > 0:
        keys = ["escalate", "escalate_can_offer"]
    else:
        keys = [decision.outcome]
    return tuple(tr(step).format(**values) for key in keys for step in AGENT_STEPS[key])


ESCALATION_TEMPLATE: Final = N_(
    "CID: {cid}\n"
    "REQUEST: {kind}, {amount}\n"
    "PRIOR COURTESY CREDITS: {prior}\n"
    "REASON: {reasons}\n"
    "DETAILS: {details}\n"
    "REVIEWED: invoices, client log, paid-to-date, next service date"
)

UTR_TEMPLATE: Final = N_(
    "CID: {cid}\n"
    "REQUEST: {kind}, {amount}\n"
    "EXPLANATION: {details}"
)


def escalation_message(
    decision: CreditDecision,
    request: CreditRequest,
    *,
    cid: str,
    prior_courtesy_credits: int,
    details: str,
    language: str | None = None,
) -> str:
    """Chat message for a lead: Client ID and a detailed reason (SOP H1, H3, C14)."""
    tr = _translator(language)
    lang = language or current_language()
    return tr(ESCALATION_TEMPLATE).format(
        cid=cid,
        kind=kind_label(request.kind, lang),
        amount=format_money(request.amount, lang),
        prior=prior_courtesy_credits,
        reasons=" ".join(reason_text(code, lang) for code in decision.reasons),
        details=details.strip(),
    )


def utr_ticket_text(request: CreditRequest, *, cid: str, details: str, language: str | None = None) -> str:
    """UTR ticket body for CSG, which needs a detailed explanation (SOP C9, C10)."""
    tr = _translator(language)
    lang = language or current_language()
    return tr(UTR_TEMPLATE).format(
        cid=cid,
        kind=kind_label(request.kind, lang),
        amount=format_money(request.amount, lang),
        details=details.strip(),
    )


REVIEW_FIRST: Final[tuple[str, ...]] = (
    N_("Invoices"),
    N_("Client log"),
    N_("Paid-to-date"),
    N_("Next service date"),
)


def review_first(language: str | None = None) -> tuple[str, ...]:
    """What to review before deciding or asking the chat (SOP C14)."""
    tr = _translator(language)
    return tuple(tr(item) for item in REVIEW_FIRST)
