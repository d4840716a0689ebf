"""POC escalations to leads (SOP P8, H2): which checks come first, which chat, and the request text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from desktop.i18n import (
    N_,
    current_language,
    format_datetime,
    format_time,
    gettext_for,
)
from desktop.models.poc.plan_texts import drive_text
from desktop.models.poc.rules import (
    CSG_TZ,
    INVALID_DRIVE_TIME,
    MAX_DRIVE_MINUTES,
    PROBLEM_TEXTS,
    PocPlan,
    _require_aware,
    _translator,
    plan_poc,
)

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
