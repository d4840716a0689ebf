"""Finding and masking payment-card numbers in free text (SOP N1: no card data is stored).

Why hand-written: what must be found is a number *typed by a person* inside a
sentence, with whatever separators the keyboard or a paste produced (single or
double spaces, tabs, non-breaking spaces, dots, slashes, underscores, hyphens,
en/em dashes) and in any digit form (fullwidth, other scripts), and its exact
character offsets, so the view can underline it and mask it in place.  Card
libraries validate one clean number; PII engines that scan text (Presidio) pull
in a language model and still miss these separators.  The Luhn checksum is
written out too: it is six lines, and ``python-stdnum`` (which has it) imports
``ssl`` and ``pydoc`` at start, which the frozen build leaves out.

How: every character is normalised on its own with NFKC, so offsets keep
pointing at the original text and the mask keeps its length.  Digit groups
joined by short separator gaps form a run; within a run every window of whole
groups holding 13–19 digits that passes the Luhn check is a card.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

CARD_MIN, CARD_MAX = 13, 19
MASK = "*"

# A gap between two digit groups is at most this many separator characters
# ("4111 - 1111" has three).  Longer gaps are prose between unrelated numbers.
_MAX_GAP = 3

# Kinds of characters after per-character NFKC.
_DIGIT, _SPACE, _PUNCT, _OTHER = 0, 1, 2, 3

# Separator punctuation beyond Unicode dashes (Pd) and connectors (Pc: "_").
_SEPARATOR_PUNCT = frozenset("./\\·•・⁄∕−")


@lru_cache(maxsize=4096)
def _classify(char: str) -> tuple[int, str]:
    """(kind, ASCII digits) of one character, after NFKC (fullwidth ４ is 4, NBSP a space)."""
    if "0" <= char <= "9":
        return _DIGIT, char
    norm = unicodedata.normalize("NFKC", char)
    if norm and all(unicodedata.decimal(c, -1) >= 0 for c in norm):
        return _DIGIT, "".join(str(unicodedata.decimal(c)) for c in norm)
    if char.isspace() or norm.isspace():
        return _SPACE, ""
    if len(norm) == 1 and (norm in _SEPARATOR_PUNCT or unicodedata.category(norm) in ("Pd", "Pc")):
        return _PUNCT, ""
    return _OTHER, ""


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str
    # The gap before it is one space (NBSP too) or one hyphen, or the group opens the run.
    plain_gap_before: bool


def _runs(text: str) -> Iterator[list[_Group]]:
    """Digit groups joined by separator gaps of at most ``_MAX_GAP`` characters."""
    run: list[_Group] = []
    i, n = 0, len(text)
    gap_start = -1  # where the gap after the last group started (-1: no group yet)
    while i < n:
        kind, value = _classify(text[i])
        if kind == _DIGIT:
            start, digits = i, [value]
            i += 1
            while i < n:
                kind, value = _classify(text[i])
                if kind != _DIGIT:
                    break
                digits.append(value)
                i += 1
            if run and gap_start >= 0:
                gap = text[gap_start:start]
                plain = gap == "-" or unicodedata.normalize("NFKC", gap) == " "
                run.append(_Group(start, i, "".join(digits), plain))
            else:
                run = [_Group(start, i, "".join(digits), True)]
            gap_start = i
            continue
        if kind in (_SPACE, _PUNCT) and run and i - gap_start < _MAX_GAP:
            i += 1
            continue
        if run:
            yield run
            run = []
        gap_start = -1
        i += 1
    if run:
        yield run


def luhn_valid(digits: str) -> bool:
    """Luhn checksum, the check every payment-card number satisfies (ASCII digits only)."""
    if not digits or not all("0" <= c <= "9" for c in digits):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_shaped(groups: list[_Group]) -> bool:
    """Whether a window of groups may be typed as one card.

    Single spaces and hyphens join groups of any length, as before.  The other
    separators are where dates (06/03/2026), amounts (1.234.567), versions and
    addresses (192.168.0.1) live, so across them every group but the last must
    hold at least four digits, as card groupings do (4-4-4-4, 4-6-5, 4-4-4-1).
    """
    if all(g.plain_gap_before for g in groups[1:]):
        return True
    return all(len(g.digits) >= 4 for g in groups[:-1])


#: Digits of a card typed so far that already give the card away: with 14 of 16
#: digits known, the Luhn check digit leaves ten candidates.
PARTIAL_MIN = 14


def card_spans(text: str, *, in_progress: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of every card number in ``text``.

    ``in_progress`` is for text caught while it is being typed (a draft saved on a
    timer): a card whose last digits are not typed yet fails Luhn, so there every
    card-shaped run of 14–19 digits counts, Luhn or not.  13-digit runs still need
    Luhn, as that is what ticket numbers look like.

    Within a run, every window of whole groups holding 13–19 digits is checked, so
    a card typed right after another number ("CID 1234567 4111 1111 1111 1111")
    is still caught; overlapping hits are merged so the whole card is masked even
    if a spurious window also passes Luhn.  A single unbroken block longer than 19
    digits (a serial number) is never cut into arbitrary pieces, which would flag
    random numbers one time in ten.
    """
    for groups in _runs(text):
        hits: list[tuple[int, int]] = []
        for i in range(len(groups)):
            count = 0
            for j in range(i, len(groups)):
                count += len(groups[j].digits)
                if count > CARD_MAX:
                    break
                window = groups[i : j + 1]
                if count < CARD_MIN or not _card_shaped(window):
                    continue
                if (in_progress and count >= PARTIAL_MIN) or luhn_valid("".join(g.digits for g in window)):
                    hits.append((i, j))
        merged: list[list[int]] = []
        for i, j in sorted(hits):
            if merged and i <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], j)
            else:
                merged.append([i, j])
        for i, j in merged:
            yield groups[i].start, groups[j].end


