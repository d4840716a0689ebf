"""Chat escalations to leads: which chat, which template, and a polite, useful request.

Why these checks: a chat request without the client ID or with a vague reason
costs a lead a round-trip while the client waits on the line (SOP H1), and the
weekend chat is a different room (SOP H2).  The templates (SOP H4) have fixed
labels leads scan for.

Language decision: the rendered message is **always English**, whatever the UI
language.  The message goes into a shared leadership chat that every lead reads,
the SOP templates are defined in English with fixed labels ("CID:", "UTR:"...)
that leads scan and search for, and a Spanish-speaking agent still posts to the
same room as everyone else.  Translating the labels would make the same request
look different depending on who sent it.  Only the agent's own words (the
reason) are passed through as typed.  Everything the *agent* reads around the
message — form labels, the channel banner, etiquette and error explanations — is
translated (see :func:`etiquette_text`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from desktop.i18n import N_, _, gettext_for
from desktop.models.notes.lint import all_caps_spans, caps_word_counts

# Chat messages are written for leads in the shared chat (see module docstring).
CHAT_LANGUAGE = "en"

EASTERN = ZoneInfo("America/New_York")

WEEKDAY = "weekday"
WEEKEND = "weekend"

POC_CODE = "poc_code"
MECHANIC_BYPASS = "mechanic_bypass"
STATE_TRANSFER = "state_transfer"
REMOVAL = "removal"

# Error codes (ValueError.args[0] or the ``code`` attribute of ChatFieldsError).
MISSING_FIELDS = "missing_fields"
BALANCE_MUST_BE_ZERO = "balance_must_be_zero"
INVALID_BALANCE = "invalid_balance"
UNKNOWN_TEMPLATE = "unknown_template"

# Etiquette codes (SOP H1, H3).
NOT_A_QUESTION_OR_REQUEST = "not_a_question_or_request"
ALL_CAPS = "all_caps"
NO_RESOURCES_CHECKED = "no_resources_checked"
ETIQUETTE_CODES: tuple[str, ...] = (NOT_A_QUESTION_OR_REQUEST, ALL_CAPS, NO_RESOURCES_CHECKED)


@dataclass(frozen=True)
class ChatField:
    """One line of a template: the key callers pass and the fixed English label."""

    key: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class ChatTemplate:
    id: str
    title: str
    fields: tuple[ChatField, ...]

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)


# SOP H4.  Labels are the SOP's own, untranslated (see module docstring).
TEMPLATES: dict[str, ChatTemplate] = {
    POC_CODE: ChatTemplate(
        POC_CODE,
        "POC CODE",
        (
            ChatField("cid", "CID"),
            ChatField("utr", "UTR"),
            ChatField("appointment_time", "APPOINTMENT TIME"),
            ChatField("drive_time", "DRIVE TIME"),
            ChatField("reason", "REASON"),
        ),
    ),
    MECHANIC_BYPASS: ChatTemplate(
        MECHANIC_BYPASS,
        "MECHANIC BYPASS",
        (
            ChatField("cid", "CID"),
            ChatField("reason", "REASON"),
            # Only when the affidavit or work order is not yet on file and must be traced.
            ChatField("from_contact", "FROM FAX/EMAIL", required=False),
        ),
    ),
    STATE_TRANSFER: ChatTemplate(
        STATE_TRANSFER,
        "STATE-TO-STATE TRANSFER",
        (
            ChatField("cid", "CID"),
            ChatField("from_state", "FROM"),
            ChatField("to_state", "TO"),
            ChatField("new_shop", "NEW SHOP"),
            ChatField("account_balance", "ACCOUNT BALANCE"),
        ),
    ),
    # SOP H7: Virginia (VASAP) removals are checked against TREDS before asking.
    REMOVAL: ChatTemplate(
        REMOVAL,
        "REMOVAL",
        (
            ChatField("cid", "CID"),
            ChatField("state", "STATE"),
            ChatField("treds", "TREDS REMOVAL ORDER"),
            ChatField("reason", "REASON"),
        ),
    ),
}

#: The chat topic of each template (desktop.models.chat.rooms, SOP H8).
TEMPLATE_TOPICS: dict[str, str] = {
    POC_CODE: "poc_escalation",
    MECHANIC_BYPASS: "mechanic_bypass",
    STATE_TRANSFER: "state_transfer",
    REMOVAL: "removal",
}

_MULTILINE_FIELDS = frozenset({"reason"})


class ChatFieldsError(ValueError):
    """Required template fields are empty; ``fields`` names every one of them (SOP H1, H4)."""

    def __init__(self, template: str, fields: tuple[str, ...]) -> None:
        super().__init__(f"{MISSING_FIELDS}: " + ", ".join(fields))
        self.code = MISSING_FIELDS
        self.template = template
        self.fields = fields


def chat_channel(at: datetime) -> str:
    """``"weekday"`` Monday–Friday, ``"weekend"`` Saturday–Sunday, by the US Eastern calendar (SOP H2).

    Eastern because the leadership chats are staffed on Eastern time: an agent in
    Pacific time at 10 PM Friday is already in Saturday for the chat.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware datetime")
    return WEEKEND if at.astimezone(EASTERN).weekday() >= 5 else WEEKDAY


