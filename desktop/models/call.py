"""The call as a unit: what one phone call did, and the one note that closes it.

Why a call and not one note per workflow: a caller often needs two things (a
courtesy credit, then a POC request).  Each workflow composes its own 4E note,
and pasting them one after the other gives the next agent the customer's name,
the outline and the same action twice.  The call keeps every note a workflow
offered while it ran and, when it ends, folds them into ONE 4E note (SOP N3) with
one disposition (SOP N4) and no line said twice; history then keeps one "call"
entry that names the workflows' own entries inside its details.

The workflows' own entries stay what they are: the one-time ledger (SOP C1, M9)
and the POC request status (SOP P8) are facts the rules read, not notes.

Time is never read here: the caller passes the moments (its injected clock).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from desktop.models.notes import NoteDraft, compose_note
from desktop.models.store.history import HistoryDraft, HistoryItem

#: Which workflow wrote an entry, by the entry's kind.
WORKFLOW_OF_KIND: Final[dict[str, str]] = {
    "poc_request": "poc",
    "credit_decision": "credit",
    "courtesy_credit": "credit",
    "override_given": "override",
    "note": "notes",
}

# Reason codes of an ended call.
NOTHING_TO_SAVE: Final = "nothing_to_save"  # no workflow offered a note on this call
NO_CLIENT: Final = "no_client"  # a call with no client open cannot reach an account's history

_LEADING_BULLET = re.compile(r"^\s*(?:[-*•·‣◦]+|\d+[.)])\s+")


def _plain(text: str) -> str:
    return " ".join(str(text).split())


def _same_key(text: str) -> str:
    """Two lines that say the same thing compare equal: case, spacing and a final period aside."""
    return _plain(_LEADING_BULLET.sub("", text)).casefold().rstrip(".")


def distinct(lines: Iterable[str]) -> list[str]:
    """``lines`` in order, each said once (the first spelling kept), blanks dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for line in lines:
        key = _same_key(line)
        if key and key not in seen:
            seen.add(key)
            out.append(_plain(_LEADING_BULLET.sub("", line)))
    return out


def _joined(parts: Iterable[str]) -> str:
    """Texts of several notes in one line, each said once ("a; b")."""
    pieces = [p for part in parts for p in str(part).split(";")]
    return "; ".join(distinct(pieces))


def summary_draft(notes: Sequence[Mapping[str, Any]], customer_name: str = "") -> NoteDraft:
    """Every offered note of the call folded into one draft (SOP N3), no line twice.

    The reasons, additional info and follow-ups are joined; the resolution lines
    of all workflows follow each other in the order they happened; the call has
    one disposition (SOP N4): the last workflow's, which is where the call ended
    up.  Critical (SOP N2) is kept once any note set it, with the first fact stated.
    """
    drafts = [NoteDraft.from_dict(n) for n in notes]
    resolution = distinct(piece for d in drafts for raw in d.resolution for piece in str(raw).splitlines())
    disposition = next((d.disposition for d in reversed(drafts) if _plain(d.disposition)), "")
    return NoteDraft(
        customer_name=_plain(customer_name) or next((d.customer_name for d in drafts if d.customer_name), ""),
        relationship=next((d.relationship for d in drafts if _plain(d.relationship)), ""),
        reason=_joined(d.reason for d in drafts),
        resolution=resolution,
        additional_info=_joined(d.additional_info for d in drafts),
        follow_up=_joined(d.follow_up for d in drafts),
        disposition=disposition,
        critical=any(d.critical for d in drafts),
        flag=next((d.flag for d in drafts if d.critical and _plain(d.flag)), ""),  # the lifetime fact (SOP N2)
    )


def compose_summary(
    notes: Sequence[Mapping[str, Any]], customer_name: str = "", language: str = "en"
) -> str | None:
    """The call summary as one 4E note, or None when no workflow offered a note."""
    if not notes:
        return None
    return compose_note(summary_draft(notes, customer_name), "4e", language)


