"""Step 2 of override coaching: price, payment rule and the one-time waiver (SOP M8-M10, M12, C7, P10)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from desktop.models.store import history
from desktop.models.store.history import HistoryDraft
from desktop.views.context import AppContext
from desktop.views.override.page import OverridePage
from tests.views.override.drive import go_next, m9, pass_preconditions, type_into

LANGS = pytest.mark.parametrize("language", ["en", "es"])


@LANGS
def test_waiver_blocked_by_an_earlier_waiver_in_history_M9(
    language: str, open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    client = m9(add_client)
    with ctx.session() as session:
        history.append(
            session,
            HistoryDraft(
                client_id=client.id,
                kind="override_given",
                created_at=datetime(2025, 8, 14, 16, 0, tzinfo=UTC),
                summary="Override code given (waived)",
                note_text="Waived as courtesy: first lockout after job loss",
                waived=True,
            )
        )
    page = open_page(client, language)
    pass_preconditions(page, language)
    go_next(page)
    assert page.step() == "price"
    assert not page.price.waive.isEnabled()
    shown = page.price.waiver_history.text()
    assert "first lockout after job loss" in shown and "2025" in shown
    assert ("Aug" if language == "en" else "ago") in shown
    assert not page.steps.next_button.isEnabled()  # the price path still works (SOP M8)
    type_into(page.price.price, "45.00" if language == "en" else "45,00")
    assert page.flow is not None and page.flow.price == Decimal("45.00")
    assert page.steps.next_button.isEnabled()
    assert "$45.00" in page.price.rule_line.text()


@LANGS
def test_bad_price_is_explained_at_the_field_M8(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    pass_preconditions(page, language)
    go_next(page)
    type_into(page.price.price, "45.999")
    assert page.price.price_row.error.isVisible() and page.price.price_row.error.text()
    assert not page.steps.next_button.isEnabled()


def test_check_change_profile_bills_and_client_pays_at_center_M8(
    open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    ctx.update_prefs(profile="check_change")
    page = open_page(m9(add_client))
    pass_preconditions(page)
    go_next(page)
    type_into(page.price.price, "45.00")
    assert "service center" in page.price.rule_line.text() and "Bill" in page.price.rule_line.text()


@LANGS
def test_m9_price_step_says_where_the_price_comes_from_and_what_not_to_offer_M10_M12(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    from desktop.models.override import guardian_pricing

    page = open_page(m9(add_client), language)
    pass_preconditions(page, language)  # a Reset appointment
    go_next(page)
    shown = page.price.notices.text()
    for notice in (*guardian_pricing.payment_notices("m9"), *guardian_pricing.pricing_notices("m9", "reset")):
        assert notice.text(language) in shown
    assert "Direct Pay" in shown  # M10
    assert not page.price.source_line.isVisible()


@LANGS
def test_monitech_price_step_is_not_worded_as_m9_P10_M1(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client, brand="monitech"), language)
    pass_preconditions(page, language)
    assert "M9" not in page.preconditions.appointment.confirmed.text()
    assert "Monitech" in page.preconditions.appointment.booking.text()  # the seeds do not document it
    go_next(page)
    price = page.price
    texts = [price.title.text(), price.subtitle.text(), price.price_row.label.text(), price.rule_line.text(),
             price.notices.text(), price.status.text(), price.source_line.text()]  # fmt: skip
    assert not any("M9" in text for text in texts), texts
    assert price.source_line.isVisible() and "Monitech" in price.source_line.text()
    assert "Direct Pay" not in price.notices.text()  # M10 is an M9 rule
    type_into(price.price, "50.00")
    assert "M9" not in price.rule_line.text() and "$50.00" in price.rule_line.text()
