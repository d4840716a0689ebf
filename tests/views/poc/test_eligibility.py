"""Eligibility step: permanent lockout, the state SOP and the quoted fee (SOP P1, P4)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from desktop.i18n import gettext_for
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage
from tests.views.helpers import tick
from tests.views.poc.calls import go_next, pack, type_into, use_pack


@pytest.mark.parametrize("language", ["en", "es"])
def test_state_says_no_stops_with_reason_and_client_text_P4(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    use_pack(ctx, pack("no"))
    page = open_page(add_client(preferred_language=language), language)
    go_next(page)
    e = page.eligibility
    tick(e.perm)
    assert e.stop_banner.isVisible()
    text = e.stop_banner.text.text()
    assert gettext_for(language)(pt.BLOCKER_TEXTS[pt.STATE_DISALLOWS_POC]).split(".")[0] in text
    assert gettext_for(language)(pt.STOP_CLIENT_TEXT).split(",")[0] in text
    assert not e.fee.isVisible()
    assert not page.steps.next_button.isEnabled()
    assert page.flow is not None and page.flow.next() is None and page.step() == PocStep.ELIGIBILITY


def test_pack_fee_is_prefilled_and_a_changed_fee_is_quoted_again_P4(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    use_pack(ctx, pack("yes", Decimal("60.00")))
    page = open_page(add_client(), "es")
    go_next(page)
    e = page.eligibility
    assert e.fee.text() == "60.00"
    assert "$60.00" in e.state_info.text()
    assert not e.sop_confirmed.isVisible()
    tick(e.perm)
    tick(e.quoted)
    assert page.steps.next_button.isEnabled()
    type_into(e.fee, "65")
    assert e.fee.text() == "65"
    assert not e.quoted.isChecked()
    assert not page.steps.next_button.isEnabled()
