"""The POC request as a Qt-free flow: which step comes next, what blocks it, what the note says.

The step views only display and collect; the screen navigates by :meth:`PocFlow.next`
and :meth:`PocFlow.back` (the :mod:`desktop.models.workflow` protocol), so whole calls
replay in tests without a display.  SOP and client facts come in as plain values;
the words live in :mod:`desktop.models.poc.texts`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from desktop.i18n import LANGUAGES, current_language, gettext_for
from desktop.models import poc
from desktop.models.poc import texts
from desktop.models.poc.schedule import PocSchedule
from desktop.models.poc.texts import NoteFields, PocRequest


class PocStep(StrEnum):
    ROUTE = "route"
    ELIGIBILITY = "eligibility"
    WHEN = "when"
    UTR = "utr"
    CHECKLIST = "checklist"
    NOTE = "note"


class PocFlow(PocSchedule):
    """One POC request being taken on a call (a :class:`~desktop.models.workflow.Flow`).

    Zone, drive time, appointment and plan come from :class:`PocSchedule`.
    """

    steps: tuple[PocStep, ...] = tuple(PocStep)

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
        super().__init__(client_tz=client_tz, clock=clock)
        self._current = PocStep.ROUTE
        self.saved = False  # the request and its note are in the account history
        self.perm_lockout_confirmed = False
        self.sop_confirmed = False
        self.quote_given = False
        self.needs_code_now = False  # SOP P9: only then is an after-hours request urgent
        self._quoted_fee: Decimal | None = poc_fee
        self.utr_number = ""
        self._ticket_edit: tuple[str, str] | None = None
        self._checked: set[int] = set()
        self.expectation_explained = False
        self.script_language = preferred_language if preferred_language in LANGUAGES else current_language()

    @property
    def quoted_fee(self) -> Decimal | None:
        return self._quoted_fee

    def set_quoted_fee(self, fee: Decimal | None) -> None:
        if fee is not None and not isinstance(fee, Decimal):
            raise TypeError("fee must be a Decimal")
        self._quoted_fee = fee

    def set_utr(self, number: str) -> None:
        self.utr_number = number.strip()

    def tick(self, index: int, done: bool = True) -> None:
        if not 0 <= index < len(texts.CHECKLIST_ITEMS):
            raise IndexError(index)
        if done:
            self._checked.add(index)
        else:
            self._checked.discard(index)

    def toggle_script_language(self) -> str:
        self.script_language = next(lang for lang in LANGUAGES if lang != self.script_language)
        return self.script_language

    @property
    def redirect(self) -> str | None:
        # SOP P10: Monitech and Guardian M9 clients get the code from the agent.
        return texts.REDIRECT_OVERRIDE_COACHING if self.brand in texts.CODE_BRANDS else None

    @property
    def stopped(self) -> bool:
        # SOP P4: the state of conviction decides; "no" ends the request.
        return self.brand in texts.CSG_BRANDS and self.poc_override == "no"

    def csg_call_window(self) -> tuple[datetime, datetime] | None:
        """When CSG will call the client about this request, as soon as that is known (SOP P2, P5, P6).

        None for brands whose code the agent gives (P10), a state that allows no POC (P4),
        an earlier step still open, and while zone, drive time or appointment are missing
        or the plan has a problem: a call CSG could not make is no countdown to tell the client.
        """
        if self.brand not in texts.CSG_BRANDS or self.stopped or self.first_blocked_step(PocStep.WHEN):
            return None
        plan = self.plan()
        return (plan.call_from, plan.call_to) if plan is not None and plan.ok else None

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

    def expectation_script(self, language: str | None = None) -> str:
        plan = self.plan()
        if plan is None or self._tz is None:
            return ""
        return poc.client_expectation_script(plan, self._tz, language or self.script_language)

    def stop_client_text(self, language: str | None = None) -> str:
        return gettext_for(language or self.script_language)(texts.STOP_CLIENT_TEXT)

    @property
    def current(self) -> PocStep:
        return self._current

    def blockers(self, step: PocStep | str | None = None) -> tuple[str, ...]:
        """Why ``step`` (default: the current one) cannot be left yet, as reason codes."""
        step = self._current if step is None else step
        if step == PocStep.NOTE:
            earlier = self.first_blocked_step(before=PocStep.NOTE)
            return self.blockers(earlier) if earlier else () if self.saved else (texts.NOTE_NOT_SAVED,)
        if step not in self.steps:
            raise ValueError(f"unknown step: {step!r}")
        return tuple(getattr(self, f"_{step}_blockers")())  # each step has a ``_<step>_blockers``

    def _route_blockers(self) -> tuple[str, ...]:
        if self.brand in texts.CODE_BRANDS:
            return (texts.BRAND_OVERRIDE_COACHING,)  # SOP P10
        if self.brand not in texts.CSG_BRANDS:
            return (texts.BRAND_NOT_CSG,)
        return ()

    def _eligibility_blockers(self) -> tuple[str, ...]:
        codes: list[str] = []
        if not self.perm_lockout_confirmed:
            codes.append(texts.PERM_LOCKOUT_UNCONFIRMED)  # SOP P1
        if self.poc_override == "no":
            codes.append(texts.STATE_DISALLOWS_POC)  # SOP P4
            return tuple(codes)
        if self.poc_override == "check_sop" and not self.sop_confirmed:
            codes.append(texts.STATE_SOP_UNCONFIRMED)  # SOP P4
        if self._quoted_fee is None:
            codes.append(texts.FEE_MISSING)  # SOP P4
        if not self.quote_given:
            codes.append(texts.QUOTE_NOT_GIVEN)  # SOP P4: quote before scheduling
        return tuple(codes)

    def _when_blockers(self) -> tuple[str, ...]:
        return self.schedule_blockers()  # SOP P2, P3, P5-P7

    def _utr_blockers(self) -> tuple[str, ...]:
        if not self.utr_number:
            return (texts.UTR_MISSING,)  # SOP P5, P8: the ticket number is what escalations hang on
        if any(ch.isspace() for ch in self.utr_number):
            return (texts.UTR_HAS_SPACES,)
        return ()

    def _checklist_blockers(self) -> tuple[str, ...]:
        codes: list[str] = []
        if len(self._checked) < len(texts.CHECKLIST_ITEMS):
            codes.append(texts.CHECKLIST_INCOMPLETE)  # SOP P5
        if not self.expectation_explained:
            codes.append(texts.EXPECTATION_NOT_EXPLAINED)  # SOP P5, P6
        return tuple(codes)

    def _following(self) -> PocStep | None:
        """The step after the current one; None on route for code brands (SOP P10), on a state's no (P4)."""
        if self._current == PocStep.ROUTE and self.brand not in texts.CSG_BRANDS:
            return None
        if self._current == PocStep.ELIGIBILITY and self.stopped:
            return None
        index = self.steps.index(self._current)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def can_advance(self) -> bool:
        return self._following() is not None and not self.blockers()

    def next(self) -> PocStep | None:
        """Move forward when the current step has no blockers; the new step, or None."""
        if not self.can_advance():
            return None
        following = self._following()
        assert following is not None
        self._current = following
        return following

    def can_back(self) -> bool:
        """Back is closed once the request is saved: history already holds it."""
        return self._current != self.steps[0] and not self.saved

    def back(self) -> PocStep | None:
        if not self.can_back():
            return None
        self._current = self.steps[self.steps.index(self._current) - 1]
        return self._current

    def first_blocked_step(self, before: PocStep | None = None) -> PocStep | None:
        """The earliest step before ``before`` (default: the note) with blockers now; "when" can expire."""
        end = self.steps.index(before if before is not None else PocStep.NOTE)
        return next((step for step in self.steps[:end] if self.blockers(step)), None)

    @property
    def outcome(self) -> str | None:
        """``redirected``, ``stopped`` or ``ready`` once decided; None while the request is open."""
        if self.redirect is not None:
            return texts.OUTCOME_REDIRECTED
        if self.stopped:
            return texts.OUTCOME_STOPPED
        if self.first_blocked_step() is None:
            return texts.OUTCOME_READY
        return None

    def mark_saved(self) -> None:
        """The request and its note are in the account history."""
        if self.first_blocked_step() is not None:
            raise ValueError("the request is not complete yet")
        self.saved = True

    def request(self) -> PocRequest:
        """The record to store with the note; only once every step is valid."""
        blocked = self.first_blocked_step()
        if blocked is not None:
            raise ValueError(f"{blocked}: {', '.join(self.blockers(blocked))}")
        assert self._appointment is not None and self._tz is not None and self.drive_minutes is not None
        when, tz, fee = self._appointment, self._tz.key, self._quoted_fee
        return PocRequest(
            self.cid, self.utr_number, when, tz, self.drive_minutes, fee, texts.REQUEST_STATUS_SUBMITTED
        )

    def p9_note_fields(self, room: str, language: str | None = None) -> NoteFields:
        """The note of an after-hours or urgent request asked in a lead chat (SOP P9, N4)."""
        return texts.after_hours_note(self.state, room, language or current_language())

    def note_fields(self, language: str | None = None) -> dict[str, object]:
        """The 4E note draft (SOP N3, P5): appointment, quote, ticket, zone, drive time."""
        return texts.request_note(
            state=self.state,
            check_sop=self.poc_override == "check_sop",
            fee=self._quoted_fee,
            plan=self.plan(),
            tz=self._tz,
            utr=self.utr_number,
            checklist_done=len(self._checked) == len(texts.CHECKLIST_ITEMS) and self.expectation_explained,
            prefers_spanish=self.preferred_language == "es",
            language=language or current_language(),
        )
