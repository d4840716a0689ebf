"""Checks a note before it leaves the agent's hands (SOP N1).

Why a linter instead of a rule the agent reads once: notes are written in the last
seconds of a call, under pressure, and the mistakes that matter are the ones a
quick read misses — a pasted card number, a customer quoted word for word, a
sentence typed with caps lock on, an opinion about the customer.  Each finding is
a machine-readable ``code`` with character offsets so the view can underline the
exact spot and explain it in the agent's language (:func:`finding_text`).

The detectors are deliberately conservative: an ordinary number (client ID, UTR
ticket, phone, amount, date) or an acronym on its own must never be flagged, or
agents learn to ignore the warnings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from desktop.i18n import N_, _, gettext_for
from desktop.models.card_numbers import card_spans
from desktop.models.card_numbers import luhn_valid as luhn_valid
from desktop.models.card_numbers import mask_while_typing as mask_while_typing
from desktop.models.card_numbers import redact_card_numbers as redact_card_numbers
from desktop.models.redaction import CALL_SECRETS

# Reason codes (strings, stable: the view and tests key on them).
ALL_CAPS = "all_caps"
DIRECT_QUOTE = "direct_quote"
CARD_NUMBER = "card_number"
FEELINGS = "feelings"
OVERRIDE_CODE = "override_code"
CODES: tuple[str, ...] = (ALL_CAPS, DIRECT_QUOTE, CARD_NUMBER, FEELINGS, OVERRIDE_CODE)

_FINDING_TEXTS: dict[str, str] = {
    # SOP N1: notes stay professional; all-capital text reads as shouting.
    ALL_CAPS: N_("Written in capital letters. Notes must read as calm and professional; "
                 "use normal capitalization (acronyms such as CID or UTR are fine)."),
    # SOP N1: no direct quotes of the customer unless they ask for it.
    DIRECT_QUOTE: N_("Direct quote of the customer. Describe what the customer said in your own "
                     "words, unless the customer asked for these exact words to be recorded."),
    # Card data must never be stored anywhere (notes are kept for the life of the account).
    CARD_NUMBER: N_("Looks like a full card number. It will be masked so only the last four "
                    "digits are kept; never store a full card number in a note."),
    # SOP N1: no personal feelings about the customer or the call.
    FEELINGS: N_("Personal opinion about the customer. Describe facts and actions, not feelings "
                 "about the customer or the call."),
    # SOP M7: the override code is read to the client, never written down.
    OVERRIDE_CODE: N_("This is the override code given on this call. It will be removed when the "
                      "note is saved; never write the code in a note."),
}


@dataclass(frozen=True)
class Finding:
    """One problem in a note: ``text[start:end]`` is the offending span."""

    code: str
    start: int
    end: int


def finding_text(code: str, language: str | None = None) -> str:
    """Explanation of a finding code, in the UI language or an explicit one."""
    message = _FINDING_TEXTS[code]
    return gettext_for(language)(message) if language else _(message)


# ---------------------------------------------------------------------------
# card_number and override_code: found by the redaction modules, which mask the
# same spans before anything is stored.


def _code_spans(text: str) -> list[tuple[int, int]]:
    return CALL_SECRETS.spans(text)


# ---------------------------------------------------------------------------
# all_caps


# Acronyms and abbreviations agents legitimately write in capitals.  Maintained
# list: add to it when a real note is flagged wrongly.  Two-letter US state
# codes are included because notes cite the state of conviction (TX, FL, WV...).
ACRONYMS: frozenset[str] = frozenset(
    (
        "CID", "UTR", "POC", "CSG", "MAF", "SOP", "TL", "TLS", "CT", "CX", "CSR", "ART", "LDW",
        "PLUS", "VASAP", "TREDS", "DMV", "MVA", "SR22", "ID", "IDS", "ET", "EST", "EDT", "CST",
        "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AKST", "HST", "AM", "PM", "UTC", "US",
        "USA", "OK", "NA", "FU", "CB", "LVM", "VM", "IVR", "POA", "DOB", "SSN", "PIN", "ETA", "TBD",
        "ASAP", "FYI", "RE", "FW", "AKA", "CC", "ACH", "EFT", "ATM", "AMS", "PERM", "MA", "MECH",
        "WO", "AFF", "QA", "OOS", "SVC", "APPT", "INV", "PTD", "NSD", "BAL", "CR", "DR", "LLC",
        "INC", "DBA", "TEAMS", "SMS", "PDF", "URL", "AL", "AK", "AZ", "AR", "CA", "CO", "DE", "DC",
        "FL", "GA", "HI", "IA", "IL", "IN", "KS", "KY", "LA", "MD", "ME", "MI", "MN", "MO", "MS",
        "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OR", "PA", "PR", "RI", "SC", "SD",
        "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY",
    )
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")


def _is_caps_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_acronym(word: str) -> bool:
    # Tokens mixing letters and digits are device or form codes (SR22, AMS2000, M9).
    return word in ACRONYMS or any(c.isdigit() for c in word)


def all_caps_spans(text: str) -> Iterator[tuple[int, int]]:
    """Runs of three or more consecutive capitalized words that are not only acronyms.

    Acronyms do not break a run (``PLEASE CALL CSG NOW`` is one run), numbers and
    lower-case words do.  A run made only of acronyms (``CID UTR POC``) is a list of
    identifiers, not shouting.
    """
    run: list[tuple[int, int, str]] = []

    def flush() -> Iterator[tuple[int, int]]:
        if len(run) >= 3 and any(not _is_acronym(w) for _, _, w in run):
            yield run[0][0], run[-1][1]
        run.clear()

    for match in _WORD.finditer(text):
        word = match.group()
        if word.isdigit() or not _is_caps_word(word):
            yield from flush()
            continue
        if run and _SENTENCE_BREAK.search(text, run[-1][1], match.start()):
            yield from flush()  # a new sentence starts a new run
        run.append((match.start(), match.end(), word))
    yield from flush()


def caps_word_counts(text: str) -> tuple[int, int]:
    """(capitalized words that are not acronyms and have two or more letters, all words)."""
    words = [m.group() for m in _WORD.finditer(text) if not m.group().isdigit()]
    shouted = sum(1 for w in words if len(w) > 1 and _is_caps_word(w) and not _is_acronym(w))
    return shouted, len(words)


# ---------------------------------------------------------------------------
# direct_quote


_QUOTE = re.compile(r"\"[^\"\n]{2,}\"|“[^”\n]{2,}”|«[^»\n]{2,}»|„[^“”\n]{2,}[“”]")

# Speech verbs that attribute the quoted words to someone (EN + ES).
_SPEECH = (
    r"said|says|saying|stated|states|stating|asked|asks|told|tells|replied|replies|yelled|yells|"
    r"screamed|screams|shouted|shouts|exclaimed|claimed|claims|mentioned|responded|responds|"
    r"quote|quoted|quoting|verbatim|"
    r"dijo|dice|diciendo|indic[oó]|coment[oó]|expres[oó]|grit[oó]|pregunt[oó]|respondi[oó]|"
    r"contest[oó]|afirm[oó]|mencion[oó]|declar[oó]|cit[oó]|textualmente"
)
# A customer reference followed by a colon ("CT: ...", "Client: ...") also attributes.
_WHO = r"customer|client|caller|ct|cx|account holder|he|she|they|cliente|clienta|titular|[eé]l|ella"
_BEFORE = re.compile(rf"(?:\b(?:{_SPEECH})\b[^.!?\n\"“«]{{0,40}}|\b(?:{_WHO})\s*:\s*)$", re.IGNORECASE)
_AFTER = re.compile(rf"^[\s,]{{0,3}}(?:[^.!?\n\"“«]{{0,20}}\b(?:{_SPEECH})\b)", re.IGNORECASE)


def direct_quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Quoted passages attributed by a speech verb or ``Customer:`` right next to them.

    A quoted word with no attribution (an appointment type scheduled as "Other", a
    menu name) is not speech and is left alone.
    """
    for match in _QUOTE.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        after = text[match.end() : match.end() + 40]
        if _BEFORE.search(before) or _AFTER.search(after):
            yield match.start(), match.end()


