"""The words of a courtesy-credit request: what blocks a step, and the 4E account note (SOP N3, N4).

Kept beside :mod:`desktop.models.credits.flow` so the flow holds the rules of
progress and this module their wording, in the agent's or the note's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from desktop.i18n import N_, current_language, format_money, gettext_for
from desktop.models.credits import CreditDecision, kind_label, outcome_label, reason_text, route_label

if TYPE_CHECKING:
    from desktop.models.credits.flow import CreditFlow

#: Disposition reason ids (SOP N4) per outcome; they exist in resources/dispositions.json.
DISPOSITIONS: Final[dict[str, str]] = {
    "allow": "courtesy_credit",
    "deny": "credit_denied",
    "escalate": "credit_escalated",
    "route": "credit_routed",
}

#: A routed request is filed under what actually happened to it (SOP N4), not one
#: catch-all "routed" reason: a tow receipt, a payment plan and a reset review are
#: different work for whoever reads the account next.
ROUTE_DISPOSITIONS: Final[dict[str, str]] = {
    "csg_tow_receipt": "credit_tow_receipt",  # C8
    "payment_plan": "credit_payment_plan",  # C11
    "support_chat": "credit_reset_device",  # C6
    "csg_utr": "credit_invoice_utr",  # C9
}

#: What the client called about, as the note's reason (SOP N3): a past-due balance
#: is not a request for a credit, and a tow is a request for reimbursement.
NOTE_REASONS: Final[dict[str, str]] = {
    "past_due_balance": N_("Client has a past-due balance of {amount} and asked how to pay it."),
    "tow": N_("Client asked to be reimbursed for a tow: {amount}."),
    "double_charge": N_("Client reported a double charge or an invoice error: {amount}."),
    "unused_days": N_("Client asked for a refund of unused days: {amount}."),
    "reset_fee": N_("Client asked for a credit of a reset fee: {amount}."),
}

#: Chat topic (desktop.models.chat.rooms, SOP H8) for decisions a lead answers in chat.
CHAT_TOPICS: Final[dict[str, str]] = {"escalate": "courtesy_credit", "support_chat": "reset_credit"}


def disposition_for(decision: CreditDecision, kind: str) -> str:
    """The disposition reason id for a decision (SOP N4)."""
    if decision.outcome != "route" or decision.route is None:
        return DISPOSITIONS[decision.outcome]
    if decision.route == "csg_utr" and kind == "unused_days":
        return "credit_unused_days"  # C10: UTR General Request
    return ROUTE_DISPOSITIONS.get(decision.route, DISPOSITIONS["route"])


BLOCKER_TEXTS: Final[dict[str, str]] = {
    "kind_missing": N_("Choose what the client is asking for."),
    "fee_status_missing": N_("Confirm whether the fee was charged and whether it was paid."),
    "reset_details_missing": N_("Confirm whether the reset came from a violation."),
    "review_not_confirmed": N_(
        "Review invoices, client log, paid-to-date and next service date first (SOP C14)."
    ),
    "amount_missing": N_("Enter the amount."),
    "amount_not_a_number": N_("The amount is not a number."),
    "amount_not_positive": N_("The amount must be greater than zero."),
    "amount_too_many_decimals": N_("Use at most two decimals."),
    "amount_too_large": N_("The amount is too large: type what the client is asking for, such as 35.00."),
    "amount_not_plain": N_("Type the amount with the digits 0-9 and a decimal point, such as 35.00."),
    "credit_amount_missing": N_("Choose the credit amount: start low (SOP C4)."),
    "credit_amount_not_a_number": N_("The credit amount is not a number."),
    "credit_amount_not_positive": N_("The credit amount must be greater than zero."),
    "credit_amount_too_many_decimals": N_("Use at most two decimals."),
    "credit_amount_too_large": N_("The credit amount is too large: start low (SOP C4)."),
    "credit_amount_not_plain": N_(
        "Type the credit amount with the digits 0-9 and a decimal point, such as 10.00."
    ),
    "credit_amount_over_max": N_("The credit cannot be more than {max_amount} (SOP C1)."),
    "credit_amount_over_requested": N_("The credit cannot be more than the amount requested ({amount})."),
    "details_missing": N_("Write a detailed explanation for the ticket or the lead (SOP C9, H1)."),
    "action_not_confirmed": N_("Confirm that you completed the step above."),
    "education_not_confirmed": N_("Confirm that you educated the client on avoiding future fees (SOP C5)."),
    "note_not_saved": N_("Save the note to the account history."),
}


def blocker_text(code: str, language: str | None = None, **values: str) -> str:
    return gettext_for(language or current_language())(BLOCKER_TEXTS[code]).format(**values)


@dataclass(frozen=True)
class NoteFields:
    reason: str
    resolution: tuple[str, ...]
    additional_info: str
    follow_up: str
    disposition: str
    pack_version: str


def compose(flow: CreditFlow, language: str = "en") -> NoteFields:
    """The 4E note (SOP N3, N4) for the flow's request, in ``language``."""
    request, decision = flow.request(), flow.decision()
    if request is None or decision is None:
        raise ValueError("the request is not complete yet")
    tr = gettext_for(language)
    money = format_money(request.amount, language)
    kind = kind_label(request.kind, language)
    ids = ", ".join(decision.sop_ids)
    reason_template = NOTE_REASONS.get(request.kind, N_("Client asked for a credit: {kind}, {amount}."))
    reason = tr(reason_template).format(kind=kind, amount=money)
    resolution: list[str] = [
        tr(N_("Decision: {outcome} (SOP {ids}).")).format(
            outcome=outcome_label(decision.outcome, language), ids=ids
        )
    ]
    resolution.extend(reason_text(code, language) for code in decision.reasons)
    if decision.outcome == "allow" and flow.credit_amount is not None:
        resolution.append(
            tr(N_("Applied a one-time courtesy coupon credit of {amount} (SOP C1, C13).")).format(
                amount=format_money(flow.credit_amount, language)
            )
        )
    elif decision.outcome == "escalate":
        resolution.append(tr(N_("Escalated to a lead or supervisor (SOP C1).")))
    elif decision.outcome == "route" and decision.route is not None:
        resolution.append(tr(N_("Routed: {route}.")).format(route=route_label(decision.route, language)))
    else:
        resolution.append(tr(N_("No credit applied.")))
    if flow.ticket_number:
        resolution.append(tr(N_("UTR ticket {ticket}.")).format(ticket=flow.ticket_number))
    if flow.education_given:
        resolution.append(tr(N_("Educated the client on avoiding future fees (SOP C5).")))
    # The pack that decided it is provenance: kept in history (pack_version), not in the CRM note.
    return NoteFields(
        reason=reason,
        resolution=tuple(resolution),
        additional_info=flow.details.strip(),
        follow_up=_follow_up(flow, decision, language),
        disposition=disposition_for(decision, request.kind),
        pack_version=flow.pack.version,
    )


def _follow_up(flow: CreditFlow, decision: CreditDecision, language: str) -> str:
    tr = gettext_for(language)
    tow = flow.pack.tow_receipt
    if decision.outcome == "escalate":
        return tr(N_("A lead or supervisor decides on the credit."))
    if decision.route == "csg_tow_receipt":
        return tr(
            N_(
                "Client sends the tow receipt to CSG; review takes {min_days} to {max_days} business days (SOP C8)."
            )
        ).format(min_days=tow.review_business_days_min, max_days=tow.review_business_days_max)
    if decision.route == "csg_utr":
        return tr(N_("CSG reviews the UTR ticket."))
    if decision.route == "payment_plan":
        return tr(N_("Payment plan through ART or a Payment Plan ticket (SOP C11)."))
    if decision.route == "support_chat":
        return tr(N_("A lead reviews the reset credit in the Credits-MAF-Invoices-AutoPay chat (SOP C6)."))
    if decision.reasons[0] in ("fee_not_assessed", "fee_not_paid"):
        return tr(N_("Client may call back if charged; review the account then (SOP C3)."))
    return tr(N_("None."))