# Thirteen digits anywhere, with anything between them (\d is every decimal digit).
_THIRTEEN_DIGITS = re.compile(r"(?:\D*\d){" + str(CARD_MIN) + "}")


def may_hold_card(text: str) -> bool:
    """Cheap test: fewer than 13 digits (in any form) can hold no card number.

    Every text written to the store passes here, so the common case (a name, a
    short note) must cost next to nothing.  NFKC first, so circled or
    superscript digits count too.
    """
    if len(text) < CARD_MIN:
        return False
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _THIRTEEN_DIGITS.match(text) is not None


def _mask_span(chars: list[str], start: int, end: int, keep: int = 4) -> None:
    """Mask the digits of ``chars[start:end]`` except the last ``keep`` digits."""
    kept = 0
    for i in range(end - 1, start - 1, -1):
        kind, value = _classify(chars[i])
        if kind != _DIGIT:
            continue
        if kept < keep:
            kept += len(value)
        else:
            chars[i] = MASK


def redact_card_numbers(text: str, *, in_progress: bool = False) -> str:
    """Mask every card number, keeping only its last four digits.

    ``in_progress``: also mask card-shaped runs that fail Luhn (see :func:`card_spans`).

    The mask has the same length as the original (digits become ``*``, separators
    stay), so cursor positions and other findings' offsets are unchanged when the
    view masks as the agent types.  Masking is repeated until nothing is left: the
    kept last four digits could, in theory, form a new card-like run with the
    digits that follow, and a full card number must never reach storage.
    """
    if not may_hold_card(text):
        return text
    while True:
        spans = list(card_spans(text, in_progress=in_progress))
        if not spans:
            return text
        chars = list(text)
        for start, end in spans:
            _mask_span(chars, start, end)
        text = "".join(chars)


def mask_while_typing(text: str) -> str:
    """:func:`redact_card_numbers` for a field being typed into, one key at a time.

    Typed digit by digit, a card's first 13–18 digits can already pass Luhn and be
    masked; the digits typed after that would then stay visible.  So a run that
    already holds mask characters and is still card-sized (13–19 symbols) keeps
    only its last four digits visible as it grows.
    """
    text = redact_card_numbers(text)
    if MASK not in text:
        return text
    # Treat the mask character as a digit to find the runs it belongs to.
    probe = text.replace(MASK, "0")
    chars = list(text)
    for groups in _runs(probe):
        start, end = groups[0].start, groups[-1].end
        symbols = sum(len(g.digits) for g in groups)
        if MASK not in text[start:end] or not CARD_MIN <= symbols <= CARD_MAX:
            continue
        _mask_span(chars, start, end)
    return "".join(chars)
