"""A call's history entry shows its length, whether its summary was copied and its workflows."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop.models.store.history import HistoryItem
from desktop.views.shell.call_entry import call_rows

AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _entry(kind: str, details: dict[str, object]) -> HistoryItem:
    return HistoryItem(id=9, client_id=1, kind=kind, created_at=AT, agent="Ana", summary="", details=details)


def test_a_call_entry_lists_its_workflows_with_their_entries() -> None:
    rows = call_rows(_entry("call", {
        "seconds": 425,
        "copied": False,
        "workflows": [
            {"entry_id": 3, "workflow": "credit", "summary": "Missed appointment fee: allow"},
            {"entry_id": 5, "workflow": "poc", "summary": "POC request submitted, UTR UTR778899"},
            "damaged",
        ],
    }))
    assert rows == [
        ("Call length", "7:05"),
        ("Summary copied", "no"),
        ("Courtesy credit", "#3 Missed appointment fee: allow"),
        ("POC request", "#5 POC request submitted, UTR UTR778899"),
    ]


def test_other_entries_and_damaged_details_give_no_rows() -> None:
    assert call_rows(_entry("note", {"seconds": 3})) == []
    assert call_rows(_entry("call", {"seconds": "x", "workflows": "x"})) == []
