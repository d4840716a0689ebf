"""The override-coaching call as a Qt-free state machine (SOP P10, M1-M11).

Why a flow object instead of logic in the screen: the order matters (nothing is
revealed before the preconditions pass, payment comes after the code for
full-service agents, the note is written last) and each step's validity must be
testable without a widget.  The screen only mirrors this object.

The override code lives only in memory here: ``repr`` masks it, the note and the
history entry never contain it (only that a code was given), and free text the
agent typed is scrubbed of it before it is written anywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypedDict

import jsonschema

from desktop import paths
from desktop.i18n import N_, format_datetime, format_money, format_time, gettext_for
from desktop.models import override as rules
from desktop.models.override import SpelledChar

PRECONDITIONS: Final = "preconditions"
PRICE: Final = "price"
COACHING: Final = "coaching"
DONE: Final = "done"
STEPS: Final = (PRECONDITIONS, PRICE, COACHING, DONE)

#: Brands whose override code is given by the agent on the line, not by CSG (SOP P10).
BRANDS: Final = ("m9", "monitech")
BRAND_LABELS: Final = {"m9": "Guardian M9", "monitech": "Monitech"}

DISPOSITION: Final = "override_given"
REFUSED_DISPOSITION: Final = "override_refused"
P9_DISPOSITION: Final = "poc_after_hours"

#: How the client reached coaching: an M9/Monitech client always (SOP P10, M1); a CSG
#: client only under SOP P9 (urgent or after hours, state allows, trained agent).
ROUTE_BRAND: Final = "brand"
ROUTE_P9: Final = "p9"
CODE_MASK: Final = "•••"


# --------------------------------------------------------------------------- device entry steps

_STEPS_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["version", "brands"],
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "brands": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["label", "steps"],
                "properties": {
                    "label": {"type": "string", "minLength": 1},
                    "device": {"type": "string"},
                    "reviewed": {"type": "boolean"},
                    "source": {"type": "string"},
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["id", "text"],
                            "properties": {
                                "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                                "text": {
                                    "type": "object",
                                    "required": ["en", "es"],
                                    "properties": {
                                        "en": {"type": "string", "minLength": 1},
                                        "es": {"type": "string", "minLength": 1},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


@dataclass(frozen=True, slots=True)
class EntryStep:
    id: str
    texts: Mapping[str, str]

    def text(self, language: str) -> str:
        return self.texts[language]


@dataclass(frozen=True, slots=True)
class EntrySteps:
    """The device entry checklist for one brand (SOP M7), as leads maintain it."""

    brand: str
    label: str
    device: str
    reviewed: bool
    source: str
    steps: tuple[EntryStep, ...]


def default_steps_path() -> Path:
    return paths.resources_dir() / "override_steps.json"


def load_entry_steps(brand: str, path: Path | None = None) -> EntrySteps:
    """Read and validate the checklist; a broken file raises ``ValueError`` listing every problem.

    Why data and not code: the wording must follow each brand's instructions, which
    change without a release, and leads edit it.
    """
    source = path or default_steps_path()
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {source}: {exc}") from exc
    validator = jsonschema.Draft202012Validator(_STEPS_SCHEMA)
    problems = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if problems:
        listed = "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in problems
        )
        raise ValueError(f"invalid override steps file {source}: {listed}")
    for brand_key, spec in raw["brands"].items():
        ids = [step["id"] for step in spec["steps"]]
        if len(ids) != len(set(ids)):
            raise ValueError(f"invalid override steps file {source}: brands/{brand_key}: duplicate step id")
    if brand not in raw["brands"]:
        raise KeyError(brand)
    spec = raw["brands"][brand]
    return EntrySteps(
        brand=brand,
        label=spec["label"],
        device=spec.get("device", ""),
        reviewed=bool(spec.get("reviewed", False)),
        source=spec.get("source", ""),
        steps=tuple(EntryStep(id=s["id"], texts=dict(s["text"])) for s in spec["steps"]),
    )


def _entry_steps_for(brand: str) -> EntrySteps:
    """The brand's entry checklist; an empty, unreviewed one for a brand the file does not cover.

    A CSG brand reaches coaching only under SOP P9, and the seeds give no entry
    sequence for its devices: the screen says so instead of borrowing M9's.
    """
    try:
        return load_entry_steps(brand)
    except KeyError:
        return EntrySteps(brand=brand, label=brand.upper(), device="", reviewed=False, source="", steps=())


# --------------------------------------------------------------------------- coaching cursor

_POSITION: Final = N_("{position} of {total}")


class CoachingCursor:
    """Where the agent is in the code while reading it aloud (SOP M7).

    Why it remembers the furthest character reached: going back to repeat a
    character must not count as having finished the code.
    """

    def __init__(self, code: str, language: str) -> None:
        self._code = rules.normalise_code(code)
        if not self._code:
            raise ValueError("empty override code")
        self._language = language
        self._chars: list[SpelledChar] = rules.spell_code(self._code, language)
        self._index = 0
        self._furthest = 0
        self._repeats = 0

    def __repr__(self) -> str:  # never leak the code into logs
        return f"CoachingCursor({self.position_text('en')}, code={CODE_MASK})"

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """Switch the spelling alphabet mid-code, keeping the place."""
        self._chars = rules.spell_code(self._code, language)
        self._language = language

    @property
    def chars(self) -> tuple[SpelledChar, ...]:
        return tuple(self._chars)

    @property
    def total(self) -> int:
        return len(self._chars)

    @property
    def index(self) -> int:
        return self._index

    @property
    def current(self) -> SpelledChar:
        return self._chars[self._index]

    @property
    def position(self) -> tuple[int, int]:
        return self._index + 1, self.total

    def position_text(self, language: str | None = None) -> str:
        t = gettext_for(language) if language else gettext_for(self._language)
        return t(_POSITION).format(position=self._index + 1, total=self.total)

    @property
    def at_start(self) -> bool:
        return self._index == 0

    @property
    def at_end(self) -> bool:
        return self._index == self.total - 1

    @property
    def finished(self) -> bool:
        """Every character has been shown at least once."""
        return self._furthest == self.total - 1

    @property
    def repeats(self) -> int:
        return self._repeats

    def next(self) -> bool:
        if self.at_end:
            return False
        self._index += 1
        self._furthest = max(self._furthest, self._index)
        return True

    def back(self) -> bool:
        if self.at_start:
            return False
        self._index -= 1
        return True

    def repeat(self) -> SpelledChar:
        """Same character again (the screen flashes it); counted for nothing but the agent's eye."""
        self._repeats += 1
        return self.current

    def go_to(self, index: int) -> None:
        if not 0 <= index < self.total:
            raise IndexError(index)
        self._index = index
        self._furthest = max(self._furthest, index)

    def full_code(self, group: int = 4) -> str:
        """The whole code, grouped for reading, only when the agent asks for it."""
        return " ".join(self._code[i : i + group] for i in range(0, len(self._code), group))


