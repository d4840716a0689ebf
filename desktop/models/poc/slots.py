"""The earliest POC appointment, and why it is not today when it cannot be (SOP P3, P6, P7, P9).

"Earliest possible" may land on the next CSG day: the CSG call for any appointment
still possible today would fall after CSG closes, or today has no room left for
the 1 hour + drive time lead.  The agent must be told which, in words the client
can hear, and must be offered both ways forward: the next CSG day's slot (P3) or,
if the client needs the code now, the urgent path (P9).  A silent switch from
"today" to "tomorrow" is how a client ends up waiting for a call that never comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from desktop.i18n import N_, format_datetime, format_time, gettext_for
from desktop.models.poc import rules as poc

#: Why the earliest appointment is not on the client's today.
NOT_TODAY_CSG_CLOSED = "csg_closed_at_call"  # the call would fall outside CSG hours (P2, P3, P6)
NOT_TODAY_NO_TIME_LEFT = "no_time_left_today"  # 1 h + drive time reaches past midnight (P7)

_TEXTS: dict[str, str] = {
    NOT_TODAY_CSG_CLOSED: N_(
        "No appointment is possible today: the CSG call for the earliest same-day appointment "
        "({appointment}) would be at {call}, when CSG is closed."
    ),
    NOT_TODAY_NO_TIME_LEFT: N_(
        "No appointment is possible today: a same-day appointment needs at least 1 hour plus the "
        "drive time from now, which is past midnight for the client."
    ),
}
_OFFER = N_(
    "Offer the next CSG day's earliest slot ({earliest}); if the client needs the code now, mark the "
    "request urgent (SOP P9)."
)


@dataclass(frozen=True)
class EarliestSlot:
    """The earliest appointment CSG can serve, and why it is not today when it is not."""

    appointment: datetime
    same_day: bool
    not_today: str | None  # NOT_TODAY_* code, None when the slot is today
    same_day_candidate: datetime | None  # the first same-day mark that satisfied the lead time
    same_day_call: datetime | None  # when CSG would have had to call for it (start of the window)


def earliest_slot(*, now: datetime, drive_minutes: int, tz: tzinfo) -> EarliestSlot:
    """:func:`poc.earliest_appointment`, plus the reason it moved to another day (P3, P7)."""
    appointment = poc.earliest_appointment(now=now, drive_minutes=drive_minutes, tz=tz)
    today = now.astimezone(tz).date()
    if appointment.astimezone(tz).date() == today:
        return EarliestSlot(appointment, True, None, None, None)
    start = now.astimezone(UTC) + poc.SAME_DAY_LEAD + timedelta(minutes=drive_minutes)
    candidate = poc._next_mark_at_or_after(start, tz)
    if candidate.astimezone(tz).date() != today:
        return EarliestSlot(appointment, False, NOT_TODAY_NO_TIME_LEFT, None, None)
    plan = poc.plan_poc(now=now, appointment=candidate, drive_minutes=drive_minutes)
    return EarliestSlot(appointment, False, NOT_TODAY_CSG_CLOSED, candidate, plan.call_from)


def explain(slot: EarliestSlot, language: str) -> str:
    """Why the slot is not today and what to offer instead, in ``language``; "" when it is today."""
    if slot.not_today is None:
        return ""
    tr = gettext_for(language)
    values: dict[str, str] = {}
    if slot.same_day_candidate is not None and slot.same_day_call is not None:
        values = {
            "appointment": format_time(slot.same_day_candidate, language),
            "call": format_time(slot.same_day_call.astimezone(poc.CSG_TZ), language),
        }
    reason = tr(_TEXTS[slot.not_today]).format(**values)
    earliest = format_datetime(slot.appointment, language)
    return f"{reason} {tr(_OFFER).format(earliest=earliest)}"
