"""What an override call leaves behind: the 4E note and the history entry, never the code (SOP N1-N4, M7-M9).

Why apart from the flow: the flow decides progress; these functions only word
what it holds, in the language asked for.  Free text the agent typed (a waiver
reason) is scrubbed of the code before it is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Final, TypedDict

from desktop.i18n import N_, format_datetime, format_money, format_time, gettext_for
from desktop.models import override as rules
from desktop.models.override import texts

if TYPE_CHECKING:
    from desktop.models.override.flow import OverrideFlow

DISPOSITION: Final = "override_given"
REFUSED_DISPOSITION: Final = "override_refused"
P9_DISPOSITION: Final = "poc_after_hours"

#: How the client reached coaching: an M9/Monitech client always (SOP P10, M1); a CSG
#: client only under SOP P9 (urgent or after hours, state allows, trained agent).
ROUTE_BRAND: Final = "brand"
ROUTE_P9: Final = "p9"


class OverrideNoteFields(TypedDict):
    reason: str
    resolution: list[str]
    additional_info: str
    follow_up: str
    disposition: str


@dataclass(frozen=True, slots=True)
class OverrideGiven:
    """What goes into the client's history: that a code was given, never the code."""

    at: datetime
    brand: str
    profile: str
    waived: bool
    waiver_reason: str
    amount: Decimal | None
    appointment_at: datetime
    appointment_kind: str
    summary: str
    disposition: str = DISPOSITION
    route: str = ROUTE_BRAND  # ROUTE_P9: recorded so a lead sees why a CSG client got a code


_NOTE_REASON: Final = N_("Client called in for an override code; the device is in PERM lockout.")
_NOTE_CONFIRMED_CLIENT: Final = N_("Confirmed the caller's Client ID and name.")
_NOTE_CHECKED: Final = N_(
    "Checked: inbound call, device in PERM lockout with its four-digit lockout code, "
    "client with the vehicle and ready to drive."
)
_NOTE_APPT_SCHEDULED: Final = N_("Scheduled appointment: {kind} on {when}.")
_NOTE_APPT_CONFIRMED: Final = N_("Confirmed appointment: {kind} on {when}.")
_NOTE_QUOTED: Final = N_("Quoted {amount} from M9.")
_NOTE_QUOTED_OTHER: Final = N_("Quoted {amount}.")
_NOTE_WAIVED: Final = N_("Override code waived as a one-time courtesy. Reason: {reason}")
_NOTE_GIVEN: Final = N_(
    "Override code given at {time}, one character at a time; "
    "walked the client through the device entry steps."
)
_NOTE_PAID: Final = N_("Payment of {amount} taken after giving the code.")
_NOTE_BILLED: Final = N_("Billed {amount} in M9; the client pays at the service center.")
_NOTE_BILLED_OTHER: Final = N_("Billed {amount}; the client pays at the service center.")
_NOTE_P9: Final = N_(
    "Given under the urgent/after-hours rule: the state SOP allows override codes, the agent is "
    "trained to give them, and the client needed the code now."
)
_NOTE_REFUSED_REASON: Final = N_("Client called in for an override code.")
_NOTE_REFUSED: Final = N_("Override code not given: {reasons}")
_NOTE_REFUSED_FOLLOW_UP: Final = N_("Client may call back once every condition is met.")
_NOTE_ADDITIONAL: Final = N_(
    "{brand} client: the code was given by the agent on the line (no UTR ticket to CSG)."
)
_NOTE_FOLLOW_UP: Final = N_("Client drives to the service center for the appointment on {when}.")
_SUMMARY_GIVEN: Final = N_("Override code given")
_SUMMARY_WAIVED: Final = N_("Override code given (waived, one-time courtesy)")


def _disposition(flow: OverrideFlow) -> str:
    return P9_DISPOSITION if flow.route == ROUTE_P9 else DISPOSITION  # SOP N4


