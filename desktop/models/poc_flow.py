"""The POC request wizard as a Qt-free state machine.

Why a separate model: the QWizard pages only display and collect; which step
comes next, what blocks the Next button and what the note says are decided
here, so whole calls can be replayed in tests without a display.  The shape
follows the classic "wizard with a navigation map" idea: a fixed list of steps,
data entered so far, and per-step validity expressed as reason codes.

The state SOP facts and the client facts are passed in as plain values so this
module depends on neither the SOP pack nor the client store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TypedDict
from zoneinfo import ZoneInfo

from desktop.i18n import (
    LANGUAGES,
    N_,
    _,
    current_language,
    format_date,
    format_datetime,
    format_money,
    format_time,
    gettext_for,
)
from desktop.models import poc
from desktop.models.poc import CSG_TZ, PocPlan
from desktop.models.poc_slots import EarliestSlot, earliest_slot

STEP_ROUTE = "route"
STEP_ELIGIBILITY = "eligibility"
STEP_WHEN = "when"
STEP_UTR = "utr"
STEP_CHECKLIST = "checklist"
STEP_NOTE = "note"
STEPS: tuple[str, ...] = (STEP_ROUTE, STEP_ELIGIBILITY, STEP_WHEN, STEP_UTR, STEP_CHECKLIST, STEP_NOTE)

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
    APPOINTMENT_MISSING: N_("Pick the appointment date and time."),
    APPOINTMENT_TIME_NONEXISTENT: N_(
        "That time does not exist on the client's clock (the clocks jump forward). Pick another time."
    ),
    UTR_MISSING: N_("Enter the UTR ticket number."),
    UTR_HAS_SPACES: N_("The UTR ticket number cannot contain spaces."),
    CHECKLIST_INCOMPLETE: N_("Go through every checklist item with the client."),
    EXPECTATION_NOT_EXPLAINED: N_("Explain to the client what to expect when CSG calls."),
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


class FlowBlockedError(Exception):
    """Raised by :meth:`PocFlow.advance` when the current step still has blockers."""

    def __init__(self, step: str, codes: tuple[str, ...]) -> None:
        super().__init__(f"{step}: {', '.join(codes)}")
        self.step = step
        self.codes = codes


class PocFlow:
    """One POC request being taken on a call."""

    def __init__(
        self,
        *,
        cid: str,
        brand: str,
        state: str,
        client_tz: str | None,
        preferred_language: str,
        poc_override: str,
        poc_fee: Decimal | None,
        clock: Callable[[], datetime],
    ) -> None:
        if poc_override not in poc.POC_OVERRIDE_VALUES:
            raise ValueError(f"poc_override must be one of {sorted(poc.POC_OVERRIDE_VALUES)}")
        if poc_fee is not None and not isinstance(poc_fee, Decimal):
            raise TypeError("poc_fee must be a Decimal")
        self.cid = cid
        self.brand = brand.strip().lower()
        self.state = state
        self.preferred_language = preferred_language
        self.poc_override = poc_override
        self.poc_fee = poc_fee
        self._clock = clock

        self.current: str = STEP_ROUTE
        self.perm_lockout_confirmed = False
        self.sop_confirmed = False
        self.quote_given = False
        self._quoted_fee: Decimal | None = poc_fee
        self._tz: ZoneInfo | None = None
        self.drive_minutes: int | None = None
        self._appointment: datetime | None = None
        self._appointment_nonexistent = False
        self.set_time_zone(client_tz)
        self.utr_number = ""
        self._ticket_edit: tuple[str, str] | None = None
        self._ticked: set[int] = set()
        self.expectation_explained = False
        self.script_language = preferred_language if preferred_language in LANGUAGES else current_language()

    # ------------------------------------------------------------------ clock

    def now(self) -> datetime:
        value = self._clock()
        if value.tzinfo is None:
            raise ValueError("clock must return an aware datetime")
        return value

    # ------------------------------------------------------------------ entering data

    @property
    def quoted_fee(self) -> Decimal | None:
        return self._quoted_fee

    def set_quoted_fee(self, fee: Decimal | None) -> None:
        if fee is not None and not isinstance(fee, Decimal):
            raise TypeError("fee must be a Decimal")
        self._quoted_fee = fee

    @property
    def client_tz(self) -> ZoneInfo | None:
        return self._tz

    def set_time_zone(self, key: str | None) -> bool:
        """Change the client's zone; keeps the appointment's wall-clock time, as the agent typed it."""
        zone: ZoneInfo | None = None
        if key:
            try:
                zone = ZoneInfo(key)
            except (ValueError, KeyError, OSError):
                zone = None
        old = self._appointment
        self._tz = zone
        if old is not None and zone is not None:
            self.set_appointment_local(old.date(), old.time())
        return zone is not None

    def set_drive_minutes(self, minutes: int | None) -> None:
        self.drive_minutes = minutes

    @property
    def appointment(self) -> datetime | None:
        return self._appointment

    def set_appointment(self, value: datetime | None) -> None:
        """Set the appointment from an aware instant (shown in the client's zone)."""
        self._appointment_nonexistent = False
        if value is None:
            self._appointment = None
            return
        if value.tzinfo is None:
            raise ValueError("appointment must be timezone-aware")
        self._appointment = value.astimezone(self._tz) if self._tz is not None else value

    def set_appointment_local(self, day: date, at: time) -> None:
        """Set the appointment from the picker's wall-clock date and time in the client's zone."""
        if self._tz is None:
            raise ValueError("set the client's time zone first")
        resolved = local_appointment(day, at, self._tz)
        if resolved is None:
            self._appointment = datetime.combine(day, at.replace(tzinfo=None), tzinfo=self._tz)
            self._appointment_nonexistent = True
            return
        self._appointment = resolved
        self._appointment_nonexistent = False

    def earliest(self) -> datetime | None:
        """The earliest appointment CSG can serve, or None while zone or drive time are missing."""
        if self._tz is None or self.drive_minutes is None:
            return None
        if not 0 <= self.drive_minutes <= poc.MAX_DRIVE_MINUTES:
            return None
        return poc.earliest_appointment(now=self.now(), drive_minutes=self.drive_minutes, tz=self._tz)

    def use_earliest(self) -> datetime | None:
        value = self.earliest()
        if value is not None:
            self.set_appointment(value)
        return value

    def earliest_slot(self) -> EarliestSlot | None:
        """The earliest slot with the reason it is not today, if it is not (SOP P3, P7, P9)."""
        if self.earliest() is None or self._tz is None or self.drive_minutes is None:
            return None
        return earliest_slot(now=self.now(), drive_minutes=self.drive_minutes, tz=self._tz)

    def set_utr(self, number: str) -> None:
        self.utr_number = number.strip()

    def tick(self, index: int, done: bool = True) -> None:
        if not 0 <= index < len(CHECKLIST_ITEMS):
            raise IndexError(index)
        if done:
            self._ticked.add(index)
        else:
            self._ticked.discard(index)

    @property
    def ticked(self) -> frozenset[int]:
        return frozenset(self._ticked)

    def toggle_script_language(self) -> str:
        others = [lang for lang in LANGUAGES if lang != self.script_language]
        self.script_language = others[0]
        return self.script_language

    # ------------------------------------------------------------------ derived values

    @property
    def redirect(self) -> str | None:
        # SOP P10: Monitech and Guardian M9 clients get the code from the agent.
        return REDIRECT_OVERRIDE_COACHING if self.brand in CODE_BRANDS else None

    @property
    def stopped(self) -> bool:
        # SOP P4: the state of conviction decides; "no" ends the request.
        return self.brand in CSG_BRANDS and self.poc_override == "no"

    def plan(self) -> PocPlan | None:
        """The live plan for what was entered, against the clock's current time."""
        if self._appointment is None or self.drive_minutes is None or self._tz is None:
            return None
        return poc.plan_poc(
            now=self.now(),
            appointment=self._appointment.astimezone(self._tz),
            drive_minutes=self.drive_minutes,
        )

    def generated_ticket_text(self, language: str | None = None) -> str:
        plan = self.plan()
        if plan is None or self._tz is None:
            return ""
        return poc.utr_ticket_text(
            cid=self.cid,
            plan=plan,
            client_tz=self._tz,
            state=self.state,
            fee=self._quoted_fee,
            language=language,
        )

    def ticket_text(self, language: str | None = None) -> str:
        """The agent's edited ticket, unless the facts changed since it was edited."""
        generated = self.generated_ticket_text(language)
        if self._ticket_edit is not None and self._ticket_edit[0] == generated:
            return self._ticket_edit[1]
        return generated

    def set_ticket_text(self, text: str, language: str | None = None) -> None:
        self._ticket_edit = (self.generated_ticket_text(language), text)

    def reset_ticket_text(self) -> None:
        """Drop the agent's edits and go back to the generated ticket."""
        self._ticket_edit = None

    @property
    def ticket_edited(self) -> bool:
        return self._ticket_edit is not None

    def expectation_script(self, language: str | None = None) -> str:
        plan = self.plan()
        if plan is None or self._tz is None:
            return ""
        return poc.client_expectation_script(plan, self._tz, language or self.script_language)

    def stop_client_text(self, language: str | None = None) -> str:
        return gettext_for(language or self.script_language)(STOP_CLIENT_TEXT)

    # ------------------------------------------------------------------ validity

    def blockers(self, step: str) -> tuple[str, ...]:
        """Why ``step`` cannot be left yet, as reason codes (empty when it can)."""
        if step == STEP_ROUTE:
            return self._route_blockers()
        if step == STEP_ELIGIBILITY:
            return self._eligibility_blockers()
        if step == STEP_WHEN:
            return self._when_blockers()
        if step == STEP_UTR:
            return self._utr_blockers()
        if step == STEP_CHECKLIST:
            return self._checklist_blockers()
        if step == STEP_NOTE:
            return ()
        raise ValueError(f"unknown step: {step!r}")

    def is_valid(self, step: str) -> bool:
        return not self.blockers(step)

    def _route_blockers(self) -> tuple[str, ...]:
        if self.brand in CODE_BRANDS:
            return (BRAND_OVERRIDE_COACHING,)  # SOP P10
        if self.brand not in CSG_BRANDS:
            return (BRAND_NOT_CSG,)
        return ()

    def _eligibility_blockers(self) -> tuple[str, ...]:
        codes: list[str] = []
        if not self.perm_lockout_confirmed:
            codes.append(PERM_LOCKOUT_UNCONFIRMED)  # SOP P1
        if self.poc_override == "no":
            codes.append(STATE_DISALLOWS_POC)  # SOP P4
            return tuple(codes)
        if self.poc_override == "check_sop" and not self.sop_confirmed:
            codes.append(STATE_SOP_UNCONFIRMED)  # SOP P4
        if self._quoted_fee is None:
            codes.append(FEE_MISSING)  # SOP P4
        if not self.quote_given:
            codes.append(QUOTE_NOT_GIVEN)  # SOP P4: quote before scheduling
        return tuple(codes)

    def _when_blockers(self) -> tuple[str, ...]:
        codes: list[str] = []
        if self._tz is None:
            codes.append(TIME_ZONE_MISSING)  # SOP P5
        if self.drive_minutes is None:
            codes.append(DRIVE_TIME_MISSING)  # SOP P5
        elif not 0 <= self.drive_minutes <= poc.MAX_DRIVE_MINUTES:
            codes.append(poc.INVALID_DRIVE_TIME)
        if self._appointment is None:
            codes.append(APPOINTMENT_MISSING)
        elif self._appointment_nonexistent:
            codes.append(APPOINTMENT_TIME_NONEXISTENT)
        if codes:
            return tuple(codes)
        plan = self.plan()
        assert plan is not None
        return plan.problems  # SOP P2, P3, P6, P7

    def _utr_blockers(self) -> tuple[str, ...]:
        if not self.utr_number:
            return (UTR_MISSING,)  # SOP P5, P8: the ticket number is what escalations hang on
        if any(ch.isspace() for ch in self.utr_number):
            return (UTR_HAS_SPACES,)
        return ()

    def _checklist_blockers(self) -> tuple[str, ...]:
        codes: list[str] = []
        if len(self._ticked) < len(CHECKLIST_ITEMS):
            codes.append(CHECKLIST_INCOMPLETE)  # SOP P5
        if not self.expectation_explained:
            codes.append(EXPECTATION_NOT_EXPLAINED)  # SOP P5, P6
        return tuple(codes)

    # ------------------------------------------------------------------ navigation

    def next_step(self, step: str | None = None) -> str | None:
        """The step after ``step`` (default: the current one), or None where the flow ends.

        The flow ends early on the route step for brands that get their code
        from the agent (SOP P10) and on eligibility when the state says no (SOP P4).
        """
        step = step or self.current
        if step == STEP_ROUTE and self.brand not in CSG_BRANDS:
            return None
        if step == STEP_ELIGIBILITY and self.stopped:
            return None
        index = STEPS.index(step)
        return STEPS[index + 1] if index + 1 < len(STEPS) else None

    def advance(self) -> str:
        """Move to the next step, or raise :class:`FlowBlockedError` with the reasons."""
        codes = self.blockers(self.current)
        nxt = self.next_step()
        if codes or nxt is None:
            raise FlowBlockedError(self.current, codes)
        self.current = nxt
        return nxt

    def back(self) -> str:
        index = STEPS.index(self.current)
        if index > 0:
            self.current = STEPS[index - 1]
        return self.current

    def first_blocked_step(self) -> str | None:
        """The earliest step that is not valid now (the clock moves: "when" can expire)."""
        for step in STEPS:
            if not self.is_valid(step):
                return step
        return None

    def outcome(self) -> str:
        if self.redirect is not None:
            return OUTCOME_REDIRECTED
        if self.stopped:
            return OUTCOME_STOPPED
        if self.first_blocked_step() is None:
            return OUTCOME_READY
        return OUTCOME_OPEN

    # ------------------------------------------------------------------ results

    def request(self) -> PocRequest:
        """The record to store with the note; only once every step is valid."""
        blocked = self.first_blocked_step()
        if blocked is not None:
            raise FlowBlockedError(blocked, self.blockers(blocked))
        assert self._appointment is not None and self._tz is not None and self.drive_minutes is not None
        return PocRequest(
            cid=self.cid,
            utr=self.utr_number,
            appointment=self._appointment,
            client_tz=self._tz.key,
            drive_minutes=self.drive_minutes,
            fee=self._quoted_fee,
            status=REQUEST_STATUS_SUBMITTED,
        )

    def note_fields(self, language: str | None = None) -> NoteFields:
        """The 4E note draft (SOP N3, P5): appointment, quote, ticket, zone, drive time.

        Returned as plain fields so the notes module can render it its own way.
        """
        lang = language or current_language()
        t = gettext_for(lang)
        plan = self.plan()
        tz = self._tz
        resolution: list[str] = [t(N_("Confirmed the device is in permanent lockout."))]
        if self.poc_override == "check_sop":
            resolution.append(
                t(N_("Checked the {state} state SOP: override codes are allowed.")).format(state=self.state)
            )
        else:
            resolution.append(
                t(N_("State of conviction {state} allows override codes.")).format(state=self.state)
            )
        if self._quoted_fee is not None:
            resolution.append(
                t(N_("Quoted the override fee of {fee}.")).format(fee=format_money(self._quoted_fee, lang))
            )
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
        if self.utr_number:
            resolution.append(
                t(N_("Submitted the POC request to CSG, UTR ticket {utr}.")).format(utr=self.utr_number)
            )
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
        if len(self._ticked) == len(CHECKLIST_ITEMS) and self.expectation_explained:
            resolution.append(
                t(N_("Went through the UTR checklist and explained what to expect from the CSG call."))
            )

        info: list[str] = []
        if tz is not None:
            info.append(t(N_("Client time zone: {zone}.")).format(zone=poc.zone_label(tz, lang)))
        if plan is not None:
            info.append(t(N_("Same-day request.")) if plan.same_day else t(N_("Future request.")))
        if self.preferred_language == "es":
            info.append(t(N_("Client prefers Spanish.")))
        follow_up = ""
        if plan is not None and tz is not None:
            follow_up = t(
                N_(
                    "If the client has not been called by {end} client time, check the UTR ticket and "
                    "escalate the POC request."
                )
            ).format(end=format_time(plan.call_to.astimezone(tz), lang))
        return NoteFields(
            reason=t(N_("Client in permanent lockout asked for an override code (POC request through CSG).")),
            resolution=resolution,
            additional_info=" ".join(info),
            follow_up=follow_up,
            disposition=DISPOSITION_ID,
        )
