"""When a POC request happens: the client's time zone, the drive time and the appointment (SOP P5-P7).

Kept apart from the step navigation in :mod:`desktop.models.poc.flow` because
these three facts, and the plan worked out from them against the injected clock,
are what the "when" step, the ticket, the script and the status bar's CSG
countdown all read; the flow adds the steps, the eligibility and the ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from desktop.models.poc import rules as poc
from desktop.models.poc import texts
from desktop.models.poc.drive_time import MAX_DIGITS as MAX_DRIVE_DIGITS
from desktop.models.poc.rules import PocPlan
from desktop.models.poc.slots import EarliestSlot, earliest_slot
from desktop.models.poc.texts import local_appointment


class PocSchedule:
    """The zone, drive time and appointment of one request, and their plan (a base of ``PocFlow``)."""

    def __init__(self, *, client_tz: str | None, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._tz: ZoneInfo | None = None
        self.drive_minutes: int | None = None
        self._drive_problem: str | None = None
        self._appointment: datetime | None = None
        self._appointment_nonexistent = False
        self.set_time_zone(client_tz)

    def now(self) -> datetime:
        value = self._clock()
        if value.tzinfo is None:
            raise ValueError("clock must return an aware datetime")
        return value

    @property
    def client_tz(self) -> ZoneInfo | None:
        return self._tz

    def set_time_zone(self, key: str | None) -> bool:
        """Change the client's zone; keeps the appointment's wall-clock time, as the agent typed it."""
        try:
            zone: ZoneInfo | None = ZoneInfo(key) if key else None
        except (ValueError, KeyError, OSError):
            zone = None
        old = self._appointment
        self._tz = zone
        if old is not None and zone is not None:
            self.set_appointment_local(old.date(), old.time())
        return zone is not None

    def set_drive_minutes(self, minutes: int | None) -> None:
        self.drive_minutes = minutes
        self._drive_problem = None

    def set_drive_text(self, text: str) -> str | None:
        """Set the drive time as typed and return its blocker code: ``1440`` is kept and judged, never cut."""
        stripped = text.strip()
        if not stripped:
            self.set_drive_minutes(None)
            return texts.DRIVE_TIME_MISSING
        if not (stripped.isascii() and stripped.isdigit()):
            self.drive_minutes = None
            self._drive_problem = texts.DRIVE_TIME_NOT_A_NUMBER
            return self._drive_problem
        if len(stripped) > MAX_DRIVE_DIGITS:  # 5,000 typed digits: refused before int() reads them
            self.set_drive_minutes(None)
            self._drive_problem = poc.INVALID_DRIVE_TIME
            return self._drive_problem
        self.set_drive_minutes(int(stripped))
        assert self.drive_minutes is not None
        return None if 0 <= self.drive_minutes <= poc.MAX_DRIVE_MINUTES else poc.INVALID_DRIVE_TIME

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
        if (
            self._tz is None
            or self.drive_minutes is None
            or not 0 <= self.drive_minutes <= poc.MAX_DRIVE_MINUTES
        ):
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
            return None  # the same checks as earliest(), spelled out for the type checker
        return earliest_slot(now=self.now(), drive_minutes=self.drive_minutes, tz=self._tz)

    def plan(self) -> PocPlan | None:
        """The live plan for what was entered, against the clock's current time."""
        if self._appointment is None or self.drive_minutes is None or self._tz is None:
            return None
        appointment = self._appointment.astimezone(self._tz)
        return poc.plan_poc(now=self.now(), appointment=appointment, drive_minutes=self.drive_minutes)

    def schedule_blockers(self) -> tuple[str, ...]:
        """Why the "when" step is not complete: missing facts first, then the plan's problems."""
        codes: list[str] = []
        if self._tz is None:
            codes.append(texts.TIME_ZONE_MISSING)  # SOP P5
        if self._drive_problem is not None:
            codes.append(self._drive_problem)
        elif self.drive_minutes is None:
            codes.append(texts.DRIVE_TIME_MISSING)  # SOP P5
        elif not 0 <= self.drive_minutes <= poc.MAX_DRIVE_MINUTES:
            codes.append(poc.INVALID_DRIVE_TIME)
        if self._appointment is None:
            codes.append(texts.APPOINTMENT_MISSING)
        elif self._appointment_nonexistent:
            codes.append(texts.APPOINTMENT_TIME_NONEXISTENT)
        if codes:
            return tuple(codes)
        plan = self.plan()
        assert plan is not None
        return plan.problems  # SOP P2, P3, P6, P7
