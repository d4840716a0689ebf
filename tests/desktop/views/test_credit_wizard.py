"""The credit wizard when another window gave the courtesy credit first (SOP C1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from desktop.models import grants, history
from desktop.models.clients import ClientInfo
from desktop.models.db import open_store
from tests import keyboard
from tests.test_credit_wizard import entries, fill_what, go_next, make_page


def test_a_credit_granted_meanwhile_elsewhere_is_shown_and_not_given_twice(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    client = add_client()
    page = make_page(qtbot, ctx, client, "en")
    fill_what(qtbot, page, "missed_appointment_fee", "25.00")
    go_next(qtbot, page)
    qtbot.waitUntil(lambda: page.focusWidget() is page.ladder_buttons[0])
    keyboard.press(Qt.Key.Key_2)
    assert page.flow is not None and page.flow.credit_amount == Decimal("15.00")
    go_next(qtbot, page)
    if page.action_done.isVisible():
        page.action_done.setChecked(True)
    page.education_given.setChecked(True)
    go_next(qtbot, page)

    other = open_store(ctx.store.url, migrate=False)  # a second window on the same database
    with other.sessions() as s, s.begin():
        grants.record_credit_decision(
            s,
            client_id=client.id,
            decision=grants.NewEntry(kind="credit_decision", at=ctx.now() - timedelta(minutes=2), agent="Ben"),
            courtesy=grants.NewEntry(
                kind="courtesy_credit", at=ctx.now() - timedelta(minutes=2), agent="Ben", amount=Decimal("20.00")
            ),
        )
    other.engine.dispose()

    keyboard.click(page.save_button)
    assert not page.saved
    assert "Ben" in page.saved_label.text() and "$20.00" in page.saved_label.text()
    assert [e.agent for e in entries(ctx, client, "courtesy_credit")] == ["Ben"]  # SOP C1: still one
    assert len(entries(ctx, client, "credit_decision")) == 1
    assert page.flow.prior_courtesy_credits == 1  # the page now decides with the other credit in view
    with ctx.session() as s:
        assert len(history.courtesy_credits(s, client.id)) == 1
