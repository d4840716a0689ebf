"""The override page, shown and active, for the client and language a test asks for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.models.store.clients import ClientInfo
from desktop.views.override.page import OverridePage


@pytest.fixture
def open_page(make_page: Callable[..., Any]) -> Callable[..., OverridePage]:
    def _open(client: ClientInfo | None, language: str = "en") -> OverridePage:
        page: OverridePage = make_page(OverridePage, client, language)
        return page

    return _open


@pytest.fixture(autouse=True)
def forget_call_secrets() -> Any:
    """A code typed in one test is no secret of the next."""
    from desktop.models.redaction import CALL_SECRETS

    yield
    CALL_SECRETS.forget_all()