_AMOUNT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def parse_balance(text: str) -> Decimal:
    """The account balance typed in the form: ``0``, ``0.00``, ``$1,234.50``...

    Raises ``ValueError("invalid_balance")`` for anything else (including
    ``NaN``/``Infinity``, which ``Decimal`` would otherwise accept).
    """
    cleaned = text.strip().replace("$", "", 1).replace(",", "").strip()
    if cleaned.startswith(("+$", "-$")):
        cleaned = cleaned[0] + cleaned[2:]
    if not _AMOUNT.match(cleaned):
        raise ValueError(INVALID_BALANCE)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes these
        raise ValueError(INVALID_BALANCE) from exc


def missing_fields(template: str, fields: Mapping[str, str]) -> tuple[str, ...]:
    """Required keys of ``template`` that are absent or blank, in template order."""
    spec = _template(template)
    return tuple(key for key in spec.required_keys if not str(fields.get(key) or "").strip())


def _template(template: str) -> ChatTemplate:
    try:
        return TEMPLATES[template]
    except KeyError:
        raise ValueError(f"{UNKNOWN_TEMPLATE}: {template!r}") from None


def _value(key: str, raw: str) -> str:
    text = str(raw).strip()
    if key in _MULTILINE_FIELDS:
        return "\n".join(line.rstrip() for line in text.splitlines()).strip()
    return " ".join(text.split())


