"""The paths the focus walk takes through each workflow built on the step container.

A workflow joins the walk by listing its paths here: the client to open and a
function that completes the current step through the keyboard helper, so Next
becomes available.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.views.page import Page


@dataclass(frozen=True)
class Walk:
    page_id: str
    path: str
    client: dict[str, Any]
    complete: Callable[[Page, str], None]

    def __str__(self) -> str:
        return f"{self.page_id}-{self.path}"


def all_walks() -> tuple[Walk, ...]:
    from tests.views.credits.walk import WALKS as CREDIT
    from tests.views.override.walk import WALKS as OVERRIDE
    from tests.views.poc.walk import CLIENT as POC_CLIENT
    from tests.views.poc.walk import complete as poc_complete

    return (*CREDIT, Walk("poc", "csg", POC_CLIENT, poc_complete), *OVERRIDE)
