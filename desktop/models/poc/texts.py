"""The words and records of the POC request flow: blocker codes, checklist, note, stored request.

Kept apart from :mod:`desktop.models.poc.flow` so the flow reads as rules of
progress; the view translates these codes at the fields (SOP P1-P10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TypedDict
from zoneinfo import ZoneInfo

from desktop.i18n import N_, _, format_date, format_datetime, format_money, format_time, gettext_for
from desktop.models import poc
from desktop.models.poc.rules import CSG_TZ, PocPlan

CSG_BRANDS = frozenset({"plus"})
# SOP P10: these brands do not go through CSG; the agent gives the code.
CODE_BRANDS = frozenset({"m9", "monitech"})
REDIRECT_OVERRIDE_COACHING = "override_coaching"

OUTCOME_OPEN = "open"
OUTCOME_REDIRECTED = "redirected"
OUTCOME_STOPPED = "stopped"
OUTCOME_READY = "ready"

DISPOSITION_ID = "poc_request"
REQUEST_STATUS_SUBMITTED = "submitted"

# Blocker codes (the plan's own problem codes are added on the "when" step).
BRAND_OVERRIDE_COACHING = "brand_uses_override_coaching"
BRAND_NOT_CSG = "brand_not_csg"
PERM_LOCKOUT_UNCONFIRMED = "perm_lockout_unconfirmed"
STATE_DISALLOWS_POC = "state_disallows_poc"
STATE_SOP_UNCONFIRMED = "state_sop_unconfirmed"
FEE_MISSING = "fee_missing"
QUOTE_NOT_GIVEN = "quote_not_given"
TIME_ZONE_MISSING = "time_zone_missing"
DRIVE_TIME_MISSING = "drive_time_missing"
APPOINTMENT_MISSING = "appointment_missing"
APPOINTMENT_TIME_NONEXISTENT = "appointment_time_nonexistent"
UTR_MISSING = "utr_missing"
UTR_HAS_SPACES = "utr_has_spaces"
CHECKLIST_INCOMPLETE = "checklist_incomplete"
EXPECTATION_NOT_EXPLAINED = "expectation_not_explained"
DRIVE_TIME_NOT_A_NUMBER = "drive_time_not_a_number"
NOTE_NOT_SAVED = "note_not_saved"

BLOCKER_TEXTS: dict[str, str] = {
    BRAND_OVERRIDE_COACHING: N_(
        "This client's brand does not use CSG: the agent on the line gives the override code. "
        "Continue in Override coaching."
    ),
    BRAND_NOT_CSG: N_("POC requests through CSG are only for Plus clients."),
    PERM_LOCKOUT_UNCONFIRMED: N_("Confirm that the device is in permanent lockout."),
    STATE_DISALLOWS_POC: N_("The state of conviction does not allow override codes."),
    STATE_SOP_UNCONFIRMED: N_(
        "The SOP pack says to check the state SOP: read it and confirm that override codes are allowed."
    ),
    FEE_MISSING: N_("Enter the override fee from the state SOP."),
    QUOTE_NOT_GIVEN: N_("Quote the fee to the client before scheduling."),
    TIME_ZONE_MISSING: N_("Confirm the client's time zone."),
    DRIVE_TIME_MISSING: N_("Ask the client how long the drive from the vehicle to the service center takes."),
    DRIVE_TIME_NOT_A_NUMBER: N_("Enter the drive time as a whole number of minutes, for example 45."),
    APPOINTMENT_MISSING: N_("Pick the appointment date and time."),
    APPOINTMENT_TIME_NONEXISTENT: N_(
        "That time does not exist on the client's clock (the clocks jump forward). Pick another time."
    ),
    UTR_MISSING: N_("Enter the UTR ticket number."),
    UTR_HAS_SPACES: N_("The UTR ticket number cannot contain spaces."),
    CHECKLIST_INCOMPLETE: N_("Go through every checklist item with the client."),
    EXPECTATION_NOT_EXPLAINED: N_("Explain to the client what to expect when CSG calls."),
    NOTE_NOT_SAVED: N_("Save the note and the request to the account history."),
}

# Our own wording of what the POC request form asks the agent to cover with
# the client before submitting (SOP P5).
CHECKLIST_ITEMS: tuple[str, ...] = (
    N_("The client confirmed the best phone number for CSG to call."),
    N_("The client will keep that phone on and answer calls from unknown numbers."),
    N_("The client will be at the vehicle when CSG calls."),
    N_("The client confirmed the appointment date, time and their time zone."),
    N_("The client confirmed the drive time from the vehicle to the service center."),
    N_("The client agreed to the quoted override fee."),
    N_("The client understands the code gives one start only, to drive straight to the service center."),
)

STOP_CLIENT_TEXT = N_(
    "Your state does not allow us to send an override code, so the device cannot be unlocked "
    "remotely. The vehicle will need to get to the service center another way, for example by "
    "tow. We can schedule that appointment for you now."
)


def blocker_text(code: str, language: str | None = None) -> str:
    """Plain words for a flow blocker or a plan problem code."""
    translate = gettext_for(language) if language else _
    if code in BLOCKER_TEXTS:
        return translate(BLOCKER_TEXTS[code])
    return poc.problem_text(code, language)


P9_DISPOSITION = "poc_after_hours"
P9_REASON = N_("Client in permanent lockout needs an override code now; CSG cannot call in time.")
P9_ASKED = N_("Asked in the chat room {room} whether someone can give the override code now.")
P9_CHECKED = N_("Checked the {state} state SOP: override codes are allowed. Confirmed the permanent lockout.")
P9_FOLLOW_UP = N_("Stay with the client until a lead answers in the chat.")


def request_note(
    *,
    state: str,
    check_sop: bool,
    fee: Decimal | None,
    plan: PocPlan | None,
    tz: ZoneInfo | None,
    utr: str,
    checklist_done: bool,
    prefers_spanish: bool,
    language: str,
) -> dict[str, object]:
    """The 4E note draft (SOP N3, P5): appointment, quote, ticket, zone, drive time.

    Returned as plain fields so the notes module can render it its own way.
    """
    lang = language
    t = gettext_for(lang)
    resolution: list[str] = [t(N_("Confirmed the device is in permanent lockout."))]
    if check_sop:
        resolution.append(
            t(N_("Checked the {state} state SOP: override codes are allowed.")).format(state=state)
        )
    else:
        resolution.append(t(N_("State of conviction {state} allows override codes.")).format(state=state))
    if fee is not None:
        resolution.append(t(N_("Quoted the override fee of {fee}.")).format(fee=format_money(fee, lang)))
    if plan is not None and tz is not None:
        appointment = plan.appointment.astimezone(tz)
        resolution.append(
            t(
                N_("Scheduled the appointment for {appointment}; drive time {drive}; leave time {leave}.")
            ).format(
                appointment=format_datetime(appointment, lang),
                drive=poc.drive_text(plan.drive_minutes, lang),
                leave=format_time(plan.leave_at.astimezone(tz), lang),
            )
        )
    if utr:
        resolution.append(t(N_("Submitted the POC request to CSG, UTR ticket {utr}.")).format(utr=utr))
    if plan is not None and tz is not None:
        et_from = plan.call_from.astimezone(CSG_TZ)
        resolution.append(
            t(
                N_("CSG to call between {start} and {end} client time ({et_start} to {et_end}, {date}).")
            ).format(
                start=format_time(plan.call_from.astimezone(tz), lang),
                end=format_time(plan.call_to.astimezone(tz), lang),
                et_start=format_time(et_from, lang),
                et_end=format_time(plan.call_to.astimezone(CSG_TZ), lang),
                date=format_date(et_from.date(), lang),
            )
        )
    if checklist_done:
        resolution.append(
            t(N_("Went through the UTR checklist and explained what to expect from the CSG call."))
        )

    info: list[str] = []
    if tz is not None:
        info.append(t(N_("Client time zone: {zone}.")).format(zone=poc.zone_label(tz, lang)))
    if plan is not None:
        info.append(t(N_("Same-day request.")) if plan.same_day else t(N_("Future request.")))
    if prefers_spanish:
        info.append(t(N_("Client prefers Spanish.")))
    follow_up = ""
    if plan is not None and tz is not None:
        follow_up = t(
            N_(
                "If the client has not been called by {end} client time, check the UTR ticket and "
                "escalate the POC request."
            )
        ).format(end=format_time(plan.call_to.astimezone(tz), lang))
    return dict(
        reason=t(N_("Client in permanent lockout asked for an override code (POC request through CSG).")),
        resolution=resolution,
        additional_info=" ".join(info),
        follow_up=follow_up,
        disposition=DISPOSITION_ID,
    )


def local_appointment(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The instant a client means by a wall-clock date and time, or None if the clock skips it.

    A repeated hour (fall back) resolves to its first occurrence, which is what
    a client saying "1:30" on that morning most likely means.
    """
    candidate = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=tz)
    round_trip = candidate.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != candidate.replace(tzinfo=None):
        return None
    return candidate


@dataclass(frozen=True)
class PocRequest:
    """The request as it is stored in the client's history."""

    cid: str
    utr: str
    appointment: datetime
    client_tz: str
    drive_minutes: int
    fee: Decimal | None
    status: str


class NoteFields(TypedDict):
    """A 4E note draft (SOP N3), texts already translated."""

    reason: str
    resolution: list[str]
    additional_info: str
    follow_up: str
    disposition: str


def after_hours_note(state: str, room: str, language: str) -> NoteFields:
    """The note of an after-hours or urgent request asked in a lead chat (SOP P9, N4)."""
    t = gettext_for(language)
    return NoteFields(
        reason=t(P9_REASON),
        resolution=[t(P9_CHECKED).format(state=state), t(P9_ASKED).format(room=room)],
        additional_info="",
        follow_up=t(P9_FOLLOW_UP),
        disposition=P9_DISPOSITION,
    )
