"""The state SOP viewer opens on the open client's state (SOP C2, C8)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.models.store.clients import ClientInfo
from desktop.views.shell.sop_viewer import SopViewer


@pytest.mark.parametrize("language", ["en", "es"])
def test_sop_viewer_opens_on_the_client_state_C2_C8(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    ctx.set_language(language)
    ctx.set_client(add_client(state="OK", cid="500600", name="Joe Fox"))
    viewer = SopViewer(ctx)
    qtbot.addWidget(viewer)
    viewer.show()
    assert viewer.state.currentData() == "OK"
    assert "40:50-1-3.1" in viewer.content.text()
    viewer.show_state("wv")
    assert "SOP C2" in viewer.content.text()
    assert "(TX)" not in viewer.content.text()
