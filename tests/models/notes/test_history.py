"""A note reaches the clipboard only once history has committed it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from desktop.models.notes import NoteDraft, draft_key, load_draft, save_draft
from desktop.models.notes.history import save_then_copy
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store, open_store
from desktop.models.store.history import HistoryDraft


def _unit_of_work(store: Store) -> Callable[[], AbstractContextManager[Session]]:
    @contextmanager
    def work() -> Iterator[Session]:
        with store.sessions() as s, s.begin():
            yield s

    return work


def test_the_clipboard_gets_the_note_after_the_commit(
    store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    key = draft_key(client.id)
    with store.sessions() as s, s.begin():
        revision = save_draft(s, key, NoteDraft(reason="Called"), now)
    observer = open_store(store.url, migrate=False)  # another connection sees only committed rows
    copied: list[tuple[str, int]] = []

    def copy(text: str) -> None:
        with observer.sessions() as s:
            copied.append((text, len(history.timeline(s, client.id, ("note",)))))

    note = HistoryDraft(
        client_id=client.id, kind="note", note_text="Reason: card 4111 1111 1111 1111", created_at=now, agent="Ana"
    )
    saved = save_then_copy(_unit_of_work(store), note, copy, draft_key=key, draft_revision=revision)
    observer.engine.dispose()
    assert copied == [("Reason: card **** **** **** 1111", 1)]  # committed, and only what history holds
    assert saved.draft_discarded
    with store.sessions() as s:
        assert load_draft(s, key) is None


def test_a_failed_save_leaves_the_clipboard_and_the_draft_alone(
    store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    key = draft_key(client.id)
    with store.sessions() as s, s.begin():
        revision = save_draft(s, key, NoteDraft(reason="Called"), now)
    copied: list[str] = []

    @contextmanager
    def failing_commit() -> Iterator[Session]:
        with store.sessions() as s:
            s.begin()
            yield s
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    note = HistoryDraft(client_id=client.id, kind="note", note_text="Reason: called", created_at=now)
    with pytest.raises(OperationalError):
        save_then_copy(failing_commit, note, copied.append, draft_key=key, draft_revision=revision)
    with pytest.raises(IntegrityError):  # no such client: the insert itself fails
        save_then_copy(_unit_of_work(store), HistoryDraft(client_id=999, kind="note", note_text="x", created_at=now), copied.append)
    assert copied == []
    with store.sessions() as s:
        assert history.timeline(s, client.id) == []
        assert load_draft(s, key) is not None
