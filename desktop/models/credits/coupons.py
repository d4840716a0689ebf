"""The amount an agent pastes and the coupon steps per brand (SOP C13 and the Guardian M9 equivalent)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from desktop.i18n import N_
from desktop.models.credits.rules import _translator, validate_amount

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