def workflow_record(item: HistoryItem) -> dict[str, Any]:
    """What the call entry keeps of a workflow's own entry (its id links to the rest)."""
    record: dict[str, Any] = {
        "entry_id": item.id,
        "workflow": WORKFLOW_OF_KIND.get(item.kind, item.kind),
        "kind": item.kind,
        "summary": item.summary,
    }
    for name in ("status", "utr", "disposition"):
        value = getattr(item, name)
        if value:
            record[name] = value
    if item.amount is not None:
        record["amount"] = str(item.amount)
    if item.waived is not None:
        record["waived"] = item.waived
    if item.appointment_at is not None:
        record["appointment_at"] = item.appointment_at.isoformat()
    for name in ("outcome", "route", "call_from", "call_to", "escalation"):
        if item.details.get(name):
            record[name] = item.details[name]
    return record


@dataclass
class Call:
    """One call in progress: who is on the line, since when, and what the workflows offered.

    Mutable on purpose: it is the state of the call, filled as the agent works.
    """

    started_at: datetime
    client_id: int | None = None
    customer_name: str = ""
    notes: list[dict[str, Any]] = field(default_factory=list)
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None:
            raise ValueError("naive datetime")

    def elapsed(self, now: datetime) -> timedelta:
        return max(timedelta(0), now.astimezone(UTC) - self.started_at.astimezone(UTC))

    def offer(self, fields: Mapping[str, Any]) -> None:
        """A workflow's note for this call; the same note offered again is kept once."""
        note = dict(fields)
        if note not in self.notes:
            self.notes.append(note)

    def summary(self, language: str = "en") -> str | None:
        return compose_summary(self.notes, self.customer_name, language)

    def why_not_saved(self) -> str | None:
        """NO_CLIENT or NOTHING_TO_SAVE when the end of this call writes nothing, else None."""
        if self.client_id is None:
            return NO_CLIENT
        if not self.notes:
            return NOTHING_TO_SAVE
        return None

    def entry(
        self,
        *,
        ended_at: datetime,
        agent: str,
        language: str,
        summary: str,
        workflows: Sequence[HistoryItem] = (),
        copied: bool,
        sop_pack_version: str | None = None,
    ) -> HistoryDraft:
        """The one history entry of this call, its note the call summary.

        ``workflows`` are the entries the workflows wrote during the call (their ids,
        outcomes and statuses go into the details).  ``copied`` says whether the
        summary goes to the clipboard right after this entry is saved.
        """
        if self.client_id is None:
            raise ValueError("a call without a client has no history to go to")
        draft = summary_draft(self.notes, self.customer_name)
        return HistoryDraft(
            client_id=self.client_id,
            kind="call",
            created_at=ended_at,
            agent=agent,
            summary=summary,
            note_text=compose_note(draft, "4e", language),
            disposition=draft.disposition or None,
            details={
                "call": self.uuid,
                "started_at": self.started_at.isoformat(),
                "ended_at": ended_at.isoformat(),
                "seconds": int(self.elapsed(ended_at).total_seconds()),
                "language": language,
                "copied": copied,
                "workflows": [workflow_record(i) for i in workflows],
                "dispositions": distinct(_plain(n.get("disposition") or "") for n in self.notes),
            },
            uuid=self.uuid,
            sop_pack_version=sop_pack_version,
        )


def written_during(items: Iterable[HistoryItem], call: Call, ended_at: datetime, agent: str) -> list[HistoryItem]:
    """The entries this agent's workflows wrote on this call, oldest first (calls excluded)."""
    start, end = call.started_at.astimezone(UTC), ended_at.astimezone(UTC)
    found = [
        i
        for i in items
        if i.kind != "call" and i.agent == agent and start <= i.created_at.astimezone(UTC) <= end
    ]
    return sorted(found, key=lambda i: (i.created_at.astimezone(UTC), i.id))


# -- the CSG call window of a POC appointment made on this call (SOP P2, P5) --------------

BEFORE_WINDOW: Final = "before"
IN_WINDOW: Final = "open"
WINDOW_PASSED: Final = "passed"


@dataclass(frozen=True)
class CsgCountdown:
    """Where ``now`` stands against CSG's call window: before it (``minutes`` to its start),
    in it (``minutes`` to its end) or past it."""

    state: str
    minutes: int
    call_from: datetime
    call_to: datetime


