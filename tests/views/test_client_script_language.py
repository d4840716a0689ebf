"""Client scripts start in the client's language, else in the agent's default from Preferences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.models.store.clients import ClientInfo
from desktop.views.credits.page import CreditPage
from desktop.views.override.page import OverridePage
from desktop.views.poc.page import PocPage


def script_language(page: Any) -> str:
    flow = page.flow
    assert flow is not None
    return str(getattr(flow, "script_language", None) or flow.client_language)


PAGES = pytest.mark.parametrize(("cls", "brand"), [(CreditPage, "plus"), (OverridePage, "m9"), (PocPage, "plus")])


@PAGES
@pytest.mark.parametrize(
    ("record", "default", "ui", "expected"),
    [
        ("es", "en", "en", "es"),  # the record wins
        ("en", "es", "es", "en"),
        ("", "es", "en", "es"),  # the record does not say: the agent's default
        ("", "", "es", "es"),  # no default: the interface language
        ("", "", "en", "en"),
    ],
)
def test_scripts_start_in_the_right_language(
    make_page: Callable[..., Any], ctx: Any, add_client: Callable[..., ClientInfo],
    cls: type, brand: str, record: str, default: str, ui: str, expected: str,
) -> None:
    ctx.update_prefs(client_language=default)
    page = make_page(cls, add_client(brand=brand, preferred_language=record), ui)
    assert script_language(page) == expected
