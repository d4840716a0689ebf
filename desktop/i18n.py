"""Translations and locale formatting, Qt-free so rules and notes can use them too.

Why a module-level "current language" instead of passing a translator everywhere:
agents switch language mid-shift, and every view re-renders by calling ``_()``
again after :func:`set_language`.  Client-facing scripts sometimes need the
*client's* language instead of the UI's, so :func:`gettext_for` gives a
translator for an explicit language without touching the global one.

Locales are chosen deliberately: agents and clients are in the US, so Spanish
uses ``es_US`` (``$35.00``, US-style digits) rather than ``es`` (``35,00 US$``),
while dates and words stay Spanish.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import math
import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import ClassVar

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_time as _babel_format_time
from babel.dates import get_date_format
from babel.numbers import NumberFormatError, parse_decimal
from babel.numbers import format_currency as _babel_format_currency
from babel.numbers import format_decimal as _babel_format_decimal

from desktop import paths

LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"
BABEL_LOCALES: dict[str, str] = {"en": "en_US", "es": "es_US"}
DOMAIN = "messages"

log = logging.getLogger(__name__)

_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def _check(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    return language


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog for ``language``: the compiled ``.mo``, or in a checkout a newer ``.po``.

    Reading the ``.po`` keeps a fresh checkout usable before ``make i18n``, and picks up
    an edit not compiled yet.  A frozen build ships only the ``.mo`` and never looks at a
    ``.po`` (parsing one costs about twenty times as long as reading the ``.mo``).
    """
    _check(language)
    if language == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    source = catalog_file(language)
    log.info("catalog %s: %s", language, source)
    if source is None:
        return _gettext.NullTranslations()
    if source.suffix == ".mo":
        with source.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    return _translations_from_po(source)


def catalog_file(language: str) -> Path | None:
    """The file :func:`translations` reads for ``language`` (``None``: no catalog)."""
    folder = paths.i18n_dir() / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    if getattr(sys, "frozen", False):
        return mo if mo.exists() else None
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo
    return po if po.exists() else None


def _translations_from_po(po_path: Path) -> _gettext.NullTranslations:
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def set_language(language: str) -> None:
    """Switch the UI language and tell every listener (the Qt side re-renders)."""
    global _current
    _check(language)
    if language == _current:
        return
    _current = language
    for listener in list(_listeners):
        listener(language)


def current_language() -> str:
    return _current


def add_listener(callback: Callable[[str], None]) -> None:
    _listeners.append(callback)


#: Pseudo-localisation: every UI string 40 % longer, with accented letters, so a layout
#: that only fits English shows up before a real translation does (Vorta's TRANS_SCALE).
PSEUDO_ENV = "INTERLOCK_ASSIST_PSEUDO"
PSEUDO_GROWTH = 0.4
_pseudo = os.environ.get(PSEUDO_ENV, "") not in ("", "0")
# Left as they are: format fields, printf fields, HTML tags and entities, mnemonic ampersands.
_KEEP = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|<[^>]*>|&\w+;|&(?=\w)")
_ACCENTS = str.maketrans("aeiouAEIOUcCnN", "áéíóúÁÉÍÓÚçÇñÑ")
_FILLER = "ẋẋẋẋẋ"


def pseudo(text: str) -> str:
    """``text`` pseudo-localised: accented, and each line 40 % longer in whole words.

    Placeholders, tags and mnemonics stay as they are, so ``.format()`` and
    ``%`` still work and Alt+letter keys still exist.  The extra length comes as
    short filler words, so wrapping labels can still break lines as real text does.
    """
    lines = []
    for line in text.split("\n"):
        parts: list[str] = []
        last = 0
        visible = 0
        for match in _KEEP.finditer(line):
            plain = line[last : match.start()]
            parts += [plain.translate(_ACCENTS), match.group()]
            visible += len(plain)
            last = match.end()
        tail = line[last:]
        parts.append(tail.translate(_ACCENTS))
        visible += len(tail)
        extra = math.ceil(visible * PSEUDO_GROWTH)
        words = [_FILLER[: min(len(_FILLER), extra - i)] for i in range(0, extra, len(_FILLER) + 1)]
        lines.append("".join(parts) + ("".join(" " + w for w in words) if visible and words else ""))
    return "\n".join(lines)


