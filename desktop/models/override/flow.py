"""The override-coaching call as a Qt-free flow (SOP P9, P10, M1-M11).

Why a flow object instead of logic in the screen: the order matters (nothing is
revealed before the preconditions pass, payment comes after the code for
full-service agents, the note is written last) and each step's blockers must be
testable without a widget.  The screen navigates by :meth:`OverrideFlow.next`
and :meth:`OverrideFlow.back` (the :mod:`desktop.models.workflow` protocol).

The override code lives only in memory here: ``repr`` masks it, the note and the
history entry never contain it (only that a code was given), and free text the
agent typed is scrubbed of it before it is written anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from desktop.models import override as rules
from desktop.models.override import notes
from desktop.models.override.cursor import CODE_MASK as CODE_MASK
from desktop.models.override.cursor import CoachingCursor as CoachingCursor
from desktop.models.override.notes import DISPOSITION as DISPOSITION
from desktop.models.override.notes import P9_DISPOSITION as P9_DISPOSITION
from desktop.models.override.notes import REFUSED_DISPOSITION as REFUSED_DISPOSITION
from desktop.models.override.notes import ROUTE_BRAND as ROUTE_BRAND
from desktop.models.override.notes import ROUTE_P9 as ROUTE_P9
from desktop.models.override.notes import OverrideGiven as OverrideGiven
from desktop.models.override.notes import OverrideNoteFields as OverrideNoteFields
from desktop.models.override.steps import EntryStep as EntryStep
from desktop.models.override.steps import EntrySteps as EntrySteps
from desktop.models.override.steps import default_steps_path as default_steps_path
from desktop.models.override.steps import entry_steps_for
from desktop.models.override.steps import load_entry_steps as load_entry_steps
from desktop.models.override.texts import CODE_TOO_LONG, MAX_CODE_LENGTH, NOTE_NOT_SAVED
from desktop.models.workflow import LinearSteps


class OverrideStep(StrEnum):
    PRECONDITIONS = "preconditions"
    PRICE = "price"
    COACHING = "coaching"
    DONE = "done"


PRECONDITIONS: Final = OverrideStep.PRECONDITIONS
PRICE: Final = OverrideStep.PRICE
COACHING: Final = OverrideStep.COACHING
DONE: Final = OverrideStep.DONE
STEPS: Final = tuple(OverrideStep)

#: Brands whose override code is given by the agent on the line, not by CSG (SOP P10).
BRANDS: Final = ("m9", "monitech")
BRAND_LABELS: Final = {"m9": "Guardian M9", "monitech": "Monitech"}


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


class OverrideFlow(LinearSteps[OverrideStep]):
    """Everything entered during one override call, and what is still missing.

    ``clock`` is injected (aware datetimes only) so tests fix the time.
    """

    steps = STEPS

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
        super().__init__()
        self.brand = brand
        self.route = route
        self.profile = profile
        self._clock = clock
        self.client_language = client_language
        self.earlier_waivers = tuple(earlier_waivers)
        self.entry_steps = entry_steps if entry_steps is not None else entry_steps_for(brand)
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
        self.saved = False

    def __repr__(self) -> str:
        code = CODE_MASK if self._code else ""
        return f"OverrideFlow(brand={self.brand!r}, step={str(self.current)!r}, code={code!r})"

    # -- time ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        value = self._clock()
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("clock returned a naive datetime")
        return value

    # -- per-step blockers ----------------------------------------------------------------------
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
        if self._code_error == CODE_TOO_LONG:
            return (CODE_TOO_LONG,)
        if self._code_error or self.cursor is None:
            return (rules.code_format_problem(self._code) or rules.CODE_INVALID,)  # SOP M7
        if not self.cursor.finished:  # SOP M7: every character read to the client
            return (rules.CODE_NOT_FINISHED,)
        return ()

    def done_blockers(self) -> tuple[str, ...]:
        """What keeps the note from being saved: payment or billing not confirmed (SOP M8)."""
        rule = self.payment()
        if rule.needs_confirmation and not self.payment_confirmed:  # SOP M8
            code = rule.unconfirmed_code
            return (code,) if code else ()
        return ()

    def blockers(self, step: OverrideStep | None = None) -> tuple[str, ...]:
        which = OverrideStep(step or self.current)
        if which == PRECONDITIONS:
            return self.precondition_blockers()
        if which == PRICE:
            return self.price_blockers()
        if which == COACHING:
            return self.coaching_blockers()
        found = self.done_blockers()
        return found if found else (() if self.saved else (NOTE_NOT_SAVED,))  # SOP N1

    @property
    def code_unlocked(self) -> bool:
        """The code may only be typed in and shown once preconditions and price pass."""
        return not self.precondition_blockers() and not self.price_blockers()

    @property
    def complete(self) -> bool:
        return all(not self.blockers(step) for step in STEPS)

    @property
    def outcome(self) -> str | None:
        """The disposition once the note is saved (SOP N4), else None."""
        return notes.given_entry(self, "en").disposition if self.saved else None

    # -- navigation ---------------------------------------------------------------------------
    def can_advance(self) -> bool:
        if self.current == DONE:
            return False
        index = STEPS.index(self.current)
        return all(not self.blockers(step) for step in STEPS[: index + 1])

    def next(self) -> OverrideStep | None:
        """Go to the next step if everything up to here is complete; entering Done gives the code."""
        moved = super().next()
        if moved == DONE and self.code_given_at is None:
            self.code_given_at = self.now()
        return moved

    def can_back(self) -> bool:
        # Once the code is given it stays given: Done is not undone by going back.
        return self.current not in (PRECONDITIONS, DONE)

    def mark_saved(self) -> None:
        """The note and the history entry are written (the screen saved them)."""
        if self.current != DONE or self.done_blockers():
            raise ValueError("the override is not ready to be saved")
        self.saved = True

    # -- coaching -----------------------------------------------------------------------------
    def set_code(self, code: str) -> tuple[str, ...]:
        """Take the override code; returns the coaching blockers.

        Refused (``RuntimeError``) while preconditions or price are unmet: the code
        must not even be on screen before then (SOP M3-M6).  A code longer than
        :data:`MAX_CODE_LENGTH` letters and digits is refused as a paste gone wrong.
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
        if len(normalised) > MAX_CODE_LENGTH:
            self._code_error = CODE_TOO_LONG
        elif normalised and rules.code_format_problem(normalised) is None:
            self.cursor = CoachingCursor(normalised, self.client_language)
        elif not normalised:
            self._code = ""
        return self.coaching_blockers()

    @property
    def code_error(self) -> str:
        """Why the typed code was refused (names the bad character), for the field's message."""
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
    def scrub(self, text: str) -> str:
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

    @property
    def brand_label(self) -> str:
        return BRAND_LABELS.get(self.brand, self.brand.upper())

    def note(self, language: str) -> OverrideNoteFields:
        """The 4E note parts (SOP N3, N4) in ``language``; never the code itself."""
        return notes.given_note(self, language)

    def note_fields(self, language: str) -> dict[str, object]:
        """:meth:`note` as the plain dict the Notes page takes (the workflow protocol)."""
        return dict(notes.given_note(self, language))

    def refusal_note_fields(self, language: str) -> OverrideNoteFields:
        """The note when the code is not given (SOP N1, N4)."""
        return notes.refusal_note(self, language)

    def history_entry(self, language: str) -> OverrideGiven:
        """The "override given" record for the client's history, waived or not (SOP M9, P9)."""
        return notes.given_entry(self, language)