def render_chat(template: str, fields: Mapping[str, str]) -> str:
    """The message to paste into the lead chat, in the SOP's template (SOP H4).

    Raises :class:`ChatFieldsError` (a ``ValueError``) naming every missing
    required field; for a state transfer, ``ValueError("balance_must_be_zero")``
    when the account has a balance (SOP H5) and ``ValueError("invalid_balance")``
    when the amount cannot be read.  A credit on the account is not entered as a
    balance: the transfer is possible, and the agent tells the client the credit
    does not move with it (the Chat page shows that reminder).
    """
    spec = _template(template)
    missing = missing_fields(template, fields)
    if missing:
        raise ChatFieldsError(template, missing)  # SOP H1: CID and a reason are always required

    values = {f.key: _value(f.key, fields.get(f.key) or "") for f in spec.fields}
    if template == STATE_TRANSFER:
        balance = parse_balance(values["account_balance"])
        if balance != 0:
            raise ValueError(BALANCE_MUST_BE_ZERO)  # SOP H5
        values["account_balance"] = "$0.00"

    lines = [spec.title]
    for f in spec.fields:
        value = values[f.key]
        if not f.required and not value:
            continue
        lines.append(f"{f.label}: {value}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Etiquette (SOP H1, H3)

_ETIQUETTE_TEXTS: dict[str, str] = {
    NOT_A_QUESTION_OR_REQUEST: N_(
        "Ask a clear question or make a clear request, so the lead knows what help you need."
    ),
    ALL_CAPS: N_("Do not write in capital letters; it reads as shouting in the chat."),
    NO_RESOURCES_CHECKED: N_(
        "Say what you already checked (for example the SOP, account notes, client log or invoices)."
    ),
}

# Signals of a question or a request (SOP H3: "ask, don't state").  Bare modal verbs
# are left out on purpose: "client can't start the car" is a statement.
_REQUEST = re.compile(
    r"\?|¿|"
    r"\b(?:please|pls|plz|(?:can|could|would|will)\s+(?:you|someone|anyone|a\s+lead|i|we)|may\s+i|"
    r"(?:i|we)\s+need|need\s+(?:help|assistance|a\s+lead|someone|approval)|"
    r"request|requesting|(?:i|we)(?:'d|\s+would)\s+like|looking\s+for|asking\s+(?:for|if|whether)|"
    r"help|assist|assistance|advise|approve|approval|escalate|"
    r"is\s+it\s+(?:possible|ok|okay|allowed))\b|"
    r"\b(?:por\s+favor|favor\s+de|(?:me|nos)\s+(?:puede|pueden|podr[ií]a|podr[ií]an)|"
    r"alguien\s+(?:puede|podr[ií]a)|podr[ií]an|necesito|necesitamos|solicito|solicitamos|"
    r"solicitud|ayuda|ayudar|apoyo|aprobar|aprobaci[oó]n|escalar|es\s+posible|quisiera|"
    r"me\s+gustar[ií]a)\b",
    re.IGNORECASE,
)

# "Already checked" = a past-tense checking verb (or "per"/"según") followed closely by a
# resource from SOP H3's list.  Present tense ("can you check the account?") asks the
# lead to do the looking, which is exactly what the rule is about.
_CHECK_VERB = (
    r"checked|reviewed|verified|looked|read|confirmed|searched|went\s+through|consulted|"
    r"per|according\s+to|"
    r"revis[eé]|revisado|revisada|revisamos|verifiqu[eé]|verificado|verificada|consult[eé]|"
    r"confirm[eé]|le[ií]|busqu[eé]|cheque[eé]|seg[uú]n"
)
_RESOURCE = (
    r"sop|sops|notes?|notations?|knowledge|kb|account|client\s+log|log|invoices?|"
    r"paid[\s-]+to[\s-]+date|next\s+service|ptd|m9|utr|ticket|affidavit|work\s+order|file|"
    r"history|details|"
    r"notas?|cuenta|registro|facturas?|historial|expediente|declaraci[oó]n|orden\s+de\s+trabajo|"
    r"detalles|base\s+de\s+conocimiento"
)
_RESOURCES_CHECKED = re.compile(
    rf"\b(?:{_CHECK_VERB})\b[^.?!\n]{{0,60}}\b(?:{_RESOURCE})\b", re.IGNORECASE
)


def _shouting(text: str) -> bool:
    """A run of capitals (as in notes), or a short message that is mostly capitals."""
    if any(True for _ in all_caps_spans(text)):
        return True
    shouted, total = caps_word_counts(text)
    return shouted >= 2 and shouted * 2 > total


def etiquette_findings(reason_text: str) -> tuple[str, ...]:
    """Etiquette problems in the free-text reason of a chat request (SOP H1, H3).

    Heuristics, not grammar: they only look for the signals a lead needs — a
    question or request, no shouting, and a statement of what was already
    looked at — so a short, well-formed request passes.
    """
    text = reason_text.strip()
    codes: list[str] = []
    if not _REQUEST.search(text):
        codes.append(NOT_A_QUESTION_OR_REQUEST)  # SOP H3: ask a question, not a statement
    if _shouting(text):
        codes.append(ALL_CAPS)  # SOP H3: no all-capital messages
    if not _RESOURCES_CHECKED.search(text):
        codes.append(NO_RESOURCES_CHECKED)  # SOP H1/H3: say which resources were used
    return tuple(codes)


def etiquette_text(code: str, language: str | None = None) -> str:
    """Explanation of an etiquette code, in the UI language or an explicit one."""
    message = _ETIQUETTE_TEXTS[code]
    return gettext_for(language)(message) if language else _(message)


# ---------------------------------------------------------------------------
# Mechanic bypass prerequisites (SOP H6)

AFFIDAVIT_MISSING = "affidavit_missing"
WORK_ORDER_MISSING = "work_order_missing"

_ERROR_TEXTS: dict[str, str] = {
    MISSING_FIELDS: N_("Fill in every required field before copying the request."),
    BALANCE_MUST_BE_ZERO: N_(
        "A state-to-state transfer is not possible while the account has a balance. "
        "The balance must be $0.00 first."
    ),
    INVALID_BALANCE: N_("Enter the account balance as an amount, for example 0.00."),
    AFFIDAVIT_MISSING: N_("A current Mechanic Affidavit must be on file (check the client log notes)."),
    WORK_ORDER_MISSING: N_("A current Work Order must be on file (check the client log notes)."),
}


def mechanic_bypass_blockers(
    affidavit_on_file: bool, work_order_on_file: bool, from_contact: str = ""
) -> tuple[str, ...]:
    """What stops a mechanic bypass request from going to the chat (SOP H6).

    The request needs a current Mechanic Affidavit and Work Order on file.  The
    one exception is the template's "FROM FAX/EMAIL" line: when the client says
    the forms were sent but they are missing (or only one arrived), the lead can
    trace them from that fax number or email, so a filled ``from_contact``
    lifts the block.
    """
    if from_contact.strip():
        return ()
    codes = []
    if not affidavit_on_file:
        codes.append(AFFIDAVIT_MISSING)
    if not work_order_on_file:
        codes.append(WORK_ORDER_MISSING)
    return tuple(codes)


def error_text(code: str, language: str | None = None) -> str:
    """Explanation of a chat error or blocker code, for the agent."""
    message = _ERROR_TEXTS[code]
    return gettext_for(language)(message) if language else _(message)
