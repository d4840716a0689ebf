"""Every escalation topic reaches the room SOP H8 names, and Weekend Chat on weekends (H2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.models.chat.rooms import ROOM_NAMES, TOPIC_ROOMS, chat_room

MONDAY_NOON_ET = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
SATURDAY_NOON_ET = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)
FRIDAY_11PM_ET = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)  # Saturday in UTC, Friday in Eastern


@pytest.mark.parametrize(
    ("topic", "name"),
    [
        ("courtesy_credit", "Credits-MAF-Invoices-AutoPay"),
        ("reset_credit", "Credits-MAF-Invoices-AutoPay"),
        ("supervisor", "Leadership Assist"),
        ("poc_escalation", "POC and MA"),
        ("poc_after_hours", "POC and MA"),
        ("mechanic_bypass", "POC and MA"),
        ("removal", "Removals (VA, etc.)"),
        ("state_transfer", "State-to-State Transfer"),
        ("troubleshooting", "Troubleshooting – General Questions"),
    ],
)
def test_weekday_room_by_topic_H8(topic: str, name: str) -> None:
    room = chat_room(topic, MONDAY_NOON_ET)
    assert (room.name, room.weekend) == (name, False)


@pytest.mark.parametrize("topic", sorted(TOPIC_ROOMS))
def test_every_topic_goes_to_weekend_chat_on_saturday_H2(topic: str) -> None:
    assert chat_room(topic, SATURDAY_NOON_ET).name == "Weekend Chat"


def test_the_weekend_starts_by_the_eastern_calendar_H2() -> None:
    assert chat_room("courtesy_credit", FRIDAY_11PM_ET).name == "Credits-MAF-Invoices-AutoPay"


def test_every_room_has_a_name_and_unknown_topics_are_refused() -> None:
    assert set(TOPIC_ROOMS.values()) <= set(ROOM_NAMES)
    with pytest.raises(ValueError, match="unknown chat topic"):
        chat_room("gossip", MONDAY_NOON_ET)
