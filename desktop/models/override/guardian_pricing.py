"""What an agent may say about paying for a Guardian M9 service (SOP M10, M12, C7).

These are notices, not decisions: each comes with a reason code the screens show
where payment, pricing or the client portal comes up for an M9 client, so the
agent does not promise a payment channel the program does not have, and quotes
each service from the right place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from desktop.i18n import N_, gettext_for

NO_DIRECT_PAY = "m10_no_direct_pay"  # M10: no Direct Pay, Auto-Pay or client portal for Guardian clients
PRICE_FROM_PRE_PAY = "m12_pre_pay_view"  # M12: price from the appointment's Pre-Pay Service view
PRICE_FROM_SOP = "m12_price_from_sop"  # M12: Final download, Reset, Missed Appointment Fee
LDW_ONLY_IF_SHOWN = "m12_ldw_only_if_shown"  # M12
PAID_AT_SERVICE = "c7_paid_at_service"  # C7: no balances left

#: Services quoted from the SOP rather than the Pre-Pay view (SOP M12).
SOP_PRICED_SERVICES: Final = frozenset({"final_download", "reset", "missed_appointment_fee"})

_TEXTS: Final[dict[str, str]] = {
    NO_DIRECT_PAY: N_(
        "Guardian M9 clients have no Direct Pay, no Auto-Pay and no client portal: do not offer them."
    ),
    PRICE_FROM_PRE_PAY: N_(
        "Read the price from the scheduled appointment's Pre-Pay Service view, with coupons unchecked."
    ),
    PRICE_FROM_SOP: N_(
        "Quote this service from the SOP, not from the Pre-Pay Service view (Final download, Reset and "
        "the Missed Appointment Fee)."
    ),
    LDW_ONLY_IF_SHOWN: N_("Mention the LDW only if the Pre-Pay Service view shows it."),
    PAID_AT_SERVICE: N_("All services are paid at the time of service; no balance is left on the account."),
}


@dataclass(frozen=True)
class PricingNotice:
    code: str

    def text(self, language: str) -> str:
        return gettext_for(language)(_TEXTS[self.code])


def payment_notices(brand: str) -> tuple[PricingNotice, ...]:
    """What to keep in mind whenever payment comes up for a client of ``brand`` (M10, C7)."""
    notices = [PricingNotice(NO_DIRECT_PAY)] if brand == "m9" else []
    notices.append(PricingNotice(PAID_AT_SERVICE))
    return tuple(notices)


def pricing_notices(brand: str, service: str) -> tuple[PricingNotice, ...]:
    """Where the price of ``service`` comes from for an M9 client (M12); nothing for other brands.

    ``service`` is an appointment kind code (``reset``, ``final_download``…) or
    ``missed_appointment_fee``.  Other brands' pricing is not in the seeds, so no
    M9 rule is borrowed for them.
    """
    if brand != "m9":
        return ()
    if service in SOP_PRICED_SERVICES:
        return (PricingNotice(PRICE_FROM_SOP),)
    return (PricingNotice(PRICE_FROM_PRE_PAY), PricingNotice(LDW_ONLY_IF_SHOWN))
