"""Route step: brands that skip CSG, and urgent or after-hours requests (SOP P3, P9, P10, H2, H8, N4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from desktop import i18n
from desktop.models.override import flow as override_flow
from desktop.models.poc import texts as pt
from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage
from tests import keyboard
from tests.views.helpers import tick
from tests.views.poc.calls import pack, use_pack

LANGS = pytest.mark.parametrize("language", ["en", "es"])


@LANGS
@pytest.mark.parametrize("brand", ["m9", "monitech"])
def test_m9_and_monitech_go_to_override_coaching_P10(
    language: str,
    brand: str,
    ctx: Any,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    open_page: Callable[..., PocPage],
) -> None:
    page = open_page(add_client(brand=brand), language)
    route = page.route
    assert route.banner.tone == "route"
    assert pt.blocker_text(pt.BRAND_OVERRIDE_COACHING, language) in route.banner.text.text()
    assert not page.steps.next_button.isEnabled()
    assert page.flow is not None and page.flow.next() is None
    assert not route.p9_group.isVisible()
    with qtbot.waitSignal(ctx.navigateRequested) as blocker:
        keyboard.click(route.to_override)
    assert blocker.args == ["override"]
    assert "p9_route" not in ctx.call


@LANGS
def test_after_hours_not_urgent_offers_next_open_hours_first_P3(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    ctx.clock = lambda: datetime(2026, 11, 29, 15, 0, tzinfo=UTC)  # Sunday 10:00 ET: CSG closed
    page = open_page(add_client(), language)
    route = page.route
    t = i18n.gettext_for(language)
    assert route.p9_banner.tone == "ok"
    assert route.p9_banner.accessibleName() == t("Schedule for CSG's next open hours")
    assert not route.p9_override.isVisible() and not route.p9_text.isVisible()
    assert page.steps.next_button.isEnabled()  # the future request goes on


@LANGS
def test_after_hours_untrained_asks_in_the_named_room_and_drafts_the_note_P9_H8_N4(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    ctx.clock = lambda: datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # Monday 20:00 ET
    page = open_page(add_client(), language)
    route = page.route
    t = i18n.gettext_for(language)
    tick(route.urgent)
    assert route.p9_banner.tone == "warn"  # the state SOP first
    tick(route.p9_sop)
    assert page.flow is not None and page.flow.sop_confirmed
    assert route.p9_text.isVisible()
    assert "100200" in route.p9_text.toPlainText()
    assert route.p9_room.text() == t("Send in the chat room {room}:").format(room="POC and MA")
    keyboard.click(route.p9_note)
    note = ctx.pending_note
    assert note is not None and note["disposition"] == "poc_after_hours"
    assert any("POC and MA" in line for line in note["resolution"])
    assert not route.p9_note.isEnabled()
    ctx.update_prefs(trained_override=True)
    assert route.p9_banner.tone == "route"
    assert route.p9_override.isVisible()
    assert not route.p9_text.isVisible()


def test_weekend_urgent_goes_to_weekend_chat_H2(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    use_pack(ctx, pack("yes", Decimal("45.00")))
    page = open_page(add_client())
    route = page.route
    assert route.p9_banner.tone == "ok"  # Monday 10:00 ET, not urgent: schedule with CSG
    tick(route.urgent)
    assert route.p9_banner.tone == "warn"
    assert route.p9_room.text() == "Send in the chat room POC and MA:"
    ctx.clock = lambda: datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday
    page.refresh_live()
    assert route.p9_room.text() == "Send in the chat room Weekend Chat:"


def test_trained_agent_hands_over_to_coaching_with_the_p9_route(
    ctx: Any, qtbot: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    use_pack(ctx, pack("yes", Decimal("45.00")))
    ctx.update_prefs(trained_override=True)
    page = open_page(add_client())
    tick(page.route.urgent)
    assert page.route.p9_banner.tone == "route"
    with qtbot.waitSignal(ctx.navigateRequested) as blocker:
        keyboard.click(page.route.p9_override)
    assert blocker.args == ["override"]
    assert ctx.call["p9_route"] is True
    assert ctx.call["cid"] == "100200"
    assert override_flow.ROUTE_P9 == "p9"  # the route the coaching page builds its flow with
