"""Account notes: the draft an agent fills in and the text pasted into the CRM.

Why compose instead of letting agents type freely: the note is the account's
memory (SOP N1) and the next agent reads it in seconds, so every note has the
same outline (SOP N3) and a disposition (SOP N4).  Workflows (POC, credits,
override coaching...) hand a pre-filled :class:`NoteDraft` to the Notes page; the
agent edits it and :func:`compose_note` produces the text.

The lint checks live in :mod:`desktop.models.notes.lint` and are re-exported here
because callers think of them as part of "the note".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.i18n import N_, gettext_for
from desktop.models.notes.lint import (
    ALL_CAPS,
    CARD_NUMBER,
    DIRECT_QUOTE,
    FEELINGS,
    Finding,
    finding_text,
    lint_note,
    redact_card_numbers,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "ALL_CAPS",
    "CARD_NUMBER",
    "DIRECT_QUOTE",
    "FEELINGS",
    "REQUIRED_PARTS",
    "STYLES",
    "Finding",
    "IncompleteNoteError",
    "NoteDraft",
    "compose_note",
    "finding_text",
    "lint_note",
    "merge_offered_note",
    "missing_parts",
    "redact_card_numbers",
]

STYLES: tuple[str, ...] = ("4e", "bullets")

# SOP N3 / N4: a note without these parts does not tell the next agent what happened.
REQUIRED_PARTS: tuple[str, ...] = ("customer_name", "reason", "resolution", "disposition")

# Section headings of the outline (SOP N3), translated at use with gettext_for(language).
_CUSTOMER_INFO = N_("Customer info:")
_REASON = N_("Reason:")
_RESOLUTION = N_("Resolution:")
_ADDITIONAL_INFO = N_("Additional info:")
_FOLLOW_UP = N_("Follow up:")
_DISPOSITION = N_("Disposition:")
_NOT_APPLICABLE = N_("N/A")
# Opening line of the narrative ("bullets") form.  "Spoke with" fits inbound and outbound calls.
_OPENING_WITH_RELATIONSHIP = N_("Spoke with {name} ({relationship}). Reason: {reason}")
_OPENING = N_("Spoke with {name}. Reason: {reason}")

_BULLET = "- "
_LEADING_BULLET = re.compile(r"^\s*(?:[-*•·‣◦]+|\d+[.)])\s+")


class IncompleteNoteError(ValueError):
    """A required part of the outline is empty; ``missing`` names every such part."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__("missing required part(s): " + ", ".join(missing))
        self.missing = missing


