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
from decimal import Decimal
from zoneinfo import ZoneInfo

from desktop.i18n import (
    N_,
    _,
    babel_locale,
    current_language,
    format_date,
    format_datetime,
    format_money,
    format_time,
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


# --------------------------------------------------------------------------- texts


def problem_text(code: str, language: str | None = None) -> str:
    """Plain-words explanation of a plan problem, in the UI language (or ``language``)."""
    translate = _translator(language)
    return translate(PROBLEM_TEXTS[code])


def zone_label(tz: tzinfo, language: str | None = None) -> str:
    """A zone name an agent can read back to a client: "Pacific Time (Los Angeles)"."""
    from babel.dates import get_timezone_location, get_timezone_name

    locale = babel_locale(language or current_language())
    name = get_timezone_name(tz, width="long", zone_variant="generic", locale=locale)
    city = get_timezone_location(tz, locale=locale, return_city=True)
    if not city or city in name:
        return str(name)
    return f"{name} ({city})"


def drive_text(minutes: int, language: str | None = None) -> str:
    translate = _translator(language)
    return translate(N_("{minutes} min")).format(minutes=minutes)


def _local(value: datetime, tz: tzinfo) -> datetime:
    return value.astimezone(tz)


def utr_ticket_text(
    *,
    cid: str,
    plan: PocPlan,
    client_tz: tzinfo,
    state: str,
    fee: Decimal | None,
    language: str | None = None,
) -> str:
    """The POC request (UTR ticket) body CSG needs, composed from the plan (SOP P5).

    One "label: value" line per fact so CSG can scan it; times are given in the
    client's zone and in Eastern, because CSG dials on Eastern time and the
    client lives on local time.
    """
    lang = language or current_language()
    t = gettext_for(lang)
    appointment = _local(plan.appointment, client_tz)
    leave = _local(plan.leave_at, client_tz)
    call_from = _local(plan.call_from, client_tz)
    call_to = _local(plan.call_to, client_tz)
    et_from = plan.call_from.astimezone(CSG_TZ)
    et_to = plan.call_to.astimezone(CSG_TZ)
    kind = t(N_("Same-day request")) if plan.same_day else t(N_("Future request"))
    quote = format_money(fee, lang) if fee is not None else t(N_("not quoted"))
    lines = [
        t(N_("POC request (permanent lockout override code)")),
        t(N_("Request type: {kind}")).format(kind=kind),
        t(N_("Client ID: {cid}")).format(cid=cid),
        t(N_("State of conviction: {state}")).format(state=state),
        t(N_("Appointment: {appointment}")).format(appointment=format_datetime(appointment, lang)),
        t(N_("Appointment (Eastern): {appointment}")).format(
            appointment=format_datetime(plan.appointment.astimezone(CSG_TZ), lang)
        ),
        t(N_("Client time zone: {zone}")).format(zone=zone_label(client_tz, lang)),
        t(N_("Drive time, vehicle to service center: {drive}")).format(
            drive=drive_text(plan.drive_minutes, lang)
        ),
        t(N_("Client must leave at: {leave}")).format(leave=format_time(leave, lang)),
        t(N_("Call the client between {start} and {end} client time")).format(
            start=format_time(call_from, lang), end=format_time(call_to, lang)
        ),
        t(N_("Call window (Eastern): {date}, {start} to {end}")).format(
            date=format_date(et_from.date(), lang),
            start=format_time(et_from, lang),
            end=format_time(et_to, lang),
        ),
        t(N_("Quoted override fee: {quote}")).format(quote=quote),
    ]
    return "\n".join(lines)


def client_expectation_script(plan: PocPlan, client_tz: tzinfo, language: str) -> str:
    """What the agent reads to the client about the CSG call, in the client's language (SOP P5, P6).

    Times are in the client's zone only: the client should never have to
    convert from Eastern time.
    """
    t = gettext_for(language)
    appointment = _local(plan.appointment, client_tz)
    leave = _local(plan.leave_at, client_tz)
    call_from = _local(plan.call_from, client_tz)
    call_to = _local(plan.call_to, client_tz)
    paragraphs = [
        t(
            N_(
                "Your appointment is on {date} at {appointment}. To get there on time you need to "
                "leave at {leave}."
            )
        ).format(
            date=format_date(appointment.date(), language, "full"),
            appointment=format_time(appointment, language),
            leave=format_time(leave, language),
        ),
        t(
            N_(
                "Client Services will call you between {start} and {end}, about 10 to 15 minutes "
                "before you need to leave, to give you your override code."
            )
        ).format(start=format_time(call_from, language), end=format_time(call_to, language)),
        t(
            N_(
                "Please be at your vehicle with your phone on and answer even if you do not "
                "recognize the number. The code allows one start only, so drive straight to "
                "the service center."
            )
        ),
        t(N_("If you do not get the call by {end}, please call us back so we can check on it.")).format(
            end=format_time(call_to, language)
        ),
    ]
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------- escalations (P8, H2)

ESCALATION_MISSED_CALL = "missed_call"
ESCALATION_CHANGE = "change_request"
ESCALATION_NO_CALL = "no_call_received"
ESCALATION_CANCEL = "cancel_request"
ESCALATION_KINDS: tuple[str, ...] = (
    ESCALATION_MISSED_CALL,
    ESCALATION_CHANGE,
    ESCALATION_NO_CALL,
    ESCALATION_CANCEL,
)
ESCALATION_TEXTS: dict[str, str] = {
    ESCALATION_MISSED_CALL: N_("Client missed the CSG call"),
    ESCALATION_CHANGE: N_("Client needs to change the POC request"),
    ESCALATION_NO_CALL: N_("Client has not received the CSG call yet"),
    ESCALATION_CANCEL: N_("Client needs to cancel the POC request"),
}

# Escalation blockers.
NO_UTR_TICKET = "no_utr_ticket"
UNKNOWN_TIME_ZONE = "unknown_time_zone"
CALL_NOT_DUE_YET = "call_not_due_yet"
APPOINTMENT_PASSED = "appointment_passed"

ESCALATION_PROBLEM_TEXTS: dict[str, str] = {
    NO_UTR_TICKET: N_("No UTR ticket is recorded for this request; submit the POC request first."),
    UNKNOWN_TIME_ZONE: N_("The client's time zone is missing or not recognized; confirm it with the client."),
    INVALID_DRIVE_TIME: PROBLEM_TEXTS[INVALID_DRIVE_TIME],
    CALL_NOT_DUE_YET: N_(
        "It is too early to escalate: CSG is due to call between {start} and {end} client time."
    ),
    APPOINTMENT_PASSED: N_("The appointment time has passed; escalate a change to the request instead."),
}

# SOP H2: weekday chats Monday–Friday, Weekend Chat on Saturday and Sunday.
CHAT_POC = "poc_ma"
CHAT_LEADERSHIP = "leadership_assistance"
CHAT_WEEKEND = "weekend"
CHAT_TEXTS: dict[str, str] = {
    CHAT_POC: N_("POC and MA chat"),
    CHAT_LEADERSHIP: N_("Leadership Assistance chat"),
    CHAT_WEEKEND: N_("Weekend Chat"),
}


def chat_for(now: datetime, weekday_chat: str) -> str:
    """Which chat applies at ``now`` (SOP H2), judged on the Eastern calendar like CSG itself."""
    _require_aware(now, "now")
    # SOP H2: Saturday and Sunday go to the Weekend Chat.
    return CHAT_WEEKEND if now.astimezone(CSG_TZ).weekday() >= 5 else weekday_chat


def _zone_or_none(key: str | None) -> ZoneInfo | None:
    if not key:
        return None
    try:
        return ZoneInfo(key)
    except (ValueError, KeyError, OSError):
        return None


@dataclass(frozen=True)
class EscalationCheck:
    """Whether an open POC request should go to the chat now, and where (SOP P8, H2)."""

    kind: str
    problems: tuple[str, ...]
    chat: str
    plan: PocPlan | None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_escalation(
    *,
    kind: str,
    now: datetime,
    utr: str | None,
    appointment: datetime,
    drive_minutes: int,
    client_tz: str | None,
) -> EscalationCheck:
    """Re-verify an open request before escalating it (SOP P8).

    The SOP asks agents to confirm the ticket exists and re-check appointment,
    drive time and time zone first, because most "no call yet" worries are
    simply calls that are not due yet.
    """
    if kind not in ESCALATION_KINDS:
        raise ValueError(f"unknown escalation kind: {kind!r}")
    _require_aware(now, "now")
    _require_aware(appointment, "appointment")
    problems: list[str] = []
    # SOP P8: a UTR ticket must exist before anything is escalated.
    if not utr or not utr.strip():
        problems.append(NO_UTR_TICKET)
    zone = _zone_or_none(client_tz)
    if zone is None:
        problems.append(UNKNOWN_TIME_ZONE)
    if not 0 <= drive_minutes <= MAX_DRIVE_MINUTES:
        problems.append(INVALID_DRIVE_TIME)
    plan: PocPlan | None = None
    if zone is not None:
        local = appointment.astimezone(zone)
        plan = plan_poc(now=now, appointment=local, drive_minutes=drive_minutes)
        timing_matters = kind in (ESCALATION_MISSED_CALL, ESCALATION_NO_CALL)
        # SOP P8: verify timing before saying the call did not come.
        if timing_matters and now >= appointment:
            problems.append(APPOINTMENT_PASSED)
        else:
            # A missed call needs the window to have started; "no call yet" needs it over.
            due = plan.call_to if kind == ESCALATION_NO_CALL else plan.call_from
            if timing_matters and now < due:
                problems.append(CALL_NOT_DUE_YET)
    return EscalationCheck(kind=kind, problems=tuple(problems), chat=chat_for(now, CHAT_POC), plan=plan)


def escalation_problem_text(check: EscalationCheck, code: str, language: str | None = None) -> str:
    translate = _translator(language)
    template = translate(ESCALATION_PROBLEM_TEXTS[code])
    if code == CALL_NOT_DUE_YET and check.plan is not None:
        lang = language or current_language()
        return template.format(
            start=format_time(check.plan.call_from, lang), end=format_time(check.plan.call_to, lang)
        )
    return template


def escalation_text(kind: str, language: str | None = None) -> str:
    return _translator(language)(ESCALATION_TEXTS[kind])


def chat_text(chat: str, language: str | None = None) -> str:
    return _translator(language)(CHAT_TEXTS[chat])


ESCALATION_QUESTIONS: dict[str, str] = {
    ESCALATION_MISSED_CALL: N_(
        "The client missed the CSG call that was due between {start} and {end} client time. "
        "Can CSG call the client again before the appointment?"
    ),
    ESCALATION_CHANGE: N_(
        "The client needs to change the POC request for the appointment on {appointment} client time. "
        "Can CSG update the request?"
    ),
    ESCALATION_NO_CALL: N_(
        "The client has not received the CSG call that was due between {start} and {end} client time. "
        "Can CSG call the client now?"
    ),
    ESCALATION_CANCEL: N_(
        "The client needs to cancel the POC request for the appointment on {appointment} client time. "
        "Can CSG cancel it?"
    ),
}
ESCALATION_CHECKED = N_("I checked the UTR ticket, the appointment time, the drive time and the time zone.")


def escalation_reason(kind: str, plan: PocPlan, client_tz: tzinfo, language: str | None = None) -> str:
    """The REASON of the POC CODE chat (SOP P8, H3): the facts, a clear question, what was checked."""
    lang = language or current_language()
    t = gettext_for(lang)
    question = t(ESCALATION_QUESTIONS[kind]).format(
        start=format_time(plan.call_from.astimezone(client_tz), lang),
        end=format_time(plan.call_to.astimezone(client_tz), lang),
        appointment=format_datetime(plan.appointment.astimezone(client_tz), lang),
    )
    return f"{question} {t(ESCALATION_CHECKED)}"


def poc_code_chat_fields(
    *,
    cid: str,
    utr: str,
    appointment: datetime,
    drive_minutes: int,
    reason: str,
    language: str | None = None,
) -> dict[str, str]:
    """Values for the POC CODE chat template (SOP H4), ready for the chat renderer.

    Keys are the template's field ids; the appointment is given in the
    client's zone (the one ``appointment`` carries) and in Eastern, so the lead
    in the chat does not have to convert.
    """
    _require_aware(appointment, "appointment")
    lang = language or current_language()
    t = gettext_for(lang)
    eastern = appointment.astimezone(CSG_TZ)
    return {
        "cid": cid,
        "utr": utr,
        "appointment_time": t(N_("{local} (Eastern: {eastern})")).format(
            local=format_datetime(appointment, lang), eastern=format_time(eastern, lang)
        ),
        "drive_time": drive_text(drive_minutes, lang),
        "reason": reason,
    }


# --------------------------------------------------------------------------- urgent / after hours (P9)

ACTION_SCHEDULE = "schedule_with_csg"
ACTION_SCHEDULE_NEXT_OPEN = "schedule_for_next_csg_hours"
ACTION_GIVE_CODE = "give_code_via_coaching"
ACTION_ESCALATE = "escalate_leadership_assistance"
ACTION_NOT_ALLOWED = "override_not_allowed"
ACTION_CHECK_SOP = "confirm_state_sop"

REASON_CSG_OPEN = "csg_open"
REASON_CSG_CLOSED = "csg_closed_now"
REASON_URGENT = "urgent_request"
REASON_STATE_NO = "state_disallows_override"
REASON_STATE_UNCONFIRMED = "state_sop_unconfirmed"
REASON_TRAINED = "agent_trained"
REASON_NOT_TRAINED = "agent_not_trained"

POC_OVERRIDE_VALUES = frozenset({"yes", "no", "check_sop"})

DECISION_TEXTS: dict[str, str] = {
    ACTION_SCHEDULE: N_("CSG is open and the request is not urgent: schedule it with CSG."),
    ACTION_SCHEDULE_NEXT_OPEN: N_(
        "CSG is closed now, but a request can be submitted at any time: schedule it so that CSG's call "
        "falls in its next open hours. Only if the client needs the code now, mark the request urgent."
    ),
    ACTION_GIVE_CODE: N_("You are trained to give override codes: continue to override coaching."),
    ACTION_ESCALATE: N_(
        "You are not trained to give override codes: ask in the POC and MA chat (Saturday and Sunday: "
        "Weekend Chat) whether someone can give the code now."
    ),
    ACTION_NOT_ALLOWED: N_(
        "The state of conviction does not allow override codes; the client must be serviced without one."
    ),
    ACTION_CHECK_SOP: N_("Check the state SOP and confirm that override codes are allowed first."),
}


@dataclass(frozen=True)
class AfterHoursDecision:
    """What to do with an urgent or after-hours override request (SOP P9)."""

    action: str
    reasons: tuple[str, ...]
    chat: str | None


def after_hours_decision(
    *,
    now: datetime,
    urgent: bool,
    poc_override: str,
    sop_confirmed: bool,
    agent_trained: bool,
) -> AfterHoursDecision:
    """Route a request CSG cannot serve in time (SOP P9).

    The state SOP is checked first because no training overrides a state that
    forbids codes; only then does training decide between giving the code
    (coaching screen) and asking leadership.
    """
    _require_aware(now, "now")
    if poc_override not in POC_OVERRIDE_VALUES:
        raise ValueError(f"poc_override must be one of {sorted(POC_OVERRIDE_VALUES)}")
    reasons: list[str] = []
    open_now = csg_is_open(now)
    reasons.append(REASON_CSG_OPEN if open_now else REASON_CSG_CLOSED)
    if urgent:
        reasons.append(REASON_URGENT)
    if open_now and not urgent:
        return AfterHoursDecision(ACTION_SCHEDULE, tuple(reasons), None)
    if not urgent:
        # SOP P3: a request can be submitted any time; P9 is only for a client who needs the code now.
        return AfterHoursDecision(ACTION_SCHEDULE_NEXT_OPEN, tuple(reasons), None)
    # SOP P9 / P4: the state SOP must allow an override before anyone gives a code.
    if poc_override == "no":
        reasons.append(REASON_STATE_NO)
        return AfterHoursDecision(ACTION_NOT_ALLOWED, tuple(reasons), None)
    if poc_override == "check_sop" and not sop_confirmed:
        reasons.append(REASON_STATE_UNCONFIRMED)
        return AfterHoursDecision(ACTION_CHECK_SOP, tuple(reasons), None)
    # SOP P9: trained agents give the code; others ask in the POC and MA chat (H8).
    if agent_trained:
        reasons.append(REASON_TRAINED)
        return AfterHoursDecision(ACTION_GIVE_CODE, tuple(reasons), None)
    reasons.append(REASON_NOT_TRAINED)
    return AfterHoursDecision(ACTION_ESCALATE, tuple(reasons), chat_for(now, CHAT_POC))


def decision_text(action: str, language: str | None = None) -> str:
    return _translator(language)(DECISION_TEXTS[action])


def leadership_assistance_text(
    *,
    cid: str,
    state: str,
    now: datetime,
    reasons: tuple[str, ...],
    language: str | None = None,
) -> str:
    """The Leadership Assistance request for an untrained agent (SOP P9, H1, H3).

    Phrased as a question and listing what was already checked, because the
    chat etiquette asks for both.
    """
    _require_aware(now, "now")
    lang = language or current_language()
    t = gettext_for(lang)
    situation = (
        t(N_("The client needs an override code now and CSG is closed."))
        if REASON_CSG_CLOSED in reasons
        else t(N_("The client needs an override code urgently and cannot wait for a CSG call."))
    )
    lines = [
        t(N_("CID: {cid}")).format(cid=cid),
        situation,
        t(
            N_(
                "I checked the {state} state SOP: override codes are allowed. I have confirmed "
                "the permanent lockout."
            )
        ).format(state=state),
        t(N_("Is someone available to give the client the override code? Time now: {now}.")).format(
            now=format_datetime(now.astimezone(CSG_TZ), lang)
        ),
    ]
    return "\n".join(lines)
