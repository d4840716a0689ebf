"""The earliest POC slot says why it is not today, and offers both ways forward (SOP P3, P7, P9)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desktop.models.poc.slots import NOT_TODAY_CSG_CLOSED, NOT_TODAY_NO_TIME_LEFT, earliest_slot, explain

CHICAGO = ZoneInfo("America/Chicago")
HONOLULU = ZoneInfo("Pacific/Honolulu")
ET = ZoneInfo("America/New_York")


def test_a_same_day_slot_needs_no_explanation_P7() -> None:
    slot = earliest_slot(now=datetime(2026, 11, 23, 9, 0, tzinfo=ET), drive_minutes=30, tz=CHICAGO)
    assert slot.same_day and slot.not_today is None
    assert explain(slot, "en") == ""


def test_evening_in_chicago_names_the_closed_csg_call_P3_P6() -> None:
    # 5:30 PM in Chicago = 6:30 PM ET; a 60-minute drive puts the first same-day slot at 7:30 PM CST,
    # whose CSG call (7:15 PM ET) is after CSG closes at 7 PM ET.
    slot = earliest_slot(now=datetime(2026, 11, 23, 17, 30, tzinfo=CHICAGO), drive_minutes=60, tz=CHICAGO)
    assert not slot.same_day
    assert slot.not_today == NOT_TODAY_CSG_CLOSED
    assert slot.same_day_call is not None and slot.same_day_call.astimezone(ET).hour >= 19
    text = explain(slot, "en")
    assert "when CSG is closed" in text and "EST" in text
    assert "urgent (SOP P9)" in text and "Nov 24, 2026" in text
    spanish = explain(slot, "es")
    assert "CSG" in spanish and spanish != text


def test_late_night_in_honolulu_has_no_time_left_P7() -> None:
    slot = earliest_slot(now=datetime(2026, 11, 23, 22, 50, tzinfo=HONOLULU), drive_minutes=30, tz=HONOLULU)
    assert slot.not_today == NOT_TODAY_NO_TIME_LEFT
    assert "past midnight" in explain(slot, "en")
