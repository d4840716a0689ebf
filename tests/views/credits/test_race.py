"""The credit page when another window gave the courtesy credit first (SOP C1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from desktop.models.credits import grants
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import open_store
from desktop.models.store.history import HistoryDraft
from desktop.views.credits.page import CreditPage
from tests import keyboard
from tests.views.credits.test_page import entries, fill_what, go_next
from tests.views.helpers import tick


def test_a_credit_granted_meanwhile_elsewhere_is_shown_and_not_given_twice(
    ctx: Any, add_client: Callable[..., ClientInfo], make_page: Callable[..., Any]
) -> None:
    client = add_client()
    page: CreditPage = make_page(CreditPage, client, "en")
    fill_what(page, "missed_appointment_fee", "25.00")
    go_next(page)
    keyboard.press(Qt.Key.Key_2)
    assert page.flow is not None and page.flow.credit_amount == Decimal("15.00")
    go_next(page)
    if page.apply.action_done.isVisible():
        tick(page.apply.action_done)
    tick(page.apply.education_given)
    go_next(page)

    other = open_store(ctx.store.url, migrate=False)  # a second window on the same database
    with other.sessions() as s, s.begin():
        grants.record_credit_decision(
            s,
            decision=HistoryDraft(
                client_id=client.id, kind="credit_decision", created_at=ctx.now() - timedelta(minutes=2), agent="Ben"
            ),
            courtesy=HistoryDraft(
                client_id=client.id, kind="courtesy_credit", created_at=ctx.now() - timedelta(minutes=2),
                agent="Ben", amount=Decimal("20.00"),
            ),
        )
    other.engine.dispose()

    keyboard.click(page.note.note.save_button)
    status = page.note.note.status.text()
    assert "Ben" in status and "$20.00" in status
    assert [e.agent for e in entries(ctx, client, "courtesy_credit")] == ["Ben"]  # SOP C1: still one
    assert len(entries(ctx, client, "credit_decision")) == 1
    with ctx.session() as s:
        assert len(history.courtesy_credits(s, client.id)) == 1
    assert page.flow is not None and page.flow.prior_courtesy_credits == 1  # decided again with it in view
