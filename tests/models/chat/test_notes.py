"""Every chat escalation drafts its note, with its own disposition and the room it went to (N1, N4, H4-H8)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.models.chat import rules as chat
from desktop.models.chat.notes import chat_note_fields
from desktop.models.chat.rooms import chat_room

MONDAY = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def _room(template: str) -> str:
    return chat_room(chat.TEMPLATE_TOPICS[template], MONDAY).name


def test_state_transfer_note_names_room_and_credit_H5_N4() -> None:
    fields = {"cid": "300101", "from_state": "TX", "to_state": "OK", "new_shop": "Tulsa SC",
              "account_balance": "0"}
    note = chat_note_fields(chat.STATE_TRANSFER, fields, room=_room(chat.STATE_TRANSFER), language="en",
                            credit_on_account=True)
    assert note["reason"] == "Client asked to transfer the account from TX to OK."
    assert "State-to-State Transfer" in note["resolution"][0]
    assert any("does not transfer" in line for line in note["resolution"])
    assert note["disposition"] == "state_transfer"


def test_mechanic_bypass_and_removal_notes_H6_H7() -> None:
    mech = chat_note_fields(chat.MECHANIC_BYPASS, {"cid": "1", "reason": "Starter repair"},
                            room=_room(chat.MECHANIC_BYPASS), language="en")
    assert "POC and MA" in mech["resolution"][0] and mech["disposition"] == "mechanic_bypass"
    removal = chat_note_fields(chat.REMOVAL, {"cid": "1", "state": "VA", "treds": "eligible", "reason": "x"},
                               room=_room(chat.REMOVAL), language="es")
    assert "Removals (VA, etc.)" in removal["resolution"][0]
    assert "TREDS" in removal["resolution"][1]
    assert removal["disposition"] == "removal_treds"


def test_removal_template_renders_in_english_H4_H7() -> None:
    text = chat.render_chat(chat.REMOVAL, {"cid": "1", "state": "VA", "treds": "Eligible", "reason": "Ready?"})
    assert text.splitlines()[0] == "REMOVAL" and "TREDS REMOVAL ORDER: Eligible" in text


def test_unknown_template_has_no_note() -> None:
    with pytest.raises(ValueError):
        chat_note_fields("gossip", {}, room="x", language="en")