def given_note(flow: OverrideFlow, language: str) -> OverrideNoteFields:
    """The 4E note parts (SOP N3, N4) in ``language`` once the code is given; never the code itself."""
    t = gettext_for(language)
    appointment = flow.appointment
    if appointment is None:
        raise ValueError("no appointment: the note is written after the code was given")
    given_at = flow.code_given_at or flow.now()
    when = format_datetime(appointment.at, language)
    kind = t(rules.appointment_kind(appointment.kind).label)
    resolution = [
        t(_NOTE_CONFIRMED_CLIENT),  # SOP M2
        t(_NOTE_CHECKED),  # SOP M3-M6
        t(_NOTE_APPT_SCHEDULED if appointment.scheduled_here else _NOTE_APPT_CONFIRMED).format(
            kind=kind, when=when
        ),  # SOP M5
    ]
    if flow.waived:  # SOP M9
        resolution.append(t(_NOTE_WAIVED).format(reason=flow.scrub(flow.waiver().reason)))
    elif flow.price is not None:
        # SOP P10, M1: only Guardian M9 prices come from M9; Monitech and CSG brands are their own.
        quoted = _NOTE_QUOTED if flow.brand == "m9" else _NOTE_QUOTED_OTHER
        resolution.append(t(quoted).format(amount=format_money(flow.price, language)))
    if flow.route == ROUTE_P9:  # SOP P9
        resolution.append(t(_NOTE_P9))
    zone_time = given_at.astimezone(appointment.at.tzinfo)
    resolution.append(t(_NOTE_GIVEN).format(time=format_time(zone_time, language)))  # SOP M7
    rule = flow.payment()
    if flow.payment_confirmed and flow.price is not None and not flow.waived:  # SOP M8
        billed = _NOTE_BILLED if flow.brand == "m9" else _NOTE_BILLED_OTHER
        template = _NOTE_PAID if rule.code == rules.TAKE_PAYMENT_AFTER_CODE else billed
        resolution.append(t(template).format(amount=format_money(flow.price, language)))
    return {
        "reason": t(_NOTE_REASON),
        "resolution": [flow.scrub(line) for line in resolution],
        "additional_info": t(_NOTE_ADDITIONAL).format(brand=flow.brand_label),  # SOP M1
        "follow_up": t(_NOTE_FOLLOW_UP).format(when=when),
        "disposition": _disposition(flow),
    }


def refusal_note(flow: OverrideFlow, language: str) -> OverrideNoteFields:
    """The note when the code is not given (SOP N1: a note after every interaction).

    Lists each unmet precondition in words, so the next agent knows what the
    client still has to do (be with the vehicle, have an appointment…).
    """
    t = gettext_for(language)
    codes = flow.precondition_blockers() or flow.price_blockers()
    reasons = [texts.blocker_text(code, flow.brand, flow.brand_label, language) for code in codes]
    return {
        "reason": t(_NOTE_REFUSED_REASON),
        "resolution": [flow.scrub(t(_NOTE_REFUSED).format(reasons=" ".join(reasons)))],
        "additional_info": "",
        "follow_up": t(_NOTE_REFUSED_FOLLOW_UP),
        "disposition": REFUSED_DISPOSITION,  # SOP N4
    }


def given_entry(flow: OverrideFlow, language: str) -> OverrideGiven:
    """The "override given" record for the client's history, waived or not (SOP M9, P9)."""
    if flow.appointment is None:
        raise ValueError("no appointment")
    t = gettext_for(language)
    waived = flow.waived
    return OverrideGiven(
        at=flow.code_given_at or flow.now(),
        brand=flow.brand,
        profile=flow.profile,
        waived=waived,
        waiver_reason=flow.scrub(flow.waiver().reason) if waived else "",
        amount=None if waived else flow.price,
        appointment_at=flow.appointment.at,
        appointment_kind=flow.appointment.kind,
        summary=t(_SUMMARY_WAIVED if waived else _SUMMARY_GIVEN),
        disposition=_disposition(flow),
        route=flow.route,
    )
