"""Rules for giving a Guardian M9 / Monitech override code on the phone (SOP P10, M1-M11).

Why a separate, Qt-free module: each way the call goes wrong (code given before an
appointment exists, client not at the vehicle, a character misheard) is a rule we
can test without a screen.  Every decision returns reason codes; the screen turns
them into words with :func:`blocker_text` and friends.

The override code itself is never part of any text produced here (SOP M7 note
policy of this app): only the fact that a code was given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import desktop.models.override.phonetics as phonetics
from desktop.i18n import N_, gettext_for
from desktop.i18n import current_language as _current_language

# --------------------------------------------------------------------------- preconditions

NOT_PERM_LOCKOUT: Final = "not_perm_lockout"
LOCKOUT_CODE_INVALID: Final = "lockout_code_invalid"
NO_APPOINTMENT: Final = "no_appointment"
OUTBOUND_CALL: Final = "outbound_call"
NOT_WITH_VEHICLE: Final = "not_with_vehicle"
NOT_READY_TO_DRIVE: Final = "not_ready_to_drive"

#: Order in which blockers are reported: the order an agent checks them on the call.
BLOCKER_CODES: Final = (
    NOT_PERM_LOCKOUT,
    LOCKOUT_CODE_INVALID,
    NO_APPOINTMENT,
    OUTBOUND_CALL,
    NOT_WITH_VEHICLE,
    NOT_READY_TO_DRIVE,
)

_ASCII_DIGITS: Final = frozenset("0123456789")


def is_valid_lockout_code(lockout_code: str) -> bool:
    """Exactly four ASCII digits, nothing else (SOP M4).

    Why so strict: ``str.isdigit`` accepts Arabic-Indic or full-width digits that a
    paste can smuggle in, and the device never shows those; spaces are rejected
    rather than stripped so the agent re-reads what the client said.
    """
    return len(lockout_code) == 4 and all(ch in _ASCII_DIGITS for ch in lockout_code)


def override_blockers(
    *,
    perm_lockout: bool,
    lockout_code: str,
    appointment_confirmed: bool,
    inbound_call: bool,
    with_vehicle: bool,
    ready_to_drive: bool,
) -> tuple[str, ...]:
    """Every unmet precondition at once, so the agent fixes them in one pass."""
    blockers: list[str] = []
    if not perm_lockout:  # SOP M4
        blockers.append(NOT_PERM_LOCKOUT)
    if not is_valid_lockout_code(lockout_code):  # SOP M4: PERM lockout shows a four-digit code
        blockers.append(LOCKOUT_CODE_INVALID)
    if not appointment_confirmed:  # SOP M5
        blockers.append(NO_APPOINTMENT)
    if not inbound_call:  # SOP M3
        blockers.append(OUTBOUND_CALL)
    if not with_vehicle:  # SOP M6
        blockers.append(NOT_WITH_VEHICLE)
    if not ready_to_drive:  # SOP M6
        blockers.append(NOT_READY_TO_DRIVE)
    return tuple(blockers)


# --------------------------------------------------------------------------- spelling


@dataclass(frozen=True, slots=True)
class SpelledChar:
    """One character of the code as the agent says it.

    ``words`` is the whole phrase to read aloud; ``name`` (Spanish letters only)
    and ``keyword`` let the screen lay it out.  ``lookalike`` lists characters it
    can be misread as (0/O, 1/I/L, 5/S, 2/Z, 8/B).
    """

    char: str
    words: str
    lookalike: tuple[str, ...] = ()
    is_digit: bool = False
    name: str = ""
    keyword: str = ""

    @property
    def has_lookalike(self) -> bool:
        return bool(self.lookalike)


def normalise_code(code: str) -> str:
    """Upper-case the code and drop spaces and dashes; reject anything else.

    Raises ``ValueError`` naming the first offending character (and its position in
    the input) so the screen can point at it.
    """
    out: list[str] = []
    for position, ch in enumerate(code, start=1):
        if ch in phonetics.SEPARATORS:
            continue
        # Check before upper(): "ß".upper() is "SS" and "ı".upper() is "I".
        if ch.isascii() and ch.isalnum():
            out.append(ch.upper())
            continue
        raise ValueError(f"character {ch!r} (U+{ord(ch):04X}) at position {position} is not allowed")
    return "".join(out)


def spell_code(code: str, language: str) -> list[SpelledChar]:
    """The code as phonetic words, one entry per character (SOP M7)."""
    if language not in phonetics.LANGUAGES:
        raise ValueError(f"unsupported spelling language: {language!r} (use 'en' or 'es')")
    spelled: list[SpelledChar] = []
    for char in normalise_code(code):
        words, name, keyword = phonetics.phonetic(char, language)
        spelled.append(
            SpelledChar(
                char=char,
                words=words,
                lookalike=phonetics.LOOKALIKES.get(char, ()),
                is_digit=char.isdigit(),
                name=name,
                keyword=keyword,
            )
        )
    return spelled


# --------------------------------------------------------------------------- reason texts

CLIENT_NOT_CONFIRMED: Final = "client_not_confirmed"
APPOINTMENT_IN_PAST: Final = "appointment_in_past"
PRICE_MISSING: Final = "price_missing"
PRICE_NOT_POSITIVE: Final = "price_not_positive"
WAIVER_ALREADY_GIVEN: Final = "waiver_already_given"
WAIVER_REASON_REQUIRED: Final = "waiver_reason_required"
CODE_MISSING: Final = "code_missing"
CODE_INVALID: Final = "code_invalid"
CODE_NOT_FINISHED: Final = "code_not_finished"
PAYMENT_NOT_TAKEN: Final = "payment_not_taken"
AMOUNT_NOT_BILLED: Final = "amount_not_billed"

# code -> (short title, what to do / what to tell the client).  Translated at use.
_REASONS: Final[dict[str, tuple[str, str]]] = {
    CLIENT_NOT_CONFIRMED: (
        N_("Caller not matched to the client on screen"),
        N_(
            "Confirm that the caller's Client ID and full name match the client shown before going on. "
            'Tell the client: "For your security, please confirm your Client ID and your full name."'
        ),
    ),
    NOT_PERM_LOCKOUT: (
        N_("Device is not in permanent lockout"),
        N_(
            "An override code is only for a device that shows PERM lockout. "
            'Tell the client: "The code only works when your device shows a permanent lockout. '
            'Please read me exactly what the screen says."'
        ),
    ),
    LOCKOUT_CODE_INVALID: (
        N_("Lockout code missing or not four digits"),
        N_(
            "Type the four-digit code the device shows with PERM lockout: digits only, no spaces. "
            'Tell the client: "Please read me the four numbers on the device screen, one at a time."'
        ),
    ),
    NO_APPOINTMENT: (
        N_("No appointment scheduled or confirmed"),
        N_(
            "Schedule or confirm the service center appointment before giving the code. "
            'Tell the client: "Before I give you the code, let\'s confirm your appointment '
            'at the service center."'
        ),
    ),
    APPOINTMENT_IN_PAST: (
        N_("The chosen appointment has already passed"),
        N_(
            "Pick an appointment that is still ahead, or schedule a new one. "
            'Tell the client: "That appointment time has passed. Let\'s set a new one first."'
        ),
    ),
    OUTBOUND_CALL: (
        N_("Not an inbound call from the client"),
        N_(
            "Override codes are only given when the client calls in; we never call out with a code. "
            'Tell the client: "Please call us when you are with your vehicle and ready to drive, '
            'and we will give you the code then."'
        ),
    ),
    NOT_WITH_VEHICLE: (
        N_("Client is not with the vehicle"),
        N_(
            "The code is entered on the device, so the client must be at the vehicle. "
            'Tell the client: "Please call us back when you are at your vehicle, '
            'so we can enter the code together."'
        ),
    ),
    NOT_READY_TO_DRIVE: (
        N_("Client is not ready to drive now"),
        N_(
            "Give the code only right before the client leaves for the service center. "
            'Tell the client: "Please call us back when you are ready to leave for your appointment."'
        ),
    ),
    PRICE_MISSING: (
        N_("No price entered"),
        N_("Enter the override price shown in M9, or record a courtesy waiver."),
    ),
    PRICE_NOT_POSITIVE: (
        N_("Price must be more than zero"),
        N_("Enter the amount shown in M9. To charge nothing, record a courtesy waiver instead."),
    ),
    WAIVER_ALREADY_GIVEN: (
        N_("A courtesy waiver was already given"),
        N_(
            "A waived override code is a one-time courtesy and this client already had one. "
            "Quote the price from M9."
        ),
    ),
    WAIVER_REASON_REQUIRED: (
        N_("Reason for the waiver missing"),
        N_("Write why the code is waived; the reason goes into the note."),
    ),
    CODE_MISSING: (
        N_("No override code entered"),
        N_("Type or paste the override code from M9."),
    ),
    CODE_INVALID: (
        N_("The override code has a character that is not a letter or a digit"),
        N_("Check the code in M9: only letters A-Z and digits 0-9; spaces and dashes are ignored."),
    ),
    CODE_NOT_FINISHED: (
        N_("Not every character has been read yet"),
        N_("Go through the code with the client up to its last character."),
    ),
    PAYMENT_NOT_TAKEN: (
        N_("Payment not confirmed"),
        N_("Take the payment now that the code has been given, then confirm it here."),
    ),
    AMOUNT_NOT_BILLED: (
        N_("Billing not confirmed"),
        N_("Bill the M9 amount on the account, then confirm it here; the client pays at the service center."),
    ),
}

REASON_CODES: Final = tuple(_REASONS)


def _translator(language: str | None) -> Callable[[str], str]:
    return gettext_for(language or _current_language())


def _reason(code: str) -> tuple[str, str]:
    try:
        return _REASONS[code]
    except KeyError:
        raise ValueError(f"unknown override reason code: {code!r}") from None


def blocker_title(code: str, language: str | None = None) -> str:
    """Short label for a reason code, in ``language`` (default: the UI language)."""
    return _translator(language)(_reason(code)[0])


def blocker_text(code: str, language: str | None = None) -> str:
    """What is wrong and what to tell the client, in ``language`` (default: UI language)."""
    return _translator(language)(_reason(code)[1])


_LOOKALIKE_WARNING: Final = N_(
    "Looks like {others} when read. Say clearly whether it is a letter or a number."
)


def lookalike_warning(spelled: SpelledChar, language: str | None = None) -> str:
    """Warning for a character that is easy to misread; empty when there is none."""
    if not spelled.lookalike:
        return ""
    return _translator(language)(_LOOKALIKE_WARNING).format(others=" / ".join(spelled.lookalike))


# --------------------------------------------------------------------------- code format (M7)

#: What a valid override code looks like: 4 to 16 letters A-Z and digits 0-9 (spaces and
#: dashes between them are ignored).  Why bounded: a 1- or 800-character "code" is a
#: paste mistake, and coaching it one character at a time (SOP M7) would keep the client
#: at the vehicle for nothing.
CODE_MIN_LENGTH: Final = 4
CODE_MAX_LENGTH: Final = 16
CODE_BAD_LENGTH: Final = "code_bad_length"

_REASONS[CODE_BAD_LENGTH] = (
    N_("The override code is too short or too long"),
    N_(
        "Check the code in M9: a valid code has 4 to 16 letters A-Z and digits 0-9, "
        "for example 7K3Q9M2X; spaces and dashes are ignored."
    ),
)


def code_format_problem(code: str) -> str | None:
    """The blocker for a typed override code's format, or None when it looks valid (SOP M7).

    ``code_missing`` when nothing but separators was typed, ``code_invalid`` for a
    character that is not A-Z/0-9, ``code_bad_length`` outside 4-16 characters.
    """
    if len(code) > 4 * CODE_MAX_LENGTH:
        return CODE_BAD_LENGTH  # no need to scan an 800-character paste character by character
    try:
        normalised = normalise_code(code)
    except ValueError:
        return CODE_INVALID
    if not normalised:
        return CODE_MISSING
    if not CODE_MIN_LENGTH <= len(normalised) <= CODE_MAX_LENGTH:
        return CODE_BAD_LENGTH
    return None
