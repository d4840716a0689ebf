"""What to tell the client and what to do per outcome: education (SOP C5), client scripts, agent steps, the escalation and UTR texts."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from desktop.i18n import N_, current_language, format_money, gettext_for
from desktop.models.credits.labels import kind_label
from desktop.models.credits.rules import (
    KINDS,
    CreditDecision,
    CreditRequest,
    _translator,
    reason_text,
    validate_amount,
)
from desktop.models.sop import SopPack

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