def csg_countdown(call_from: datetime, call_to: datetime, now: datetime) -> CsgCountdown:
    # Subtract in UTC: datetimes sharing a ZoneInfo subtract by wall clock (an hour off across DST).
    now_utc, start, end = now.astimezone(UTC), call_from.astimezone(UTC), call_to.astimezone(UTC)
    if now_utc < start:
        return CsgCountdown(BEFORE_WINDOW, _minutes_up(start - now_utc), call_from, call_to)
    if now_utc <= end:
        return CsgCountdown(IN_WINDOW, _minutes_up(end - now_utc), call_from, call_to)
    return CsgCountdown(WINDOW_PASSED, 0, call_from, call_to)


def _minutes_up(delta: timedelta) -> int:
    seconds = int(delta.total_seconds())
    return -(-seconds // 60)


def csg_window(items: Iterable[HistoryItem]) -> tuple[datetime, datetime] | None:
    """CSG's call window of the newest POC request among ``items`` that has one."""
    for item in sorted(items, key=lambda i: (i.created_at.astimezone(UTC), i.id), reverse=True):
        if item.kind != "poc_request":
            continue
        start, end = item.details.get("call_from"), item.details.get("call_to")
        if isinstance(start, str) and isinstance(end, str):
            try:
                return datetime.fromisoformat(start), datetime.fromisoformat(end)
            except ValueError:
                continue
    return None


#: The key under which the call's shared facts hold the CSG window of the POC request being
#: planned on it, before the request is saved (the page that plans it publishes it there).
PLANNED_CSG_WINDOW: Final = "csg_window"


def planned_csg_window(facts: Mapping[str, Any]) -> tuple[datetime, datetime] | None:
    """The planned CSG call window among the call's shared facts, if a well-formed one is there."""
    value = facts.get(PLANNED_CSG_WINDOW)
    if not isinstance(value, tuple) or len(value) != 2:
        return None
    start, end = value
    if not all(isinstance(v, datetime) and v.tzinfo is not None for v in (start, end)):
        return None
    return start, end


def shown_csg_window(
    planned: tuple[datetime, datetime] | None, saved: tuple[datetime, datetime] | None
) -> tuple[datetime, datetime] | None:
    """The window the status bar counts down to: the request being planned, else the one saved.

    The one being planned is newer: once saved it is the same window, and a second
    request taken after a first one is what the client is being told about now.
    """
    return planned if planned is not None else saved


def inside_calls(items: Iterable[HistoryItem]) -> dict[int, int]:
    """Which call holds which entry (entry id -> the call entry's id).

    A history list that shows one row per call leaves these entries out of its
    top level and shows them inside their call; the entries themselves stay in
    the store, where the rules read them (SOP C1, M9, P8).
    """
    held: dict[int, int] = {}
    for item in items:
        if item.kind != "call":
            continue
        for entry_id in held_ids(item.details):
            held.setdefault(entry_id, item.id)
    return held


def workflow_names(details: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The workflows a call entry's ``details`` say ran on it, each once, in the order they ran."""
    records = details.get("workflows") if isinstance(details, Mapping) else None
    found: list[str] = []
    for record in records if isinstance(records, list) else []:
        name = record.get("workflow") if isinstance(record, dict) else None
        if isinstance(name, str) and name not in found:
            found.append(name)
    return tuple(found)


def held_ids(details: Mapping[str, Any] | None) -> list[int]:
    """The ids of the workflows' entries a call entry's ``details`` name, in the order they ran.

    What :func:`inside_calls` reads of each call; also read straight from the
    stored details where a list holds only outlines of its entries.
    """
    records = details.get("workflows") if isinstance(details, Mapping) else None
    found: list[int] = []
    for record in records if isinstance(records, list) else []:
        entry_id = record.get("entry_id") if isinstance(record, dict) else None
        if isinstance(entry_id, int) and not isinstance(entry_id, bool) and entry_id not in found:
            found.append(entry_id)
    return found
