"""Scheduling rules for permanent-lockout override code (POC) requests handled by CSG.

Why this module exists: agents schedule these requests for clients all over the
US while CSG works on Eastern time.  The mistakes the SOP warns about (a call
that lands after CSG closes, a same-day appointment without enough lead time, a
Saturday-evening request that really means Monday) are all arithmetic on time
zones, so the arithmetic lives here, Qt-free and tested with fixed clocks.

Conventions the whole module follows:

* Every datetime is aware; naive ones raise ``ValueError`` (a naive time has no
  answer to "is CSG open?").
* Durations are added in absolute time (UTC), never on the wall clock, so that
  "appointment minus 90 minutes" is right across a DST change.
* Decisions are frozen dataclasses carrying machine-readable reason codes; the
  views translate the codes with :func:`problem_text` and friends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from desktop.i18n import (
    N_,
    _,
    gettext_for,
)

# SOP P2: CSG works Monday–Saturday, 08:00–19:00 US Eastern.
CSG_TZ = ZoneInfo("America/New_York")
CSG_OPENS = time(8, 0)
CSG_CLOSES = time(19, 0)
CSG_DAYS = frozenset(range(6))  # Monday=0 … Saturday=5; Sunday (6) closed.

# SOP P6: CSG calls about 10–15 minutes before the client must leave.
CALL_EARLIEST_BEFORE_LEAVE = timedelta(minutes=15)
CALL_LATEST_BEFORE_LEAVE = timedelta(minutes=10)

# SOP P7: same-day appointments need at least one hour plus the drive time.
SAME_DAY_LEAD = timedelta(hours=1)

# A drive over ten hours is almost certainly a typo (minutes vs hours).
MAX_DRIVE_MINUTES = 600

SLOT = timedelta(minutes=15)
# Longest gap between two CSG call windows is Saturday 19:00 → Monday 08:00;
# a week bounds every search generously.
_SEARCH_HORIZON = timedelta(days=8)

APPOINTMENT_IN_PAST = "appointment_in_past"
SAME_DAY_LEAD_TOO_SHORT = "same_day_lead_too_short"
CSG_CLOSED_AT_CALL = "csg_closed_at_call"
INVALID_DRIVE_TIME = "invalid_drive_time"

PROBLEM_CODES: tuple[str, ...] = (
    APPOINTMENT_IN_PAST,
    SAME_DAY_LEAD_TOO_SHORT,
    CSG_CLOSED_AT_CALL,
    INVALID_DRIVE_TIME,
)

PROBLEM_TEXTS: dict[str, str] = {
    APPOINTMENT_IN_PAST: N_("The appointment time has already passed. Pick a later time."),
    SAME_DAY_LEAD_TOO_SHORT: N_(
        "The appointment is too soon: it must be at least 1 hour plus the drive time from now."
    ),
    CSG_CLOSED_AT_CALL: N_(
        "CSG could not make the call: the call window must fall Monday to Saturday, "
        "8:00 AM to 7:00 PM Eastern time."
    ),
    INVALID_DRIVE_TIME: N_("The drive time must be between 0 and 600 minutes."),
}


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _shift(value: datetime, delta: timedelta) -> datetime:
    """``value + delta`` in absolute time, expressed back in ``value``'s zone.

    Python adds timedeltas to aware datetimes on the wall clock, which is off by
    an hour when the span crosses a DST change; the SOP's "one hour plus drive
    time" means elapsed time.
    """
    assert value.tzinfo is not None
    return (value.astimezone(UTC) + delta).astimezone(value.tzinfo)


def _translator(language: str | None) -> Callable[[str], str]:
    return gettext_for(language) if language else _


# --------------------------------------------------------------------------- CSG hours


def csg_is_open(at: datetime) -> bool:
    """Whether CSG is taking calls at ``at`` (SOP P2)."""
    _require_aware(at, "at")
    local = at.astimezone(CSG_TZ)
    # SOP P2: Monday–Saturday, 08:00 ≤ t < 19:00 Eastern.
    return local.weekday() in CSG_DAYS and CSG_OPENS <= local.time() < CSG_CLOSES


def _at_eastern(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=CSG_TZ)


def csg_next_change(at: datetime) -> datetime:
    """The next instant strictly after ``at`` when CSG opens or closes, in Eastern time.

    The status bar shows "CSG open until 7:00 PM" / "CSG opens Monday 8:00 AM";
    both need the next change, not just the current state.
    """
    _require_aware(at, "at")
    local = at.astimezone(CSG_TZ)
    if csg_is_open(at):
        return _at_eastern(local.date(), CSG_CLOSES)
    day = local.date()
    if local.weekday() in CSG_DAYS and local.time() < CSG_OPENS:
        return _at_eastern(day, CSG_OPENS)
    day += timedelta(days=1)
    while day.weekday() not in CSG_DAYS:
        day += timedelta(days=1)
    return _at_eastern(day, CSG_OPENS)


def csg_window_ok(call_from: datetime, call_to: datetime) -> bool:
    """Whether a call window lies wholly inside the CSG hours of one working day (SOP P3)."""
    _require_aware(call_from, "call_from")
    _require_aware(call_to, "call_to")
    start = call_from.astimezone(CSG_TZ)
    end = call_to.astimezone(CSG_TZ)
    return (
        start.date() == end.date()
        and start.weekday() in CSG_DAYS
        and start.time() >= CSG_OPENS
        and end.time() <= CSG_CLOSES
        and start <= end
    )


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class PocPlan:
    """What a POC request scheduled for ``appointment`` means for the client and for CSG.

    ``problems`` empty means the request can be submitted.  ``appointment`` and
    ``drive_minutes`` are kept so ticket, script and note texts can be composed
    from the plan alone.
    """

    same_day: bool
    leave_at: datetime
    call_from: datetime
    call_to: datetime
    problems: tuple[str, ...]
    appointment: datetime
    drive_minutes: int

    @property
    def ok(self) -> bool:
        return not self.problems


def plan_poc(*, now: datetime, appointment: datetime, drive_minutes: int) -> PocPlan:
    """Work out leave time and CSG call window for an appointment, and what is wrong with it.

    ``same_day`` compares dates in the appointment's own zone, because "today"
    for a client in Honolulu is not "today" in New York at 9 PM Eastern.
    """
    _require_aware(now, "now")
    _require_aware(appointment, "appointment")
    if isinstance(drive_minutes, bool) or not isinstance(drive_minutes, int):
        raise TypeError("drive_minutes must be an int")

    problems: list[str] = []
    drive = timedelta(minutes=drive_minutes)
    leave_at = _shift(appointment, -drive)
    # SOP P6: CSG calls 10–15 minutes before the client must leave.
    call_from = _shift(leave_at, -CALL_EARLIEST_BEFORE_LEAVE)
    call_to = _shift(leave_at, -CALL_LATEST_BEFORE_LEAVE)
    assert appointment.tzinfo is not None
    same_day = appointment.date() == now.astimezone(appointment.tzinfo).date()

    if appointment <= now:
        problems.append(APPOINTMENT_IN_PAST)
    # SOP P7: at least 1 hour + drive time.  The SOP states it for same-day
    # requests; an appointment just after midnight that is still closer than
    # that is the same situation (the call would be due already), so the lead
    # is required whenever it is not met, whatever the date.
    if appointment < now.astimezone(UTC) + SAME_DAY_LEAD + drive:
        problems.append(SAME_DAY_LEAD_TOO_SHORT)
    # SOP P2/P3: the call must land inside CSG hours.
    if not csg_window_ok(call_from, call_to):
        problems.append(CSG_CLOSED_AT_CALL)
    if not 0 <= drive_minutes <= MAX_DRIVE_MINUTES:
        problems.append(INVALID_DRIVE_TIME)

    return PocPlan(
        same_day=same_day,
        leave_at=leave_at,
        call_from=call_from,
        call_to=call_to,
        problems=tuple(problems),
        appointment=appointment,
        drive_minutes=drive_minutes,
    )


def _is_mark(local: datetime) -> bool:
    return local.minute % 15 == 0 and local.second == 0 and local.microsecond == 0


def _next_mark_at_or_after(instant: datetime, tz: tzinfo) -> datetime:
    """First 15-minute mark on ``tz``'s wall clock at or after ``instant``.

    Every current zone's offset is a whole number of quarter hours, so the UTC
    quarter hours are exactly the local ones; the loop only matters for odd
    historical offsets.
    """
    utc = instant.astimezone(UTC)
    base = utc.replace(second=0, microsecond=0)
    if base < utc:
        base += timedelta(minutes=1)
    for _step in range(60):
        local = base.astimezone(tz)
        if _is_mark(local):
            return local
        base += timedelta(minutes=1)
    raise ValueError("time zone has no 15-minute marks")  # pragma: no cover - sub-minute offsets


def earliest_appointment(*, now: datetime, drive_minutes: int, tz: ZoneInfo | tzinfo) -> datetime:
    """The first 15-minute mark in ``tz`` whose plan has no problems (SOP P2, P6, P7).

    Scans quarter hours in absolute time from the first one that can satisfy
    the lead time, so DST gaps are skipped and repeated hours appear twice, as
    they do on the client's clock.  Raises ``ValueError`` for an invalid drive
    time (no appointment can fix that) or a naive ``now``.
    """
    _require_aware(now, "now")
    if isinstance(drive_minutes, bool) or not isinstance(drive_minutes, int):
        raise TypeError("drive_minutes must be an int")
    if not 0 <= drive_minutes <= MAX_DRIVE_MINUTES:
        raise ValueError(INVALID_DRIVE_TIME)
    start = now.astimezone(UTC) + SAME_DAY_LEAD + timedelta(minutes=drive_minutes)
    candidate = _next_mark_at_or_after(start, tz)
    limit = start + _SEARCH_HORIZON
    while candidate <= limit:
        plan = plan_poc(now=now, appointment=candidate, drive_minutes=drive_minutes)
        if plan.ok:
            return candidate
        nxt = candidate.astimezone(UTC) + SLOT
        candidate = nxt.astimezone(tz)
        if not _is_mark(candidate):
            candidate = _next_mark_at_or_after(nxt, tz)
    raise RuntimeError("no appointment found within a week")  # pragma: no cover - horizon is ample


def previous_mark(appointment: datetime) -> datetime:
    """The 15-minute mark just before ``appointment`` on the same zone's clock."""
    _require_aware(appointment, "appointment")
    assert appointment.tzinfo is not None
    return _shift(appointment, -SLOT)