# ---------------------------------------------------------------------------
# feelings


# Maintained list of opinion and accusation words about a person, and phrases
# that introduce the agent's own view (SOP N1).  Words that also describe a fact
# or a thing neutrally are left out on purpose ("upset", "annoyed", "molesto",
# "cable flojo", "vehículo pesado"): a flagged fact teaches agents to ignore the
# check.  "entitled to a refund" is a fact, so "entitled" is excused when "to"
# follows (see _EXCUSED).  Accents are optional when matching.
FEELING_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "rude", "annoying", "crazy", "insane", "stupid", "dumb", "idiot", "idiotic",
        "moron", "ridiculous", "obnoxious", "nasty", "pathetic", "lazy", "liar", "jerk",
        "unreasonable", "ignorant", "clueless", "whiny", "whining", "hysterical", "psycho",
        "horrible", "awful", "terrible person", "nightmare", "weirdo",
        "difficult customer", "difficult client", "pain in the",
        # accusations: what the agent believes, not what happened
        "lying", "lied", "lies to", "is a liar", "scammer", "scamming", "con artist", "faking",
        "pretending", "making it up", "made it up", "making things up", "drunk", "sketchy",
        "shady", "bad attitude", "attitude problem", "entitled", "belligerent", "argumentative",
        "aggressive", "hostile", "irate", "difficult", "cheap",
        # opinions: the agent's own view of the client
        "i think", "i believe", "i feel", "i guess", "in my opinion", "seems like he",
        "seems like she", "probably lying",
    ),
    "es": (
        "grosero", "grosera", "groseros", "groseras", "maleducado", "maleducada", "mal educado",
        "mal educada", "loco", "loca", "estúpido", "estúpida", "tonto", "tonta", "idiota",
        "imbécil", "ridículo", "ridícula", "insoportable", "mentiroso", "mentirosa",
        "fastidioso", "fastidiosa", "histérico", "histérica", "ignorante",
        "irrespetuoso", "irrespetuosa", "payaso", "payasa", "tarado", "tarada", "necio", "necia",
        "horrible", "pesadilla",
        # acusaciones
        "miente", "mintió", "mintiendo", "mentira", "mentiras", "estafador", "estafadora",
        "tramposo", "tramposa", "finge", "fingiendo", "inventando", "se lo inventa", "borracho",
        "borracha", "mala actitud", "prepotente", "agresivo", "agresiva", "conflictivo",
        "conflictiva", "altanero", "altanera", "sospechoso", "sospechosa",
        # opiniones
        "creo que", "pienso que", "me parece que", "en mi opinión", "yo siento", "supongo que",
    ),
}


