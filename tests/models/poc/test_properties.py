"""Property tests for the POC scheduling rules (SOP P2, P3, P6, P7).

Instants are drawn over several years and deliberately also right around the
US DST changes, and zones include the ones without DST and with large offsets.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.models.poc import (
    APPOINTMENT_IN_PAST,
    CSG_TZ,
    csg_is_open,
    csg_next_change,
    earliest_appointment,
    plan_poc,
    previous_mark,
)

ZONES = [
    ZoneInfo(key)
    for key in (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Adak",
        "Pacific/Honolulu",
        "America/Puerto_Rico",
        "America/Indiana/Indianapolis",
        "America/St_Johns",  # half-hour offset, DST
        "Pacific/Guam",  # far east of Eastern: calls fall on the client's "tomorrow"
    )
]

# US DST changes 2025–2028 (second Sunday of March, first Sunday of November).
_TRANSITIONS = [
    datetime(2025, 3, 9, 7, tzinfo=UTC),
    datetime(2025, 11, 2, 6, tzinfo=UTC),
    datetime(2026, 3, 8, 7, tzinfo=UTC),
    datetime(2026, 11, 1, 6, tzinfo=UTC),
    datetime(2027, 3, 14, 7, tzinfo=UTC),
    datetime(2027, 11, 7, 6, tzinfo=UTC),
]

_anywhere = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
_near_dst = st.builds(
    lambda base, minutes: base + timedelta(minutes=minutes),
    st.sampled_from(_TRANSITIONS),
    st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60),
)
instants = st.one_of(_anywhere, _near_dst)
zones = st.sampled_from(ZONES)
drives = st.integers(min_value=0, max_value=600)


def brute_is_open(at: datetime) -> bool:
    """CSG hours as absolute intervals: [08:00, 19:00) Eastern of the surrounding days."""
    eastern_day = at.astimezone(CSG_TZ).date()
    for offset in (-1, 0, 1):
        day = eastern_day + timedelta(days=offset)
        if day.isoweekday() == 7:
            continue
        opens = datetime(day.year, day.month, day.day, 8, tzinfo=CSG_TZ)
        closes = datetime(day.year, day.month, day.day, 19, tzinfo=CSG_TZ)
        if opens.astimezone(UTC) <= at.astimezone(UTC) < closes.astimezone(UTC):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(instants, zones)
def test_csg_is_open_matches_interval_definition_P2(instant: datetime, zone: ZoneInfo) -> None:
    assert csg_is_open(instant.astimezone(zone)) == brute_is_open(instant)


@settings(max_examples=150, deadline=None)
@given(instants, zones)
def test_csg_next_change_is_the_next_flip_P2(instant: datetime, zone: ZoneInfo) -> None:
    at = instant.astimezone(zone)
    change = csg_next_change(at)
    assert change > at
    assert csg_is_open(change) != csg_is_open(at)
    # Nothing flips in between: CSG state is constant just before the change.
    just_before = change - timedelta(seconds=1)
    if just_before > at:
        assert csg_is_open(just_before) == csg_is_open(at)
    assert change - at <= timedelta(days=2, hours=13)


@settings(max_examples=150, deadline=None)
@given(instants, zones, drives)
def test_earliest_appointment_is_minimal_and_valid_P2_P3_P7(
    instant: datetime, zone: ZoneInfo, drive: int
) -> None:
    now = instant.astimezone(zone)
    earliest = earliest_appointment(now=now, drive_minutes=drive, tz=zone)
    plan = plan_poc(now=now, appointment=earliest, drive_minutes=drive)
    assert plan.problems == ()
    # On a quarter hour of the client's clock.
    local = earliest.astimezone(zone)
    assert (local.minute % 15, local.second, local.microsecond) == (0, 0, 0)
    # The call is never due before the request is taken (SOP P6, P7).
    assert plan.call_from > now
    assert earliest - now < timedelta(days=4)
    # One quarter hour earlier has a problem (being in the past is one of them).
    before = previous_mark(earliest)
    before_plan = plan_poc(now=now, appointment=before, drive_minutes=drive)
    assert before_plan.problems
    if before <= now:
        assert APPOINTMENT_IN_PAST in before_plan.problems


@settings(max_examples=200, deadline=None)
@given(instants, zones, drives, st.integers(min_value=0, max_value=5 * 24 * 4))
def test_plan_window_is_elapsed_time_before_appointment_P6(
    instant: datetime, zone: ZoneInfo, drive: int, quarters: int
) -> None:
    now = instant.astimezone(zone)
    appointment = (instant + timedelta(minutes=15 * quarters)).astimezone(zone)
    plan = plan_poc(now=now, appointment=appointment, drive_minutes=drive)

    def elapsed(a: datetime, b: datetime) -> timedelta:
        return a.astimezone(UTC) - b.astimezone(UTC)

    assert elapsed(appointment, plan.leave_at) == timedelta(minutes=drive)
    assert elapsed(plan.leave_at, plan.call_from) == timedelta(minutes=15)
    assert elapsed(plan.leave_at, plan.call_to) == timedelta(minutes=10)
    assert plan.same_day == (appointment.date() == now.astimezone(zone).date())
    # A plan without problems always has its whole call window inside CSG hours.
    if plan.ok:
        assert csg_is_open(plan.call_from)
        assert csg_is_open(plan.call_to - timedelta(microseconds=1))


def test_dst_samples_are_the_real_changes() -> None:
    """Guard for the strategy itself: each sample is a Sunday where the Eastern offset changes."""
    for t in _TRANSITIONS:
        assert t.astimezone(CSG_TZ).date().isoweekday() == 7
        before = (t - timedelta(hours=1)).astimezone(CSG_TZ).utcoffset()
        after = (t + timedelta(hours=1)).astimezone(CSG_TZ).utcoffset()
        assert before != after
