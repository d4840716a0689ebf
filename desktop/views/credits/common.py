"""What the courtesy-credit step views share: the typed flow, and blockers in words."""

from __future__ import annotations

from decimal import Decimal

from desktop.i18n import _, format_money
from desktop.models.credits.flow import CreditFlow, blocker_text
from desktop.views.widgets.steps import StepView
from desktop.views.widgets.text import heading


def describe(flow: CreditFlow | None, code: str) -> str:
    """A blocker code in plain words, with the amounts its text may name (SOP C1)."""
    cap = flow.credit_cap() if flow is not None else Decimal("0.00")
    asked = flow.amount if flow is not None and flow.amount is not None else Decimal("0.00")
    return blocker_text(code, max_amount=format_money(cap), amount=format_money(asked))


def tell_heading(language: str) -> str:
    """ "Tell the client", naming the language the script is in."""
    texts = {"en": _("Tell the client (in English):"), "es": _("Tell the client (in Spanish):")}
    return heading(texts.get(language, texts["en"]))


class CreditStepView(StepView):
    """A courtesy-credit step: ``self.flow`` is a :class:`CreditFlow` once bound."""

    flow: CreditFlow | None

    def describe(self, code: str) -> str:
        return describe(self.flow, code)
