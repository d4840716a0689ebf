"""The history's outline: one top-level row per call, the workflows' entries inside it, nothing stored changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from desktop.models.call import held_ids, inside_calls
from desktop.models.store import history, history_pages
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.history import HistoryDraft
from desktop.models.store.history_pages import Outline, group, shows


def add(store: Store, client: ClientInfo, at: datetime, kind: str = "note", **kw: Any) -> history.HistoryItem:
    with store.sessions() as s, s.begin():
        return history.append(s, HistoryDraft(client_id=client.id, kind=kind, created_at=at, **kw))


def call_details(*records: dict[str, Any]) -> dict[str, Any]:
    return {"call": "c1", "workflows": list(records)}


def test_a_call_holds_its_workflows_entries_and_other_entries_stay_on_top() -> None:
    rows = [
        Outline(9, "note", None),
        Outline(8, "call", None, (5, 6, 404)),  # 404: named but not this client's (never shown)
        Outline(7, "correction", 5),
        Outline(6, "poc_request", None),
        Outline(5, "courtesy_credit", None),
        Outline(4, "note", None),
    ]
    top, inside = group(rows)
    assert [r.id for r in top] == [9, 8, 7, 4]
    assert [r.id for r in inside[8]] == [5, 6]  # oldest first: the order the workflows ran


def test_without_calls_the_outline_is_the_list() -> None:
    rows = [Outline(2, "note", None), Outline(1, "courtesy_credit", None)]
    assert group(rows) == (rows, {})


def test_an_entry_named_by_two_calls_goes_inside_the_newest() -> None:
    rows = [Outline(3, "call", None, (1,)), Outline(2, "call", None, (1,)), Outline(1, "note", None)]
    top, inside = group(rows)
    assert [r.id for r in top] == [3, 2]
    assert [r.id for r in inside[3]] == [1] and 2 not in inside


def test_a_call_stands_for_its_entries_in_the_filter_and_the_search() -> None:
    call, credit, poc = Outline(8, "call", None, (5, 6)), Outline(5, "courtesy_credit", None), Outline(6, "poc_request", None)
    inside = {8: [credit, poc]}
    note = Outline(9, "note", None)
    assert shows(call, inside, "courtesy_credit", None)
    assert shows(call, inside, "call", None)
    assert not shows(call, inside, "override_given", None)
    assert shows(call, inside, None, {6})  # the search found the POC request's note
    assert not shows(call, inside, None, {9})
    assert shows(note, inside, None, {9}) and not shows(note, inside, "poc_request", None)


def test_held_ids_reads_only_entry_ids() -> None:
    details = {"workflows": [{"entry_id": 3}, {"entry_id": "4"}, {"entry_id": True}, "junk", {"entry_id": 3}, {}]}
    assert held_ids(details) == [3]
    assert held_ids({"workflows": "junk"}) == [] and held_ids(None) == []


def test_the_outline_from_the_store_matches_inside_calls(
    store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    before = add(store, client, now - timedelta(hours=2), summary="Earlier note")
    credit = add(store, client, now - timedelta(minutes=9), "credit_decision", summary="Credit approved")
    poc = add(store, client, now - timedelta(minutes=5), "poc_request", utr="4821", status="submitted")
    call = add(
        store, client, now, "call", summary="Call",
        details=call_details({"entry_id": credit.id, "workflow": "credit"}, {"entry_id": poc.id, "workflow": "poc"}),
    )
    with store.sessions() as s:
        rows = history_pages.outline(s, client.id)
        head = history_pages.outline(s, client.id, limit=2)
        total = history_pages.count(s, client.id)
        items = history.timeline(s, client.id)
    assert [r.id for r in rows] == [call.id, poc.id, credit.id, before.id]
    assert rows[0].holds == (credit.id, poc.id) and rows[1].holds is None
    assert head == rows[:2] and total == 4
    top, inside = group(rows)
    assert [r.id for r in top] == [call.id, before.id]
    held = inside_calls(items)
    assert {r.id: call.id for r in inside[call.id]} == held
    assert len(items) == 4  # grouping reads; every entry is still stored