def _fold(text: str) -> str:
    """Lower-case and strip accents, keeping length (one char in, one char out)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def _feelings_pattern() -> re.Pattern[str]:
    words = sorted({_fold(w) for group in FEELING_WORDS.values() for w in group}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


_FEELINGS = _feelings_pattern()


#: Matches that describe a fact, not a person: "entitled to a refund", "hostile takeover"…
_EXCUSED = re.compile(r"entitled\s+to\b|difficult\s+to\b|cheap(?:er)?\s+(?:than|option|plan)\b")


def feelings_spans(text: str) -> Iterator[tuple[int, int]]:
    folded = _fold(text)
    for match in _FEELINGS.finditer(folded):
        if _EXCUSED.match(folded, match.start()):
            continue
        yield match.start(), match.end()


# ---------------------------------------------------------------------------


def lint_note(text: str) -> tuple[Finding, ...]:
    """Every finding in ``text``, ordered by position (SOP N1)."""
    findings: list[Finding] = []
    findings += [Finding(CARD_NUMBER, s, e) for s, e in card_spans(text)]
    findings += [Finding(OVERRIDE_CODE, s, e) for s, e in _code_spans(text)]
    findings += [Finding(DIRECT_QUOTE, s, e) for s, e in direct_quote_spans(text)]
    findings += [Finding(ALL_CAPS, s, e) for s, e in all_caps_spans(text)]
    findings += [Finding(FEELINGS, s, e) for s, e in feelings_spans(text)]
    findings.sort(key=lambda f: (f.start, f.end, CODES.index(f.code)))
    return tuple(findings)


def blocking_findings(findings: tuple[Finding, ...], *, quote_requested: bool = False) -> tuple[Finding, ...]:
    """The findings that stop a note from being copied or saved (SOP N1).

    Every finding blocks until the agent rewrites the text: a linter that only
    advises is a linter agents learn to click past.  The one exception N1 allows
    is a direct quote the client asked to have recorded, which the agent marks.
    """
    return tuple(f for f in findings if not (quote_requested and f.code == DIRECT_QUOTE))
