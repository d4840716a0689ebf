"""Override-coaching texts that depend on the client's brand and language (SOP P9, P10, M1).

Why a layer over :mod:`desktop.models.override.rules`: its reason texts name M9 (the
price "shown in M9", the code "from M9"), which is right for Guardian M9 clients
only.  Monitech is not M9, and a CSG client coached under SOP P9 is not either:
for them this module gives each step's words for the brand's own system, and
says so where the seeds do not document how that step works.
"""

from __future__ import annotations

import re
from typing import Final

from desktop.i18n import N_, current_language, format_money, gettext_for
from desktop.models import override as rules

#: The typed code is longer than any override code (SOP M7): a paste went wrong.
CODE_TOO_LONG: Final = "code_too_long"
#: The note of the override is not saved yet (SOP N1).
NOTE_NOT_SAVED: Final = "note_not_saved"
#: The longest override code the field takes, letters and digits (separators not counted).
MAX_CODE_LENGTH: Final = 16

_EXTRA: Final[dict[str, tuple[str, str]]] = {
    CODE_TOO_LONG: (
        N_("The override code is too long"),
        N_(
            "An override code is at most 16 letters A-Z and digits 0-9 (spaces and dashes are "
            "ignored). Check that only the code was pasted."
        ),
    ),
    NOTE_NOT_SAVED: (
        N_("Note not saved yet"),
        N_("Save the note to the account history before starting a new override."),
    ),
}

#: Reasons worded for a brand other than Guardian M9 (Monitech, or a CSG brand under SOP P9).
_OTHER_BRAND: Final[dict[str, tuple[str, str]]] = {
    rules.PRICE_MISSING: (
        N_("No price entered"),
        N_("Enter the override price quoted to the client, or record a courtesy waiver."),
    ),
    rules.PRICE_NOT_POSITIVE: (
        N_("Price must be more than zero"),
        N_("Enter the amount quoted to the client. To charge nothing, record a courtesy waiver instead."),
    ),
    rules.WAIVER_ALREADY_GIVEN: (
        N_("A courtesy waiver was already given"),
        N_(
            "A waived override code is a one-time courtesy and this client already had one. "
            "Quote the override price instead."
        ),
    ),
    rules.CODE_MISSING: (
        N_("No override code entered"),
        N_("Type or paste the override code from {brand}'s own system."),
    ),
    rules.CODE_INVALID: (
        N_("The override code has a character that is not a letter or a digit"),
        N_("Check the code: only letters A-Z and digits 0-9; spaces and dashes are ignored."),
    ),
    rules.AMOUNT_NOT_BILLED: (
        N_("Billing not confirmed"),
        N_(
            "Bill the amount on the client's {brand} account, then confirm it here; the client pays "
            "at the service center."
        ),
    ),
}

_PAYMENT_OTHER: Final = {
    rules.TAKE_PAYMENT_AFTER_CODE: N_("Give the code first, then take the payment of {amount}."),
    rules.BILL_PAY_AT_SERVICE_CENTER: N_(
        "Bill {amount} on the client's {brand} account; the client pays at the service center."
    ),
}
_PAYMENT_OTHER_NO_AMOUNT: Final = {
    rules.TAKE_PAYMENT_AFTER_CODE: N_("Give the code first, then take the payment of the price quoted."),
    rules.BILL_PAY_AT_SERVICE_CENTER: N_(
        "Bill the price quoted on the client's {brand} account; the client pays at the service center."
    ),
}
_CONFIRM_OTHER: Final = {
    rules.TAKE_PAYMENT_AFTER_CODE: N_("Payment of {amount} taken after giving the code"),
    rules.BILL_PAY_AT_SERVICE_CENTER: N_(
        "{amount} billed on the client's {brand} account; the client pays at the service center"
    ),
}

#: Steps the seeds document for Guardian M9 only: what the screen says for other brands.
NOT_DOCUMENTED: Final = {
    "price": N_(
        "The SOP does not say where {brand}'s override price is read: quote it from {brand}'s own "
        "records and type it here."
    ),
    "booking": N_(
        "The SOP does not say how a {brand} appointment is booked: book it in {brand}'s own system, "
        "then enter it here."
    ),
    "entry_steps": N_(
        "The SOP documents no device entry steps for {brand}: follow {brand}'s own override "
        "instructions for the keys to press."
    ),
}


def _pair(code: str, brand: str) -> tuple[str, str] | None:
    if code in _EXTRA:
        return _EXTRA[code]
    if brand != "m9" and code in _OTHER_BRAND:
        return _OTHER_BRAND[code]
    return None


def blocker_title(code: str, brand: str, language: str | None = None) -> str:
    """Short label of a reason code for ``brand``'s path, in ``language`` (default: UI language)."""
    pair = _pair(code, brand)
    if pair is None:
        return rules.blocker_title(code, language)
    return gettext_for(language or current_language())(pair[0])


def blocker_text(code: str, brand: str, brand_label: str, language: str | None = None) -> str:
    """What is wrong and what to do, for ``brand``'s path, in ``language`` (default: UI language)."""
    pair = _pair(code, brand)
    if pair is None:
        return rules.blocker_text(code, language)
    return gettext_for(language or current_language())(pair[1]).format(brand=brand_label)


_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]\s*$")  # Spanish quotes with “…”


def client_line(code: str, language: str) -> str:
    """The sentence a reason tells the agent to say, in the client's ``language``; empty when none.

    Why it is cut from the reason text rather than kept twice: each reason ends
    with the words to say in quotes, in both catalogs, so the client's words stay
    exactly those of the reviewed text.
    """
    try:
        text = rules.blocker_text(code, language)
    except ValueError:
        return ""
    found = _QUOTED.search(text)
    return found.group(1) if found else ""


def payment_text(rule: rules.PaymentRule, brand: str, brand_label: str, language: str | None = None) -> str:
    """How the override is paid (SOP M8), worded for ``brand``'s own system."""
    if brand == "m9" or rule.code not in _PAYMENT_OTHER:
        return rule.text(language)
    t = gettext_for(language or current_language())
    if rule.amount is None:
        return t(_PAYMENT_OTHER_NO_AMOUNT[rule.code]).format(brand=brand_label)
    amount = format_money(rule.amount, language)
    return t(_PAYMENT_OTHER[rule.code]).format(amount=amount, brand=brand_label)


def payment_confirmation(
    rule: rules.PaymentRule, brand: str, brand_label: str, language: str | None = None
) -> str:
    """The payment check box's words (SOP M8), for ``brand``'s own system."""
    if brand == "m9" or rule.code not in _CONFIRM_OTHER:
        return rule.confirmation_text(language)
    t = gettext_for(language or current_language())
    amount = format_money(rule.amount, language) if rule.amount is not None else ""
    return t(_CONFIRM_OTHER[rule.code]).format(amount=amount, brand=brand_label)


def not_documented(step: str, brand_label: str, language: str | None = None) -> str:
    """That the seeds do not document ``step`` for this brand (SOP P10, M1)."""
    return gettext_for(language or current_language())(NOT_DOCUMENTED[step]).format(brand=brand_label)
