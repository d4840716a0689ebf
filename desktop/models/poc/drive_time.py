"""The drive time an agent types, read as whole minutes without ever cutting digits (SOP P5, P7).

Why a parser of its own instead of a spin box's range: a spin box limited to
600 drops the digit that does not fit, so a typed 1440 became 144 and the
appointment was planned with the wrong leave time.  Here every typed value is
read in full; one out of range gets a message, never a silently shorter value.
"""

from __future__ import annotations

from desktop.i18n import gettext_for
from desktop.models import poc
from desktop.models.poc.texts import BLOCKER_TEXTS as FLOW_TEXTS
from desktop.models.poc.texts import DRIVE_TIME_MISSING

#: Longest sane drive (SOP P7 needs it to plan the leave time): ten hours.
MIN_MINUTES = 0
MAX_MINUTES = poc.MAX_DRIVE_MINUTES
#: Digits read at most: enough to name any out-of-range value, short enough for ``int()``.
MAX_DIGITS = 6


class DriveTimeError(ValueError):
    """A typed drive time was refused; ``code`` is ``drive_time_missing`` or ``invalid_drive_time``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def text(self, language: str = "en") -> str:
        return drive_time_problem_text(self.code, language)


def parse_drive_minutes(text: str) -> int:
    """Whole minutes from what the agent typed ("45", " 90 ", "90 min").

    Raises :class:`DriveTimeError`: ``drive_time_missing`` for an empty field,
    ``invalid_drive_time`` for anything that is not 0-600 ASCII-digit minutes
    (1440, -5, 1.5, "١٠", 5,000 digits).
    """
    cleaned = text.strip().lower().removesuffix("minutes").removesuffix("min").strip()
    if not cleaned:
        raise DriveTimeError(DRIVE_TIME_MISSING)
    if len(cleaned) > MAX_DIGITS or not (cleaned.isascii() and cleaned.isdigit()):
        raise DriveTimeError(poc.INVALID_DRIVE_TIME)
    minutes = int(cleaned)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise DriveTimeError(poc.INVALID_DRIVE_TIME)
    return minutes


def drive_time_problem(text: str) -> str | None:
    """The reason code for a typed drive time, or None when it is usable."""
    try:
        parse_drive_minutes(text)
    except DriveTimeError as exc:
        return exc.code
    return None


def drive_time_problem_text(code: str, language: str = "en") -> str:
    """The message for the drive-time field (the flow's and the POC rules' own texts)."""
    template = poc.PROBLEM_TEXTS.get(code) or FLOW_TEXTS[code]
    return gettext_for(language)(template)