# --------------------------------------------------------------------------- the flow


@dataclass(frozen=True, slots=True)
class Appointment:
    """The appointment the code is given for (SOP M5), in the client's time zone."""

    at: datetime
    kind: str = "calibration"
    scheduled_here: bool = False
    detail: str = ""

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("naive datetime: pass an aware datetime in the client's zone")
        rules.appointment_kind(self.kind)

    @property
    def booking(self) -> rules.AppointmentBooking:
        return rules.appointment_booking(self.kind, self.detail)  # SOP M11


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
    route: str = "brand"  # ROUTE_BRAND or ROUTE_P9: recorded so a lead sees why a CSG client got a code


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


class OverrideFlow:
    """Everything entered during one override call, and what is still missing.

    ``clock`` is injected (aware datetimes only) so tests fix the time.
    """

    def __init__(
        self,
        *,
        brand: str,
        profile: str,
        clock: Callable[[], datetime],
        client_language: str = "en",
        earlier_waivers: Sequence[rules.WaiverRecord | rules.HistoryWaiver] = (),
        entry_steps: EntrySteps | None = None,
        route: str = ROUTE_BRAND,
    ) -> None:
        if route not in (ROUTE_BRAND, ROUTE_P9):
            raise ValueError(f"unknown route: {route!r}")
        # SOP P10: other brands go through CSG (POC request), unless SOP P9 sent them here.
        if brand not in BRANDS and route != ROUTE_P9:
            raise ValueError(f"override coaching is for {' and '.join(BRANDS)} clients, not {brand!r}")
        if profile not in rules.PROFILES:
            raise ValueError(f"unknown agent profile: {profile!r}")
        if client_language not in ("en", "es"):
            raise ValueError(f"unsupported language: {client_language!r}")
        self.brand = brand
        self.route = route
        self.profile = profile
        self._clock = clock
        self.client_language = client_language
        self.earlier_waivers = tuple(earlier_waivers)
        self.entry_steps = entry_steps if entry_steps is not None else _entry_steps_for(brand)
        self.step = PRECONDITIONS
        # Preconditions (SOP M2-M6).
        self.client_confirmed = False
        self.perm_lockout = False
        self.lockout_code = ""
        self.inbound_call = False
        self.with_vehicle = False
        self.ready_to_drive = False
        self.appointment: Appointment | None = None
        # Price (SOP M8, M9).
        self.price: Decimal | None = None
        self.waiver_requested = False
        self.waiver_reason = ""
        # Coaching (SOP M7).
        self._code = ""
        self._code_error = ""
        self.cursor: CoachingCursor | None = None
        self.checked_steps: set[str] = set()
        # Done.
        self.payment_confirmed = False
        self.code_given_at: datetime | None = None

    def __repr__(self) -> str:
        code = CODE_MASK if self._code else ""
        return f"OverrideFlow(brand={self.brand!r}, step={self.step!r}, code={code!r})"

    # -- time ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        value = self._clock()
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("clock returned a naive datetime")
        return value

    # -- per-step validity ----------------------------------------------------------------------
    def precondition_blockers(self) -> tuple[str, ...]:
        found: list[str] = []
        if not self.client_confirmed:  # SOP M2
            found.append(rules.CLIENT_NOT_CONFIRMED)
        found.extend(
            rules.override_blockers(
                perm_lockout=self.perm_lockout,
                lockout_code=self.lockout_code,
                appointment_confirmed=self.appointment is not None,
                inbound_call=self.inbound_call,
                with_vehicle=self.with_vehicle,
                ready_to_drive=self.ready_to_drive,
            )
        )
        if self.appointment is not None and self.appointment.at <= self.now():  # SOP M5
            found.append(rules.APPOINTMENT_IN_PAST)
        return tuple(found)

    def waiver(self) -> rules.WaiverDecision:
        return rules.waiver_decision(self.earlier_waivers, self.waiver_reason)  # SOP M9

    @property
    def waiver_blocked(self) -> bool:
        """An earlier waiver exists: the option is shown disabled, with that waiver's date and note."""
        return bool(self.earlier_waivers)

    @property
    def waived(self) -> bool:
        return self.waiver_requested and self.waiver().allowed

    def price_blockers(self) -> tuple[str, ...]:
        if self.waiver_requested:
            return self.waiver().reasons  # SOP M9
        return rules.price_blockers(self.price, waived=False)  # SOP M8

    def payment(self) -> rules.PaymentRule:
        return rules.payment_rule(self.profile, self.price, waived=self.waived)  # SOP M8

    def coaching_blockers(self) -> tuple[str, ...]:
        if not self._code:
            return (rules.CODE_MISSING,)
        if self._code_error or self.cursor is None:
            return (rules.code_format_problem(self._code) or rules.CODE_INVALID,)  # SOP M7
        if not self.cursor.finished:  # SOP M7: every character read to the client
            return (rules.CODE_NOT_FINISHED,)
        return ()

    def done_blockers(self) -> tuple[str, ...]:
        rule = self.payment()
        if rule.needs_confirmation and not self.payment_confirmed:  # SOP M8
            code = rule.unconfirmed_code
            return (code,) if code else ()
        return ()

    def blockers(self, step: str | None = None) -> tuple[str, ...]:
        which = step or self.step
        if which == PRECONDITIONS:
            return self.precondition_blockers()
        if which == PRICE:
            return self.price_blockers()
        if which == COACHING:
            return self.coaching_blockers()
        if which == DONE:
            return self.done_blockers()
        raise ValueError(f"unknown step: {which!r}")

    def step_valid(self, step: str) -> bool:
        return not self.blockers(step)

    @property
    def code_unlocked(self) -> bool:
        """The code may only be typed in and shown once preconditions and price pass."""
        return self.step_valid(PRECONDITIONS) and self.step_valid(PRICE)

    @property
    def complete(self) -> bool:
        return all(self.step_valid(step) for step in STEPS)

    # -- navigation ---------------------------------------------------------------------------
    def can_advance(self) -> bool:
        if self.step == DONE:
            return False
        index = STEPS.index(self.step)
        return all(self.step_valid(step) for step in STEPS[: index + 1])

    def advance(self) -> bool:
        """Go to the next step if everything up to here is valid."""
        if not self.can_advance():
            return False
        self.step = STEPS[STEPS.index(self.step) + 1]
        if self.step == DONE and self.code_given_at is None:
            self.code_given_at = self.now()
        return True

    def retreat(self) -> bool:
        index = STEPS.index(self.step)
        if index == 0 or self.step == DONE:
            # Once the code is given it stays given: Done is not undone by going back.
            return False
        self.step = STEPS[index - 1]
        return True

    def go_to(self, step: str) -> bool:
        """Jump back to any earlier step, or forward only over valid steps."""
        if step not in STEPS:
            raise ValueError(f"unknown step: {step!r}")
        target = STEPS.index(step)
        current = STEPS.index(self.step)
        while current < target:
            if not self.advance():
                return False
            current += 1
        while current > target:
            if not self.retreat():
                return False
            current -= 1
        return True

    # -- coaching -----------------------------------------------------------------------------
    def set_code(self, code: str) -> tuple[str, ...]:
        """Take the override code from M9; returns the coaching blockers.

        Refused (``RuntimeError``) while preconditions or price are unmet: the code
        must not even be on screen before then (SOP M3-M6).
        """
        if not self.code_unlocked:
            raise RuntimeError("override code entered before the preconditions and price passed")
        self._code = code
        self._code_error = ""
        self.cursor = None
        try:
            normalised = rules.normalise_code(code)
        except ValueError as exc:
            self._code_error = str(exc)
            return self.coaching_blockers()
        if normalised and rules.code_format_problem(normalised) is None:
            self.cursor = CoachingCursor(normalised, self.client_language)
        elif not normalised:
            self._code = ""
        return self.coaching_blockers()

    @property
    def code_error(self) -> str:
        """Why the typed code was refused (names the bad character), for the field's tooltip."""
        return self._code_error

    def set_client_language(self, language: str) -> None:
        if language not in ("en", "es"):
            raise ValueError(f"unsupported language: {language!r}")
        self.client_language = language
        if self.cursor is not None:
            self.cursor.set_language(language)

    def toggle_entry_step(self, step_id: str) -> bool:
        if step_id not in {s.id for s in self.entry_steps.steps}:
            raise KeyError(step_id)
        if step_id in self.checked_steps:
            self.checked_steps.discard(step_id)
            return False
        self.checked_steps.add(step_id)
        return True

    # -- output ---------------------------------------------------------------------------------
    def _scrub(self, text: str) -> str:
        """Remove the code from free text the agent typed (a pasted reason, say)."""
        if not self._code:
            return text
        try:
            normalised = rules.normalise_code(self._code)
        except ValueError:
            normalised = ""
        out = text
        for candidate in {self._code.strip(), normalised}:
            if len(candidate) >= 2:
                out = re.sub(re.escape(candidate), CODE_MASK, out, flags=re.IGNORECASE)
        if len(normalised) >= 2:
            # Also with separators the agent may have typed between characters.
            spaced = r"[\s\-]*".join(re.escape(ch) for ch in normalised)
            out = re.sub(spaced, CODE_MASK, out, flags=re.IGNORECASE)
        return out

    def note_fields(self, language: str) -> OverrideNoteFields:
        """The 4E note parts (SOP N3, N4) in ``language``; never the code itself."""
        t = gettext_for(language)
        appointment = self.appointment
        if appointment is None:
            raise ValueError("no appointment: the note is written after the code was given")
        given_at = self.code_given_at or self.now()
        when = format_datetime(appointment.at, language)
        kind = t(rules.appointment_kind(appointment.kind).label)
        resolution = [
            t(_NOTE_CONFIRMED_CLIENT),  # SOP M2
            t(_NOTE_CHECKED),  # SOP M3-M6
            t(_NOTE_APPT_SCHEDULED if appointment.scheduled_here else _NOTE_APPT_CONFIRMED).format(
                kind=kind, when=when
            ),  # SOP M5
        ]
        if self.waived:  # SOP M9
            resolution.append(t(_NOTE_WAIVED).format(reason=self._scrub(self.waiver().reason)))
        elif self.price is not None:
            # SOP P10, M1: only Guardian M9 prices come from M9; Monitech and CSG brands are their own.
            quoted = _NOTE_QUOTED if self.brand == "m9" else _NOTE_QUOTED_OTHER
            resolution.append(t(quoted).format(amount=format_money(self.price, language)))
        if self.route == ROUTE_P9:  # SOP P9
            resolution.append(t(_NOTE_P9))
        zone_time = given_at.astimezone(appointment.at.tzinfo)
        resolution.append(t(_NOTE_GIVEN).format(time=format_time(zone_time, language)))  # SOP M7
        rule = self.payment()
        if self.payment_confirmed and self.price is not None and not self.waived:  # SOP M8
            billed = _NOTE_BILLED if self.brand == "m9" else _NOTE_BILLED_OTHER
            template = _NOTE_PAID if rule.code == rules.TAKE_PAYMENT_AFTER_CODE else billed
            resolution.append(t(template).format(amount=format_money(self.price, language)))
        fields: OverrideNoteFields = {
            "reason": t(_NOTE_REASON),
            "resolution": [self._scrub(line) for line in resolution],
            "additional_info": t(_NOTE_ADDITIONAL).format(brand=self.brand_label),  # SOP M1
            "follow_up": t(_NOTE_FOLLOW_UP).format(when=when),
            "disposition": P9_DISPOSITION if self.route == ROUTE_P9 else DISPOSITION,  # SOP N4
        }
        return fields

    @property
    def brand_label(self) -> str:
        return BRAND_LABELS.get(self.brand, self.brand.upper())

    def refusal_note_fields(self, language: str) -> OverrideNoteFields:
        """The note when the code is not given (SOP N1: a note after every interaction).

        Lists each unmet precondition in words, so the next agent knows what the
        client still has to do (be with the vehicle, have an appointment…).
        """
        t = gettext_for(language)
        reasons = [rules.blocker_text(code, language) for code in self.blockers(PRECONDITIONS)]
        if not reasons:
            reasons = [rules.blocker_text(code, language) for code in self.blockers(PRICE)]
        return {
            "reason": t(_NOTE_REFUSED_REASON),
            "resolution": [self._scrub(t(_NOTE_REFUSED).format(reasons=" ".join(reasons)))],
            "additional_info": "",
            "follow_up": t(_NOTE_REFUSED_FOLLOW_UP),
            "disposition": REFUSED_DISPOSITION,  # SOP N4
        }

    def history_entry(self, language: str) -> OverrideGiven:
        """The "override given" record for the client's history, waived or not (SOP M9)."""
        if self.appointment is None:
            raise ValueError("no appointment")
        t = gettext_for(language)
        waived = self.waived
        return OverrideGiven(
            at=self.code_given_at or self.now(),
            brand=self.brand,
            profile=self.profile,
            waived=waived,
            waiver_reason=self._scrub(self.waiver().reason) if waived else "",
            amount=None if waived else self.price,
            appointment_at=self.appointment.at,
            appointment_kind=self.appointment.kind,
            summary=t(_SUMMARY_WAIVED if waived else _SUMMARY_GIVEN),
            disposition=P9_DISPOSITION if self.route == ROUTE_P9 else DISPOSITION,
            route=self.route,
        )