def set_pseudo(enabled: bool) -> None:
    """Turn pseudo-localisation on or off, and re-render like a language switch."""
    global _pseudo
    if enabled == _pseudo:
        return
    _pseudo = enabled
    for listener in list(_listeners):
        listener(_current)


def pseudo_enabled() -> bool:
    return _pseudo


def _(message: str) -> str:
    """Translate ``message`` into the current UI language."""
    text = translations(_current).gettext(message)
    return pseudo(text) if _pseudo else text


def ngettext(singular: str, plural: str, n: int) -> str:
    text = translations(_current).ngettext(singular, plural, n)
    return pseudo(text) if _pseudo else text


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later with ``_()``."""
    return message


def gettext_for(language: str) -> Callable[[str], str]:
    """A translator for an explicit language (client-facing scripts, notes)."""
    return translations(_check(language)).gettext


def babel_locale(language: str | None = None) -> Locale:
    return Locale.parse(BABEL_LOCALES[_check(language or _current)])


def format_money(amount: Decimal, language: str | None = None) -> str:
    if not isinstance(amount, Decimal):
        raise TypeError("money must be a Decimal")
    return _babel_format_currency(amount, "USD", locale=babel_locale(language))


def format_number(value: Decimal | int, language: str | None = None) -> str:
    return _babel_format_decimal(value, locale=babel_locale(language))


#: Largest amount any money field takes (the SOP pack's POC fee limit; rosters cap balances near it).
MAX_MONEY = Decimal("999999.99")

#: Reason code -> message shown at the field (``N_`` marked; :meth:`MoneyError.text` translates).
MONEY_PROBLEMS: dict[str, str] = {
    "empty": N_("Enter an amount."),
    "not_a_number": N_("Type an amount such as {example}: digits, with a decimal point."),
    "too_many_decimals": N_("Use at most two decimals."),
    "exponent": N_("Type the amount in full, such as {example} (no “e” notation)."),
    "not_finite": N_("Type an amount such as {example}: “NaN” and “Infinity” are not amounts."),
    "too_large": N_("The amount is too large: at most {maximum}."),
    "negative_zero": N_("“-0” is not an amount: type 0.00, or an amount greater than zero."),
    "non_ascii_digits": N_("Type the amount with the digits 0-9, such as {example}."),
}


class MoneyError(ValueError):
    """A typed amount was rejected; ``code`` is a key of :data:`MONEY_PROBLEMS`.

    A ``ValueError`` so every caller that already catches ``ValueError`` keeps
    working; ``str()`` stays a short English phrase those callers match on
    ("empty", "... decimals", "... greater than zero").
    """

    _PHRASES: ClassVar[dict[str, str]] = {
        "empty": "empty",
        "too_many_decimals": "too many decimals",
        "negative_zero": "-0: amount must be greater than zero",
    }

    def __init__(self, code: str) -> None:
        super().__init__(self._PHRASES.get(code, code.replace("_", " ")))
        self.code = code

    def text(self, language: str | None = None) -> str:
        """The message for the field, in ``language`` (default: the UI language)."""
        lang = language or _current
        return gettext_for(lang)(MONEY_PROBLEMS[self.code]).format(
            example=format_money(Decimal("45.00"), lang), maximum=format_money(MAX_MONEY, lang)
        )


_MONEY_CHARS = re.compile(r"[0-9.,+\-]+")
_MAX_WHOLE_DIGITS = 9  # with thousands marks "999,999,999" still reads as too large, not as junk


def parse_money(text: str, language: str | None = None) -> Decimal:
    """Parse an amount typed in the active locale (``35.00`` or ``35,00`` in Spanish).

    Raises :class:`MoneyError` (a ``ValueError``) with a reason code for anything
    that is not a plain amount of at most :data:`MAX_MONEY` with at most two
    decimals.  Checked before babel sees the text, because babel and ``Decimal``
    read ``1e3``, ``NaN``, ``Infinity`` and non-ASCII digits as numbers.
    """
    cleaned = text.strip().replace("$", "").replace("US", "").strip()
    if not cleaned:
        raise MoneyError("empty")
    folded = cleaned.lower()
    if any(word in folded for word in ("nan", "inf", "\u221e")):
        raise MoneyError("not_finite")
    if any(c.isdigit() and not c.isascii() for c in cleaned):
        raise MoneyError("non_ascii_digits")
    if "e" in folded and re.search(r"\de|e[+\-]?\d", folded):
        raise MoneyError("exponent")
    if not _MONEY_CHARS.fullmatch(cleaned):
        raise MoneyError("not_a_number")
    # Before Decimal sees it: 29+ digits overflow its context (InvalidOperation).
    whole = re.sub(r"[.,]\d*$", "", cleaned)
    if sum(c.isdigit() for c in whole) > _MAX_WHOLE_DIGITS:
        raise MoneyError("too_large")
    if sum(c.isdigit() for c in cleaned) > _MAX_WHOLE_DIGITS + 2:
        raise MoneyError("too_many_decimals")
    lang = language or _current
    candidates = [cleaned]
    if lang == "es" and "," in cleaned and "." not in cleaned:
        # es_US uses '.' as decimal mark, but many Spanish speakers type ','.
        candidates.insert(0, cleaned.replace(",", "."))
    for candidate in candidates:
        try:
            value = parse_decimal(candidate, locale=babel_locale(lang), strict=True)
        except (NumberFormatError, InvalidOperation, ArithmeticError, TypeError):
            continue
        if not value.is_finite():
            raise MoneyError("not_finite")
        if value.as_tuple().exponent < -2:  # type: ignore[operator]
            raise MoneyError("too_many_decimals")
        if abs(value) > MAX_MONEY:
            raise MoneyError("too_large")
        if value.is_zero() and (value.is_signed() or cleaned.lstrip().startswith("-")):
            raise MoneyError("negative_zero")
        return value.quantize(Decimal("0.01"))
    raise MoneyError("not_a_number")


#: Date patterns that replace CLDR's for a language.  CLDR writes es_US dates day
#: first (``3/11/2026``), but agents and clients in the US read ``11/3`` as November
#: 3rd in either language, so Spanish numeric and abbreviated dates keep the US
#: month-first order.  Spelled-out dates ("lunes, 23 de noviembre de 2026") are read
#: aloud to clients and cannot be misread, so they stay as CLDR writes them.
DATE_PATTERNS: dict[str, dict[str, str]] = {
    "es": {"short": "M/d/yy", "medium": "MMM d, y"},
}
#: The same orders for Qt's date widgets (``QDateEdit.setDisplayFormat``).
QT_DATE_FORMATS: dict[str, str] = {"short": "M/d/yy", "medium": "MMM d, yyyy", "weekday": "ddd, MMM d, yyyy"}


def date_pattern(fmt: str = "medium", language: str | None = None) -> str:
    """The babel pattern dates are shown and typed in (month first in both languages)."""
    lang = _check(language or _current)
    if fmt not in ("short", "medium", "long", "full"):
        return fmt  # already a pattern, such as "EEEE"
    override = DATE_PATTERNS.get(lang, {}).get(fmt)
    return override or str(get_date_format(fmt, locale=babel_locale(lang)).pattern)  # type: ignore[arg-type]


def format_date(value: date, language: str | None = None, fmt: str = "medium") -> str:
    pattern = date_pattern(fmt, language)
    return _plain_spaces(_babel_format_date(value, format=pattern, locale=babel_locale(language)))


def _plain_spaces(text: str) -> str:
    """CLDR puts narrow no-break spaces in times (``2:30\u202fPM``); agents paste these
    texts into a CRM and chat that may show them as boxes, so use plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def format_time(value: datetime, language: str | None = None, *, with_zone: bool = True) -> str:
    """Clock time of an aware datetime, with its zone abbreviation (e.g. ``2:30 PM EST``)."""
    text = _plain_spaces(_babel_format_time(value, format="short", locale=babel_locale(language)))
    return f"{text} {zone_abbreviation(value)}" if with_zone else text


def format_datetime(value: datetime, language: str | None = None, *, with_zone: bool = True) -> str:
    """Date and time of an aware datetime in its own zone, e.g. ``Nov 23, 2026, 2:30 PM EST``."""
    day = _babel_format_date(value, format=date_pattern("medium", language), locale=babel_locale(language))
    time = _babel_format_time(value, format="short", locale=babel_locale(language))
    body = _plain_spaces(f"{day}, {time}")
    return f"{body} {zone_abbreviation(value)}" if with_zone else body


def zone_abbreviation(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.tzname() or ""
