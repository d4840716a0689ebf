"""The one-time courtesy waiver of the override fee (SOP M9), decided from the client's history."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Protocol

from desktop.i18n import N_, format_date
from desktop.models.override.rules import WAIVER_ALREADY_GIVEN, WAIVER_REASON_REQUIRED, _translator

# --------------------------------------------------------------------------- courtesy waiver (M9)


class WaiverRecord(Protocol):
    """An earlier waived code: its date (a date or an aware datetime) and note."""

    @property
    def date(self) -> _dt.date: ...

    @property
    def note(self) -> str: ...


class HistoryWaiver(Protocol):
    """The shape of a history timeline entry (``desktop.models.store.history.HistoryItem``).

    Accepted as-is so the screen can hand over ``history.waivers(...)`` directly.
    """

    @property
    def created_at(self) -> datetime: ...

    @property
    def note_text(self) -> str | None: ...

    @property
    def summary(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PastWaiver:
    date: _dt.date  # a date, or an aware datetime
    note: str


def _when(value: _dt.date) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime in waiver history")
        return value.astimezone(_dt.UTC)
    return datetime(value.year, value.month, value.day, tzinfo=_dt.UTC)


_EARLIER_WAIVER: Final = N_("Waived before on {date}: {note}")
_EARLIER_WAIVER_NO_NOTE: Final = N_("Waived before on {date} (no note recorded)")


@dataclass(frozen=True, slots=True)
class WaiverDecision:
    """Whether a courtesy waiver may be recorded now (SOP M9).

    ``earlier`` holds every earlier waiver, oldest first, so the screen can show
    the agent exactly which one blocks this request.
    """

    allowed: bool
    reasons: tuple[str, ...]
    earlier: tuple[PastWaiver, ...]
    reason: str

    @property
    def blocking(self) -> PastWaiver | None:
        return self.earlier[0] if self.earlier else None

    def earlier_texts(self, language: str | None = None) -> tuple[str, ...]:
        t = _translator(language)
        lines: list[str] = []
        for past in self.earlier:
            day = format_date(past.date.date() if isinstance(past.date, datetime) else past.date, language)
            if past.note.strip():
                lines.append(t(_EARLIER_WAIVER).format(date=day, note=past.note.strip()))
            else:
                lines.append(t(_EARLIER_WAIVER_NO_NOTE).format(date=day))
        return tuple(lines)


def _past(record: WaiverRecord | HistoryWaiver) -> PastWaiver:
    if hasattr(record, "date") and hasattr(record, "note"):
        return PastWaiver(date=record.date, note=record.note or "")
    if hasattr(record, "created_at"):
        note = getattr(record, "note_text", None) or getattr(record, "summary", "") or ""
        return PastWaiver(date=record.created_at, note=note)
    raise TypeError(f"not a waiver record: {record!r}")


def waiver_decision(
    earlier_waivers: Sequence[WaiverRecord | HistoryWaiver], reason: str
) -> WaiverDecision:
    """A waived override is a one-time courtesy (SOP M9): any earlier waiver blocks it;
    otherwise the agent must say why it is waived."""
    earlier = tuple(sorted((_past(w) for w in earlier_waivers), key=lambda w: _when(w.date)))
    cleaned = reason.strip()
    if earlier:  # SOP M9
        return WaiverDecision(allowed=False, reasons=(WAIVER_ALREADY_GIVEN,), earlier=earlier, reason=cleaned)
    if not cleaned:
        return WaiverDecision(allowed=False, reasons=(WAIVER_REASON_REQUIRED,), earlier=(), reason="")
    return WaiverDecision(allowed=True, reasons=(), earlier=(), reason=cleaned)
