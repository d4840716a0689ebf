"""Shell view fixtures: a main window as the agent sees it, and a credential store in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop.models.store.clients import ClientInfo
from desktop.views.shell.main_window import MainWindow
from tests.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def _passwords_in_memory(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    """No shell test reads or writes the machine's real credential store."""
    return memory_keyring


@pytest.fixture
def window(qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo]) -> Iterator[MainWindow]:
    ctx.set_client(add_client())
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitActive(win):
        win.activateWindow()
    yield win
