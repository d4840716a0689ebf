"""The warm-up after the first paint builds what opening the first client would build."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from desktop.models.store import client_flags, history, history_pages
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.views.shell.after_paint import warm_client_reads, warm_window_types


def open_reads(store: Store, client_id: int) -> None:
    with store.sessions() as s:
        rows = history_pages.outline(s, client_id, limit=history_pages.HEAD)
        history_pages.count(s, client_id)
        history_pages.entries(s, [r.id for r in rows])
        history.open_poc_requests(s, client_id)
        client_flags.flags_for(s, client_id)


def test_after_the_warm_up_opening_a_client_compiles_no_statement(
    store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    with store.sessions() as s, s.begin():
        history.append(s, history.HistoryDraft(client_id=client.id, kind="note", created_at=now, summary="A note"))
    cache = store.engine._compiled_cache
    assert cache is not None
    cache.clear()
    with store.sessions() as s:
        warm_client_reads(s)
    warmed = len(cache)
    assert warmed > 0
    open_reads(store, client.id)
    assert len(cache) == warmed  # every statement was built by the warm-up


def test_the_window_types_are_made_without_a_window(qapp: object) -> None:
    warm_window_types()  # no window shown, nothing raised