@dataclass
class NoteDraft:
    """What the agent is writing, field by field (SOP N3).

    Mutable on purpose: it is the editable state behind the Notes page, filled in
    by a workflow and then by the agent, and saved as-is so an unfinished note
    survives closing the app.  ``disposition`` is a reason id from
    ``resources/dispositions.json`` (e.g. ``"poc_request"``); any other text is
    printed unchanged so a draft is never rejected for an unknown id.
    ``critical`` marks information that matters for the life of the account (SOP
    N2); ``flag`` is that fact in a few words, recorded as a client flag and stated in the note.
    """

    customer_name: str = ""
    relationship: str = ""
    reason: str = ""
    resolution: list[str] = field(default_factory=list)
    additional_info: str = ""
    follow_up: str = ""
    disposition: str = ""
    critical: bool = False
    flag: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form, for saving the draft between sessions."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NoteDraft:
        """Rebuild a saved draft, tolerating missing or unknown keys from older versions."""
        resolution = data.get("resolution") or []
        if isinstance(resolution, str):
            resolution = resolution.splitlines()
        return cls(
            customer_name=str(data.get("customer_name") or ""),
            relationship=str(data.get("relationship") or ""),
            reason=str(data.get("reason") or ""),
            resolution=[str(line) for line in resolution],
            additional_info=str(data.get("additional_info") or ""),
            follow_up=str(data.get("follow_up") or ""),
            disposition=str(data.get("disposition") or ""),
            critical=bool(data.get("critical", False)),
            flag=str(data.get("flag") or ""),
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _resolution_lines(draft: NoteDraft) -> list[str]:
    lines = []
    for raw in draft.resolution:
        for piece in str(raw).splitlines():
            line = _one_line(_LEADING_BULLET.sub("", piece))
            if line:
                lines.append(line)
    return lines


def missing_parts(draft: NoteDraft) -> tuple[str, ...]:
    """Names of the required parts that are still empty (SOP N3, N4)."""
    missing = []
    if not _one_line(draft.customer_name):
        missing.append("customer_name")
    if not _one_line(draft.reason):
        missing.append("reason")
    if not _resolution_lines(draft):
        missing.append("resolution")
    if not _one_line(draft.disposition):
        missing.append("disposition")
    return tuple(missing)


def _disposition_text(value: str, language: str) -> str:
    from desktop.models.notes.dispositions import disposition_label

    value = _one_line(value)
    try:
        label = disposition_label(value, language)
    except (OSError, ValueError):  # a broken data file must not block writing a note
        label = None
    return label or value


#: "(SOP C2)", "(SOP C1, C13)": rule ids the app cites for the agent, not for the CRM.
_RULE_IDS = re.compile(r"\s*\(SOP [A-Z]\d+(?:\s*,\s*[A-Z]\d+)*\)")
#: The heading of a critical note (SOP N2), so the CRM reader sees it without the app.
_CRITICAL = N_("Critical note: applies for the life of the account.")
_FLAG = N_("Client flag (for the life of the account): {flag}")


def without_rule_ids(text: str) -> str:
    """``text`` without the "(SOP X1)" citations: provenance stays in the app's history."""
    return _RULE_IDS.sub("", text)


def compose_note(
    draft: NoteDraft, style: str = "4e", language: str = "en", *, provenance: bool = False
) -> str:
    """The note text to paste into the CRM.

    SOP rule ids are left out unless ``provenance`` (a lead's setting): the CRM
    reader needs what happened, and the app's history already records which rule
    and which pack version decided it.  A critical note (SOP N2) starts with a
    heading that says so, because the CRM shows notes as plain text.

    ``"4e"`` is the outline (SOP N3); ``"bullets"`` is the equally valid narrative
    sentence followed by one bullet per action.  Headings are in ``language`` (the
    language the account's notes are kept in), the agent's own text is kept as
    typed.  Raises :class:`IncompleteNoteError` (a ``ValueError``) naming every
    empty required part.
    """
    if style not in STYLES:
        raise ValueError(f"unknown note style: {style!r}")
    t = gettext_for(language)  # raises ValueError for an unsupported language
    missing = missing_parts(draft)
    if missing:
        raise IncompleteNoteError(missing)

    name = _one_line(draft.customer_name)
    relationship = _one_line(draft.relationship)
    reason = _one_line(draft.reason)
    resolution = _resolution_lines(draft)
    additional = _one_line(draft.additional_info)
    follow_up = _one_line(draft.follow_up)
    disposition = _disposition_text(draft.disposition, language)
    na = t(_NOT_APPLICABLE)

    if style == "4e":
        lines = [t(_CUSTOMER_INFO), _BULLET + name]
        if relationship:
            lines.append(_BULLET + relationship)
        lines.append(f"{t(_REASON)} {reason}")
        lines.append(t(_RESOLUTION))
        lines += [_BULLET + line for line in resolution]
        lines.append(f"{t(_ADDITIONAL_INFO)} {additional or na}")
        lines.append(f"{t(_FOLLOW_UP)} {follow_up or na}")
    else:
        lines = [_opening(t, name, relationship, reason)]
        lines += [_BULLET + line for line in resolution]
        if additional:
            lines.append(f"{t(_ADDITIONAL_INFO)} {additional}")
        lines.append(f"{t(_FOLLOW_UP)} {follow_up or na}")
    lines.append(f"{t(_DISPOSITION)} {disposition}")  # SOP N4
    if draft.critical:  # SOP N2: the heading, then the fact the card shows as a flag
        fact = _one_line(draft.flag)
        lines[:0] = [t(_CRITICAL), *([t(_FLAG).format(flag=fact)] if fact else [])]
    text = "\n".join(lines)
    return text if provenance else without_rule_ids(text)


def _opening(t: Callable[[str], str], name: str, relationship: str, reason: str) -> str:
    if relationship:
        return t(_OPENING_WITH_RELATIONSHIP).format(name=name, relationship=relationship, reason=reason)
    return t(_OPENING).format(name=name, reason=reason)


def _join(old: str, new: str) -> str:
    old, new = _one_line(old), _one_line(new)
    if not old or old == new:
        return new or old
    if not new:
        return old
    return f"{old}; {new}"


def merge_offered_note(draft: NoteDraft, fields: Mapping[str, Any]) -> NoteDraft:
    """Fold a workflow's note into what the agent already has for this call.

    Why merge and not replace: one call can run several workflows (a credit, then
    a POC request); replacing would silently drop the first one's actions, and
    notes must record everything that happened (SOP N3).  Resolution lines are
    appended without duplicates; texts are joined; the newest disposition wins
    (a note has exactly one, SOP N4); ``critical`` is kept once set.
    """
    offered = NoteDraft.from_dict(fields)
    resolution = list(draft.resolution)
    for line in offered.resolution:
        if line.strip() and line not in resolution:
            resolution.append(line)
    return NoteDraft(
        customer_name=offered.customer_name or draft.customer_name,
        relationship=offered.relationship or draft.relationship,
        reason=_join(draft.reason, offered.reason),
        resolution=[line for line in resolution if line.strip()],
        additional_info=_join(draft.additional_info, offered.additional_info),
        follow_up=_join(draft.follow_up, offered.follow_up),
        disposition=offered.disposition or draft.disposition,
        critical=draft.critical or offered.critical,
        flag=draft.flag or offered.flag,
    )
