"""The call summary: every workflow's note in one 4E note, no line said twice (SOP N3, N4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from desktop.models import call as call_mod
from desktop.models.notes.lint import lint_note
from desktop.models.store.history import HistoryItem

START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

CREDIT: dict[str, Any] = {
    "customer_name": "Ana Ruiz",
    "reason": "Client asked for a credit on a missed-appointment fee",
    "resolution": ["Verified the caller's identity.", "Courtesy credit of $25.00 applied as a coupon."],
    "additional_info": "",
    "follow_up": "",
    "disposition": "credit_approved",
}
POC: dict[str, Any] = {
    "customer_name": "Ana Ruiz",
    "reason": "Device in permanent lockout",
    "resolution": ["verified the caller's identity", "POC request submitted, UTR-48213."],
    "additional_info": "Client is at work until 5 PM",
    "follow_up": "CSG calls the client before the appointment",
    "disposition": "poc_request",
}


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("language", ["en", "es"])
def test_two_workflows_make_one_note_with_no_line_twice(language: str) -> None:
    text = call_mod.compose_summary([CREDIT, POC, dict(CREDIT)], "Ana Ruiz", language)
    assert text is not None
    lines = _lines(text)
    assert len(lines) == len(set(lines)), text
    assert sum("identity" in line for line in lines) == 1  # said by both workflows, kept once
    assert any("Courtesy credit of $25.00" in line for line in lines)
    assert any("UTR-48213" in line for line in lines)
    assert sum("Ana Ruiz" in line for line in lines) == 1
    assert not lint_note(text)


def test_the_summary_has_one_outline_and_the_last_disposition() -> None:
    draft = call_mod.summary_draft([CREDIT, POC])
    assert draft.customer_name == "Ana Ruiz"
    assert draft.reason == "Client asked for a credit on a missed-appointment fee; Device in permanent lockout"
    assert draft.resolution == [
        "Verified the caller's identity.",
        "Courtesy credit of $25.00 applied as a coupon.",
        "POC request submitted, UTR-48213.",
    ]
    assert draft.disposition == "poc_request"  # SOP N4: one disposition, where the call ended up
    text = call_mod.compose_summary([CREDIT, POC])
    assert text is not None and text.count("Reason:") == 1 and text.count("Disposition:") == 1


def test_distinct_ignores_case_spacing_bullets_and_a_final_period() -> None:
    assert call_mod.distinct(["- Called back.", "called  back", "", "Called back again"]) == [
        "Called back.",
        "Called back again",
    ]


def test_no_note_means_no_summary_and_nothing_to_save() -> None:
    call = call_mod.Call(started_at=START, client_id=7, customer_name="Ana Ruiz")
    assert call.summary() is None
    assert call.why_not_saved() == call_mod.NOTHING_TO_SAVE
    assert call_mod.Call(started_at=START).why_not_saved() == call_mod.NO_CLIENT
    with pytest.raises(ValueError):
        call_mod.Call(started_at=START.replace(tzinfo=None))


def test_the_same_note_offered_twice_is_kept_once() -> None:
    call = call_mod.Call(started_at=START, client_id=7)
    call.offer(CREDIT)
    call.offer(dict(CREDIT))
    call.offer(POC)
    assert len(call.notes) == 2


def _item(entry_id: int, kind: str, minutes: int, agent: str = "Ana", **kw: Any) -> HistoryItem:
    return HistoryItem(
        id=entry_id, client_id=7, kind=kind, created_at=START + timedelta(minutes=minutes), agent=agent,
        summary=f"{kind} summary", **kw,
    )


def test_the_call_entry_holds_every_workflow_and_the_agent() -> None:
    call = call_mod.Call(started_at=START, client_id=7, customer_name="Ana Ruiz")
    call.offer(CREDIT)
    call.offer(POC)
    items = [
        _item(1, "credit_decision", 2, amount=Decimal("25.00"), details={"outcome": "allow"}),
        _item(2, "courtesy_credit", 2, amount=Decimal("25.00")),
        _item(3, "poc_request", 6, status="submitted", utr="UTR-48213",
              details={"call_from": "2026-11-24T13:00:00+00:00", "call_to": "2026-11-24T14:00:00+00:00"}),
        _item(4, "note", 1, agent="Ben"),  # another agent's entry
        _item(5, "note", -30),  # before the call
    ]
    end = START + timedelta(minutes=8)
    inside = call_mod.written_during(items, call, end, "Ana")
    assert [i.id for i in inside] == [1, 2, 3]
    entry = call.entry(ended_at=end, agent="Ana", language="en", summary="Call", workflows=inside, copied=True)
    assert entry.kind == "call" and entry.agent == "Ana" and entry.client_id == 7
    assert entry.uuid == call.uuid and entry.created_at == end
    assert [w["workflow"] for w in entry.details["workflows"]] == ["credit", "credit", "poc"]
    assert entry.details["workflows"][0]["outcome"] == "allow"
    assert entry.details["workflows"][2]["utr"] == "UTR-48213"
    assert entry.details["seconds"] == 8 * 60 and entry.details["copied"] is True
    assert entry.note_text == call.summary("en")
    assert entry.disposition == "poc_request"


def test_the_csg_window_of_the_newest_poc_request_and_its_countdown() -> None:
    items = [
        _item(3, "poc_request", 6, details={"call_from": "2026-11-23T16:00:00+00:00",
                                            "call_to": "2026-11-23T16:30:00+00:00"}),
        _item(4, "poc_request", 7, details={"call_from": "garbage", "call_to": "2026-11-23T16:30:00+00:00"}),
        _item(5, "credit_decision", 8),
    ]
    window = call_mod.csg_window(items)
    assert window is not None
    start, end = window
    assert call_mod.csg_window(items[2:]) is None
    before = call_mod.csg_countdown(start, end, START + timedelta(minutes=10, seconds=30))
    assert (before.state, before.minutes) == (call_mod.BEFORE_WINDOW, 50)
    inside = call_mod.csg_countdown(start, end, datetime(2026, 11, 23, 16, 10, tzinfo=UTC))
    assert (inside.state, inside.minutes) == (call_mod.IN_WINDOW, 20)
    past = call_mod.csg_countdown(start, end, datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    assert past.state == call_mod.WINDOW_PASSED


def test_elapsed_never_runs_backwards() -> None:
    call = call_mod.Call(started_at=START)
    assert call.elapsed(START - timedelta(minutes=1)) == timedelta(0)
    assert call.elapsed(START + timedelta(seconds=95)) == timedelta(seconds=95)


def test_a_list_can_show_one_row_per_call() -> None:
    items = [
        _item(9, "call", 9, details={"workflows": [{"entry_id": 1}, {"entry_id": 3}, "damaged", {"entry_id": "x"}]}),
        _item(3, "poc_request", 6),
        _item(1, "credit_decision", 2),
        _item(8, "note", 1),
    ]
    held = call_mod.inside_calls(items)
    assert held == {1: 9, 3: 9}
    assert [i.id for i in items if i.id not in held] == [9, 8]


def test_the_planned_window_is_read_from_the_call_facts_and_shown_first() -> None:
    start, end = START + timedelta(hours=2), START + timedelta(hours=2, minutes=5)
    key = call_mod.PLANNED_CSG_WINDOW
    assert call_mod.planned_csg_window({key: (start, end)}) == (start, end)
    for junk in ({}, {key: None}, {key: "16:00"}, {key: (start,)}, {key: (start.replace(tzinfo=None), end)}):
        assert call_mod.planned_csg_window(junk) is None
    saved = (START, START + timedelta(minutes=5))
    assert call_mod.shown_csg_window((start, end), saved) == (start, end)
    assert call_mod.shown_csg_window(None, saved) == saved
    assert call_mod.shown_csg_window(None, None) is None
