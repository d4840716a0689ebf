"""Labels for credit kinds, outcomes and routes, translated at use."""

from __future__ import annotations

from typing import Final

from desktop.i18n import N_
from desktop.models.credits.rules import _translator

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
