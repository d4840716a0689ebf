"""Drafts: upserted by two writers at once; saving a note deletes only its own draft."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from desktop.models.notes import (
    NoteDraft,
    discard_draft,
    draft_key,
    draft_revision,
    load_draft,
    save_draft,
)
from desktop.models.store.db import Store, open_store
from desktop.models.store.store_errors import StoreBusyError


@pytest.fixture
def second_store(store: Store) -> Iterator[Store]:
    other = open_store(store.url, migrate=False)
    yield other
    other.engine.dispose()


def _save(store: Store, key: str, reason: str, at: datetime) -> str:
    with store.sessions() as s, s.begin():
        return save_draft(s, key, NoteDraft(reason=reason), at)


def _save_when_free(store: Store, key: str, reason: str, at: datetime) -> str:
    """Save as the Notes page's autosave does while another window writes: the store waits only
    briefly for the other writer's lock (a frozen window is worse) and says it is busy; the save
    is tried again a moment later."""
    for _attempt in range(200):
        try:
            return _save(store, key, reason, at)
        except StoreBusyError:
            threading.Event().wait(0.05)
    raise AssertionError("the store stayed busy for 10 s")


def _reason(store: Store, key: str) -> str | None:
    with store.sessions() as s:
        found = load_draft(s, key)
    return found[0].reason if found else None


def test_two_windows_writing_the_same_draft_key_both_succeed(
    store: Store, second_store: Store, now: datetime
) -> None:
    key = draft_key(5)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def write(s: Store, who: str) -> None:
        try:
            for i in range(40):
                barrier.wait(10)
                _save_when_free(s, key, f"{who} {i}", now + timedelta(seconds=i))
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=write, args=(s, w)) for s, w in ((store, "a"), (second_store, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors  # no "UNIQUE constraint failed: drafts.key", and no busy store left unretried
    assert _reason(store, key) in {"a 39", "b 39"}


def test_a_session_that_loaded_the_draft_sees_the_newer_one(session: Session, now: datetime) -> None:
    key = draft_key(6)
    save_draft(session, key, NoteDraft(reason="first"), now)
    assert (load_draft(session, key) or (None,))[0] == NoteDraft(reason="first")
    save_draft(session, key, NoteDraft(reason="second"), now)
    loaded = load_draft(session, key)
    assert loaded is not None and loaded[0].reason == "second"


def test_saving_a_note_deletes_its_own_draft_but_not_a_newer_one(
    store: Store, second_store: Store, now: datetime
) -> None:
    key = draft_key(8)
    mine = _save(store, key, "mine", now)
    theirs = _save(second_store, key, "theirs", now + timedelta(seconds=5))  # the other window wrote since
    assert mine != theirs
    with store.sessions() as s, s.begin():
        assert discard_draft(s, key, mine) is False
    assert _reason(store, key) == "theirs"
    with second_store.sessions() as s, s.begin():
        assert draft_revision(s, key) == theirs
        assert discard_draft(s, key, theirs) is True
    assert _reason(store, key) is None


def test_new_note_discards_whatever_draft_is_stored(store: Store, now: datetime) -> None:
    key = draft_key(9)
    _save(store, key, "anything", now)
    with store.sessions() as s, s.begin():
        assert discard_draft(s, key) is True
        assert discard_draft(s, key) is False
    assert _reason(store, key) is None


def test_the_revision_is_not_a_page_setting(session: Session, now: datetime) -> None:
    key = draft_key(10)
    revision = save_draft(session, key, NoteDraft(reason="x"), now, {"style": "bullets"})
    _draft, extra = load_draft(session, key) or (None, {})
    assert extra == {"style": "bullets"}
    assert draft_revision(session, key) == revision
    assert draft_revision(session, draft_key(11)) is None
