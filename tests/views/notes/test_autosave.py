"""The Notes page's draft autosave when another window holds the database's write lock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop.models.notes import draft_key, load_draft
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store, open_store
from desktop.views.notes.page import NotesPage
from tests import keyboard


@pytest.fixture
def other_window(store: Store) -> Iterator[Store]:
    """Another engine on the same file: what a second window or process has."""
    other = open_store(store.url, migrate=False)
    yield other
    other.engine.dispose()


def _stored_follow_up(store: Store, client: ClientInfo) -> str | None:
    with store.sessions() as s:
        found = load_draft(s, draft_key(client.id))
    return found[0].follow_up if found else None


def test_an_autosave_that_meets_a_busy_store_keeps_the_draft_and_saves_it_after_the_next_pause(
    make_page: Callable[..., NotesPage], add_client: Callable[..., ClientInfo], store: Store,
    other_window: Store, qtbot: Any,
) -> None:
    client = add_client()
    page = make_page(NotesPage, client)
    with other_window.engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the other window is writing, longer than the store waits
        keyboard.type_into(page.follow_up, "Call back Friday")
        page.autosave.timer.stop()
        page.autosave.timer.timeout.emit()  # the pause after typing is over: the save meets the lock
        assert page.autosave.dirty and page.autosave.timer.isActive()  # kept, and tried again later
        assert _stored_follow_up(store, client) is None
        conn.exec_driver_sql("ROLLBACK")
    qtbot.waitUntil(lambda: _stored_follow_up(store, client) == "Call back Friday", timeout=5000)
    assert page.follow_up.text() == "Call back Friday"
