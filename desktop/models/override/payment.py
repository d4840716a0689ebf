"""When and how an override is paid for (SOP M8): take payment after the code, bill at the service center, or waived."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from desktop.i18n import N_, format_money
from desktop.models.override.rules import (
    AMOUNT_NOT_BILLED,
    PAYMENT_NOT_TAKEN,
    PRICE_MISSING,
    PRICE_NOT_POSITIVE,
    _translator,
)

# --------------------------------------------------------------------------- payment (M8)

FULL_SERVICE: Final = "full_service"
CHECK_CHANGE: Final = "check_change"
PROFILES: Final = (FULL_SERVICE, CHECK_CHANGE)

TAKE_PAYMENT_AFTER_CODE: Final = "take_payment_after_code"
BILL_PAY_AT_SERVICE_CENTER: Final = "bill_pay_at_service_center"
WAIVED_NO_PAYMENT: Final = "waived_no_payment"

_PAYMENT_TEXTS: Final = {
    TAKE_PAYMENT_AFTER_CODE: N_("Give the code first, then take the payment of {amount}."),
    BILL_PAY_AT_SERVICE_CENTER: N_("Bill {amount} in M9; the client pays at the service center."),
    WAIVED_NO_PAYMENT: N_("Waived as a one-time courtesy: no payment."),
}
# Before the agent has typed the M9 amount.
_PAYMENT_TEXTS_NO_AMOUNT: Final = {
    TAKE_PAYMENT_AFTER_CODE: N_("Give the code first, then take the payment shown in M9."),
    BILL_PAY_AT_SERVICE_CENTER: N_("Bill the amount shown in M9; the client pays at the service center."),
    WAIVED_NO_PAYMENT: N_("Waived as a one-time courtesy: no payment."),
}
_PAYMENT_CONFIRMATIONS: Final = {
    TAKE_PAYMENT_AFTER_CODE: N_("Payment of {amount} taken after giving the code"),
    BILL_PAY_AT_SERVICE_CENTER: N_("{amount} billed in M9; the client pays at the service center"),
    WAIVED_NO_PAYMENT: N_("No payment: courtesy waiver recorded"),
}
_PAYMENT_NOT_CONFIRMED: Final = {
    TAKE_PAYMENT_AFTER_CODE: PAYMENT_NOT_TAKEN,
    BILL_PAY_AT_SERVICE_CENTER: AMOUNT_NOT_BILLED,
}


@dataclass(frozen=True, slots=True)
class PaymentRule:
    """How the override is paid for this agent's profile (SOP M8)."""

    profile: str
    code: str
    amount: Decimal | None

    @property
    def needs_confirmation(self) -> bool:
        return self.code != WAIVED_NO_PAYMENT

    @property
    def unconfirmed_code(self) -> str | None:
        """Reason code shown on the Done step until the agent confirms payment/billing."""
        return _PAYMENT_NOT_CONFIRMED.get(self.code)

    def _money(self, language: str | None) -> str:
        return format_money(self.amount, language) if self.amount is not None else ""

    def text(self, language: str | None = None) -> str:
        if self.amount is None:
            return _translator(language)(_PAYMENT_TEXTS_NO_AMOUNT[self.code])
        return _translator(language)(_PAYMENT_TEXTS[self.code]).format(amount=self._money(language))

    def confirmation_text(self, language: str | None = None) -> str:
        return _translator(language)(_PAYMENT_CONFIRMATIONS[self.code]).format(amount=self._money(language))


def payment_rule(profile: str, amount: Decimal | None = None, *, waived: bool = False) -> PaymentRule:
    """Full-service agents take payment after the code; check/change agents bill the
    M9 amount and the client pays at the service center (SOP M8)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown agent profile: {profile!r} (use {' or '.join(PROFILES)})")
    if amount is not None and not isinstance(amount, Decimal):
        raise TypeError("amount must be a Decimal")
    if waived:  # SOP M9: courtesy waiver, nothing to collect
        return PaymentRule(profile=profile, code=WAIVED_NO_PAYMENT, amount=None)
    if profile == FULL_SERVICE:  # SOP M8
        return PaymentRule(profile=profile, code=TAKE_PAYMENT_AFTER_CODE, amount=amount)
    return PaymentRule(profile=profile, code=BILL_PAY_AT_SERVICE_CENTER, amount=amount)  # SOP M8


def price_blockers(amount: Decimal | None, *, waived: bool) -> tuple[str, ...]:
    """The M9 price must be entered unless the code is waived (SOP M8, M9)."""
    if waived:
        return ()
    if amount is None:
        return (PRICE_MISSING,)
    if not isinstance(amount, Decimal):
        raise TypeError("amount must be a Decimal")
    if amount <= 0:
        return (PRICE_NOT_POSITIVE,)
    return ()
