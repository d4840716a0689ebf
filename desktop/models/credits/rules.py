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

from desktop.i18n import N_, current_language, gettext_for
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
