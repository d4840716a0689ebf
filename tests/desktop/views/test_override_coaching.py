"""Override coaching when another window waived a code for the client first (SOP M9)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desktop.models import grants, history
from desktop.models.db import open_store
from desktop.views.override_coaching import OverridePage
from tests import keyboard
from tests.test_override_coaching import _m9, _next, _read_whole_code, _to_coaching, make_page

__all__ = ["make_page"]  # the page fixture, shared with the page's main tests


def test_a_waiver_given_meanwhile_elsewhere_is_shown_and_not_given_twice(
    make_page: Any, ctx: Any, add_client: Any, qtbot: Any
) -> None:
    client = _m9(add_client)
    page: OverridePage = make_page("en")
    ctx.set_client(client)
    _to_coaching(qtbot, page, waive_reason="First lockout, hardship")
    _read_whole_code(qtbot, page)
    _next(qtbot, page)

    other = open_store(ctx.store.url, migrate=False)  # a second window on the same database
    with other.sessions() as s, s.begin():
        grants.record_override_given(
            s,
            client_id=client.id,
            entry=grants.NewEntry(
                kind="override_given", at=ctx.now() - timedelta(minutes=3), agent="Ben", waived=True
            ),
        )
    other.engine.dispose()

    keyboard.click(page.save)
    assert not page.saved
    assert "Ben" in page.done_status.text() and "M9" in page.done_status.text()
    with ctx.session() as s:
        assert [w.agent for w in history.waivers(s, client.id)] == ["Ben"]  # SOP M9: still one
        assert len(history.timeline(s, client.id, ("override_given",))) == 1
    assert page.flow is not None and not page.flow.waiver().allowed  # the page now sees the waiver
