"""Override coaching when another window waived a code for the client first (SOP M9)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from desktop.models.credits import grants
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import open_store
from desktop.models.store.history import HistoryDraft
from desktop.views.override.page import OverridePage
from tests import keyboard
from tests.views.override.drive import go_next, m9, read_whole_code, to_coaching


def test_a_waiver_given_meanwhile_elsewhere_is_shown_and_not_given_twice(
    ctx: Any, add_client: Callable[..., ClientInfo], make_page: Callable[..., Any]
) -> None:
    client = m9(add_client)
    page: OverridePage = make_page(OverridePage, client, "en")
    to_coaching(page, waive_reason="First lockout, hardship")
    read_whole_code(page)
    go_next(page)

    other = open_store(ctx.store.url, migrate=False)  # a second window on the same database
    with other.sessions() as s, s.begin():
        grants.record_override_given(
            s,
            entry=HistoryDraft(
                client_id=client.id, kind="override_given", created_at=ctx.now() - timedelta(minutes=3),
                agent="Ben", waived=True,
            ),
        )
    other.engine.dispose()

    keyboard.click(page.done.note.save_button)
    assert page.flow is not None and not page.flow.saved
    status = page.done.status.text()
    assert "Ben" in status
    with ctx.session() as s:
        assert [w.agent for w in history.waivers(s, client.id)] == ["Ben"]  # SOP M9: still one
        assert len(history.timeline(s, client.id, ("override_given",))) == 1
    assert not page.flow.waiver().allowed  # the page now sees the other waiver
