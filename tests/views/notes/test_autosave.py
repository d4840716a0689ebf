"""The Notes page's draft autosave when another window holds the database's write lock, and after a copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop.models.notes import draft_key, load_draft
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store, open_store
from desktop.views.notes.autosave import SAVE_DELAY_MS
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


def _write_the_note(page: NotesPage) -> None:
    keyboard.type_into(page.reason, "Client asked about the reset fee.")
    keyboard.type_into(page.resolution, "Explained the reset policy per SOP")
    page.choose_disposition("reset_question")
    keyboard.click(page.resolution)  # back in the note, where Ctrl+Enter copies it


def _notes_saved(store: Store, client: ClientInfo) -> int:
    with store.sessions() as s:
        return len(history.timeline(s, client.id, ["note"]))


def test_copying_the_note_again_cancels_the_pending_autosave_so_no_draft_comes_back(
    make_page: Callable[..., NotesPage], add_client: Callable[..., ClientInfo], store: Store, qtbot: Any,
) -> None:
    client = add_client()
    page = make_page(NotesPage, client, "es")
    _write_the_note(page)
    keyboard.shortcut("Ctrl+Return")
    assert _stored_follow_up(store, client) is None  # copied: nothing to restore
    keyboard.type_text("x\b")  # an edit undone: the note reads as copied, an autosave is waiting
    assert page.autosave.timer.isActive()
    keyboard.shortcut("Ctrl+Return")
    assert not page.autosave.timer.isActive()
    qtbot.wait(SAVE_DELAY_MS * 2)  # past the pause an autosave would have waited for
    assert _stored_follow_up(store, client) is None
    assert _notes_saved(store, client) == 1  # the same note, copied twice, is in the history once


def test_a_copy_that_meets_a_busy_store_says_so_and_the_draft_is_saved_after_the_next_pause(
    make_page: Callable[..., NotesPage], add_client: Callable[..., ClientInfo], store: Store,
    other_window: Store, qtbot: Any,
) -> None:
    client = add_client()
    page = make_page(NotesPage, client)
    _write_the_note(page)
    keyboard.type_text(" today")
    with other_window.engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the other window is writing, longer than the store waits
        keyboard.shortcut("Ctrl+Return")  # its draft save meets the lock: neither saved nor copied
        assert "Not saved and not copied" in page.status.text()
        assert page.autosave.dirty and page.autosave.timer.isActive()  # the draft is kept for the next pause
        conn.exec_driver_sql("ROLLBACK")
    assert _notes_saved(store, client) == 0
    qtbot.waitUntil(lambda: _stored_follow_up(store, client) is not None, timeout=5000)  # saved after a pause
    keyboard.shortcut("Ctrl+Return")  # the store is free again: saved, copied, its draft deleted
    assert _notes_saved(store, client) == 1
    assert _stored_follow_up(store, client) is None
    qtbot.wait(SAVE_DELAY_MS * 2)
    assert _stored_follow_up(store, client) is None


def test_ending_the_call_on_a_busy_store_still_starts_the_next_note_and_writes_nothing_back(
    make_page: Callable[..., NotesPage], add_client: Callable[..., ClientInfo], store: Store,
    other_window: Store, qtbot: Any,
) -> None:
    client = add_client()
    page = make_page(NotesPage, client)
    keyboard.type_into(page.follow_up, "Call back Friday")
    page.save_state()
    keyboard.type_text(" at noon")  # an autosave is waiting for the pause
    with other_window.engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        page.start_next_call()  # what F12 does once the call's summary is saved
        assert page.follow_up.text() == "" and not page.autosave.timer.isActive()
        conn.exec_driver_sql("ROLLBACK")
    qtbot.wait(SAVE_DELAY_MS * 2)
    assert _stored_follow_up(store, client) == "Call back Friday"  # the delete met the lock; nothing rewrote it
