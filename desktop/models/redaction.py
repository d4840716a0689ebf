"""What must never be kept: full card numbers and the override code given on this call.

Why one module: the same redaction runs at every exit a secret could take — the
store (:mod:`desktop.models.store.store_gate`), the preferences file, the log file and
the clipboard — so a format caught in one place is caught in all of them.

Card numbers are found by :mod:`desktop.models.card_numbers` (SOP N1).  The
override code is different: any string can be a code, so it cannot be recognised
by its shape.  The coaching step (SOP M7) tells :data:`CALL_SECRETS` the code it
is reading out, and everything written until the next client is opened is
scrubbed of it; the note lint flags it too.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import unicodedata
from collections.abc import Mapping
from typing import Any

from desktop.models.card_numbers import may_hold_card, redact_card_numbers

#: What a scrubbed code is replaced with; it does not give away the code's length.
CODE_MASK = "•••"

#: Codes shorter than this are not scrubbed: two or three characters also occur in
#: ordinary words and numbers, and masking them would garble the note.
MIN_CODE_LENGTH = 4

# Characters an agent may type between the code's characters (the same set the card
# detector treats as separators), at most three at a time.
_SEPARATOR_CLASS = r"[\s\-._/\\·•・⁄∕−‐‑‒–—―﹍﹎﹏－．／＿]"
_GAP = _SEPARATOR_CLASS + "{0,3}"

OVERRIDE_CODE_SLOT = "override_code"
#: Codes the agent read out to the client: kept apart from what the field holds now,
#: so keys typed after a whole code (a slip, a paste) do not replace it.
COACHED_CODE_SLOT = "override_code_coached"


def _normalise_code(code: str) -> str:
    """NFKC, upper case, separators dropped: the characters that make up the code."""
    out = []
    for char in unicodedata.normalize("NFKC", code):
        if re.fullmatch(_SEPARATOR_CLASS, char):
            continue
        out.append(char.upper())
    return "".join(out)


def _char_class(char: str) -> str:
    """The forms one code character may be typed in: either case, ASCII or fullwidth."""
    forms = {char, char.lower(), char.upper()}
    forms |= {chr(ord(c) + 0xFEE0) for c in list(forms) if "!" <= c <= "~"}
    return "[" + "".join(re.escape(c) for c in sorted(forms)) + "]"


def _code_pattern(normalised: str) -> re.Pattern[str]:
    return re.compile(_GAP.join(_char_class(c) for c in normalised), re.IGNORECASE)


class CallSecrets:
    """Secrets of the current call, kept in memory only and forgotten with the call.

    Meant to be told the field's text on every change.  Within a slot (the
    override code has one) a value that extends an earlier one replaces it, so a
    code typed one key at a time ends as the whole code, not as every prefix of
    it; a value that is only a prefix of an earlier one (the field being erased or
    cleared) changes nothing, so the code stays scrubbed until the call ends.
    Thread-safe: the store may write from a worker thread while the coaching page
    updates the code.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, list[str]] = {}
        self._patterns: tuple[re.Pattern[str], ...] = ()

    def __repr__(self) -> str:  # never leak a code into logs
        return f"CallSecrets(slots={sorted(self._values)})"

    def remember(self, code: str, slot: str = OVERRIDE_CODE_SLOT, *, grows: bool = True) -> None:
        """Scrub ``code`` from everything saved until :meth:`forget_all`.

        Codes shorter than :data:`MIN_CODE_LENGTH` are kept aside only as the start
        of a longer one.  ``grows=False`` is for codes known whole (one that was read
        out): each is kept as it is, whatever is remembered after it.
        """
        normalised = _normalise_code(code)
        if not normalised:
            return
        with self._lock:
            values = self._values.setdefault(slot, [])
            if not grows:
                if normalised not in values:
                    values.append(normalised)
                    self._compile()
                return
            if any(v.startswith(normalised) for v in values):
                return
            values[:] = [v for v in values if not normalised.startswith(v)] + [normalised]
            self._compile()

    def forget_all(self) -> None:
        """The call is over (another client is opened): nothing is scrubbed any more."""
        with self._lock:
            self._values.clear()
            self._compile()

    def _compile(self) -> None:
        codes = {v for values in self._values.values() for v in values if len(v) >= MIN_CODE_LENGTH}
        # Longest first: the whole code is masked before a mistyped start of it.
        self._patterns = tuple(_code_pattern(c) for c in sorted(codes, key=len, reverse=True))

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def _current(self) -> tuple[re.Pattern[str], ...]:
        return self._patterns  # replaced whole under the lock, never changed in place

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every remembered code in ``text``, in order."""
        found = [(m.start(), m.end()) for p in self._current() for m in p.finditer(text)]
        return sorted(found)

    def scrub(self, text: str) -> str:
        """``text`` with every remembered code replaced by :data:`CODE_MASK`."""
        for pattern in self._current():
            text = pattern.sub(CODE_MASK, text)
        return text


#: The one registry of the running app: the agent handles one call at a time.
CALL_SECRETS = CallSecrets()


# Escapes that ``repr`` and ``json.dumps`` write for the separators and digit forms
# the detector knows ("4111\xa01111", "\uff14\uff11"): a traceback of a failed
# write shows its parameters this way.
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[tnr])")
_CONTROL_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r"}


def _decode_escape(match: re.Match[str]) -> str:
    token = match.group()
    if token in _CONTROL_ESCAPES:
        return _CONTROL_ESCAPES[token]
    try:
        return chr(int(token[2:], 16))
    except ValueError:  # beyond the Unicode range
        return token


#: An identifier the app made for a record (a UUID, a draft's revision): its digit runs can
#: pass for a card number, and a masked one would no longer name its record.
_RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")


def _redact_plain(text: str, secrets: CallSecrets, in_progress: bool) -> str:
    if may_hold_card(text) and not _RECORD_ID.fullmatch(text):
        text = redact_card_numbers(text, in_progress=in_progress)
    return secrets.scrub(text) if secrets._patterns else text


def _redact_escaped(text: str, secrets: CallSecrets, in_progress: bool) -> str:
    """A secret written with backslash escapes: JSON text is rewritten as JSON, other text decoded.

    Only a text that holds a secret once decoded is changed, so ordinary backslashes
    (a Windows path with ``\\t`` in it) stay as they were.
    """
    decoded = _ESCAPE.sub(_decode_escape, text)
    if decoded == text or _redact_plain(decoded, secrets, in_progress) == decoded:
        return text
    if text.lstrip()[:1] in ("{", "[", '"'):
        try:
            data = json.loads(text)
        except ValueError:
            pass
        else:
            indent = _JSON_INDENT.search(text)
            dumped = json.dumps(
                redact_value(data, secrets, in_progress=in_progress),
                ensure_ascii=False,
                indent=len(indent.group(1)) if indent else None,
            )
            return dumped + text[len(text.rstrip()) :]
    return _redact_plain(decoded, secrets, in_progress)


_JSON_INDENT = re.compile(r"^[\[{]\n( +)\S")


def redact_text(text: str, secrets: CallSecrets | None = None, *, in_progress: bool = False) -> str:
    """``text`` as it may be kept: card numbers masked, this call's codes scrubbed.

    ``in_progress``: the text was caught while being typed (a draft), so a card
    whose last digits are still missing is masked too.  Secrets written with
    escapes (``4111\\t1111…`` in JSON, ``\\xa0`` in a logged ``repr``) are found too.
    """
    secrets = CALL_SECRETS if secrets is None else secrets
    text = _redact_plain(text, secrets, in_progress)
    if "\\" in text:
        text = _redact_escaped(text, secrets, in_progress)
    return text


def redact_value(value: Any, secrets: CallSecrets | None = None, *, in_progress: bool = False) -> Any:
    """:func:`redact_text` over every string inside JSON-like data (keys too).

    Returns ``value`` itself when nothing in it changed, so callers can tell
    cheaply whether anything was redacted.
    """
    if isinstance(value, str):
        redacted = redact_text(value, secrets, in_progress=in_progress)
        return value if redacted == value else redacted
    if isinstance(value, Mapping):
        items = [
            (redact_value(k, secrets, in_progress=in_progress), redact_value(v, secrets, in_progress=in_progress))
            for k, v in value.items()
        ]
        if all(nk is k and nv is v for (nk, nv), (k, v) in zip(items, value.items(), strict=True)):
            return value
        return dict(items)
    if isinstance(value, list | tuple):
        redacted_items = [redact_value(v, secrets, in_progress=in_progress) for v in value]
        if all(n is v for n, v in zip(redacted_items, value, strict=True)):
            return value
        return type(value)(redacted_items)
    return value


def clipboard_text(text: str) -> str:
    """What may be put on the clipboard: call this before every ``setText`` on it.

    The clipboard is read by other programs (the CRM, chat, clipboard history), so
    it is one more place a card number or the code must not reach.
    """
    return redact_text(text)


# ---------------------------------------------------------------------------
# The log file

class RedactingLogFilter(logging.Filter):
    """Masks card numbers and this call's codes in every record: message, arguments, traceback.

    Installed on the log file's handler so records from every logger pass through
    it (a filter on a logger would miss records propagated from its children).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!s} {record.args!r}"
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True
