"""The POC page as the agent sees it, for every test in this folder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage


@pytest.fixture
def open_page(make_page: Callable[..., Any]) -> Callable[..., PocPage]:
    def _open(client: ClientInfo | None, language: str = "en") -> PocPage:
        page: PocPage = make_page(PocPage, client, language)
        return page

    return _open
