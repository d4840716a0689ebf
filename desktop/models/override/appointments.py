"""The appointment an override comes with (SOP M11): its kinds and the booking text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from desktop.i18n import N_

# --------------------------------------------------------------------------- appointments (M11)

M9_TYPE_OTHER: Final = "Other"


@dataclass(frozen=True, slots=True)
class AppointmentKind:
    code: str
    label: str  # N_() msgid: translate at use
    m9_type: str  # the type picked in M9 (English: it is M9's own list)
    m9_name: str  # how the kind is written in M9 descriptions


APPOINTMENT_KINDS: Final = (
    AppointmentKind("calibration", N_("Calibration"), "Calibration", "Calibration"),
    AppointmentKind("removal", N_("Removal"), "Removal", "Removal"),
    AppointmentKind("reset", N_("Reset"), M9_TYPE_OTHER, "Reset"),  # SOP M11
    AppointmentKind("final_download", N_("Final download"), M9_TYPE_OTHER, "Final download"),  # SOP M11
    AppointmentKind(
        "interlock_exchange", N_("Interlock Exchange"), M9_TYPE_OTHER, "Interlock Exchange"
    ),  # SOP M11
    AppointmentKind("other", N_("Other"), M9_TYPE_OTHER, ""),
)
_KINDS_BY_CODE: Final = {kind.code: kind for kind in APPOINTMENT_KINDS}


@dataclass(frozen=True, slots=True)
class AppointmentBooking:
    """What to enter in M9 for an appointment of a given kind."""

    kind: str
    m9_type: str
    description: str


def appointment_kind(code: str) -> AppointmentKind:
    try:
        return _KINDS_BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown appointment kind: {code!r}") from None


def appointment_booking(kind: str, detail: str = "") -> AppointmentBooking:
    """Reset, Final download and Interlock Exchange have no M9 type of their own: they
    are booked as "Other" with the kind written first in the description (SOP M11)."""
    spec = appointment_kind(kind)
    extra = detail.strip()
    if spec.m9_type == M9_TYPE_OTHER:
        if spec.m9_name:  # SOP M11
            description = f"{spec.m9_name} - {extra}" if extra else spec.m9_name
        else:
            if not extra:
                raise ValueError("an 'Other' appointment needs a description")
            description = extra
    else:
        description = extra
    return AppointmentBooking(kind=spec.code, m9_type=spec.m9_type, description=description)
