"""Per-client, append-only account history: what the one-time rules read.

Nothing is edited or deleted in place (SOP C1 and M9 depend on it): a correction is
a new entry whose ``corrects_id`` names the entry it supersedes, and readers see the
newest link of each chain.  Every text of an entry (note, summary, UTR ticket,
details) is redacted before it is stored (SOP N1): the store's gate does it for the
row, and :func:`append` does it for the item it returns, so what the screen shows
next is what was kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from desktop.models.card_numbers import redact_card_numbers
from desktop.models.redaction import redact_text, redact_value
from desktop.models.store.schema import HistoryEntry

KINDS: tuple[str, ...] = (
    "note",
    "courtesy_credit",
    "credit_decision",
    "override_given",
    "poc_request",
    "correction",
    "call",
)


OPEN_POC_STATUSES: tuple[str, ...] = ("submitted", "changed", "escalated")


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_edits(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, HistoryEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError("history is append-only: add a correction instead")


@dataclass(frozen=True)
class HistoryItem:
    id: int
    client_id: int
    kind: str
    created_at: datetime
    agent: str
    summary: str
    note_text: str | None = None
    disposition: str | None = None
    amount: Decimal | None = None
    waived: bool | None = None
    utr: str | None = None
    appointment_at: datetime | None = None
    status: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    corrects_id: int | None = None
    sop_pack_version: str | None = None


def _item(row: HistoryEntry) -> HistoryItem:
    return HistoryItem(
        id=row.id,
        client_id=row.client_id,
        kind=row.kind,
        created_at=row.created_at,
        agent=row.agent,
        summary=row.summary,
        note_text=row.note_text,
        disposition=row.disposition,
        amount=row.amount,
        waived=row.waived,
        utr=row.utr,
        appointment_at=row.appointment_at,
        status=row.status,
        details=dict(row.details or {}),
        corrects_id=row.corrects_id,
        sop_pack_version=row.sop_pack_version,
    )


def new_uuid() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class HistoryDraft:
    """One history entry to append: the one value every writer builds.

    The same value serves a standalone desk (:func:`append`) and team mode, whose
    outbox replays it: the ``uuid`` made here lets the server store a replayed
    write once.
    """

    client_id: int
    kind: str
    created_at: datetime
    agent: str = ""
    summary: str = ""
    note_text: str | None = None
    disposition: str | None = None
    amount: Decimal | None = None
    waived: bool | None = None
    utr: str | None = None
    appointment_at: datetime | None = None
    status: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    corrects_id: int | None = None
    sop_pack_version: str | None = None
    uuid: str = field(default_factory=new_uuid)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown history kind: {self.kind!r}")
        if self.created_at.tzinfo is None:
            raise ValueError("naive datetime")
        if self.note_text is not None:  # SOP N1: no card number leaves the desk
            object.__setattr__(self, "note_text", redact_card_numbers(self.note_text))


def append(session: Session, draft: HistoryDraft) -> HistoryItem:
    """Add one entry and flush it (the caller commits, so a wizard saves atomically)."""
    row = HistoryEntry(
        client_id=draft.client_id,
        kind=draft.kind,
        created_at=draft.created_at,
        agent=redact_text(draft.agent),
        summary=redact_text(draft.summary),
        note_text=None if draft.note_text is None else redact_text(draft.note_text),
        disposition=draft.disposition,
        amount=draft.amount,
        waived=draft.waived,
        utr=None if draft.utr is None else redact_text(draft.utr),
        appointment_at=draft.appointment_at,
        status=draft.status,
        details=redact_value(draft.details or {}),
        corrects_id=draft.corrects_id,
        sop_pack_version=draft.sop_pack_version,
        uuid=draft.uuid,
    )
    session.add(row)
    session.flush()
    return _item(row)


def timeline(session: Session, client_id: int, kinds: Iterable[str] | None = None) -> list[HistoryItem]:
    """Every entry of a client, newest first (corrections included, so nothing hides)."""
    stmt = select(HistoryEntry).where(HistoryEntry.client_id == client_id)
    if kinds is not None:
        stmt = stmt.where(HistoryEntry.kind.in_(list(kinds)))
    stmt = stmt.order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc())
    return [_item(r) for r in session.scalars(stmt)]


def current(items: Sequence[HistoryItem]) -> list[HistoryItem]:
    """Drop entries that a later entry corrects (the newest link of each chain stays)."""
    superseded = {i.corrects_id for i in items if i.corrects_id is not None}
    return [i for i in items if i.id not in superseded]


def courtesy_credits(session: Session, client_id: int) -> list[HistoryItem]:
    """Courtesy credits given to this client that still stand (SOP C1)."""
    items = current(timeline(session, client_id, ("courtesy_credit", "correction")))
    return [i for i in items if i.kind == "courtesy_credit"]


def waivers(session: Session, client_id: int) -> list[HistoryItem]:
    """Override codes given free of charge (SOP M9: a one-time courtesy)."""
    items = current(timeline(session, client_id, ("override_given", "correction")))
    return [i for i in items if i.kind == "override_given" and i.waived]


def open_poc_requests(session: Session, client_id: int) -> list[HistoryItem]:
    """POC requests whose newest status is still open (SOP P8 escalations apply).

    An escalated request stays open: the client still waits for CSG's call, and a
    second escalation (e.g. a missed call after a change) must remain possible.
    """
    items = current(timeline(session, client_id, ("poc_request",)))
    return [i for i in items if i.status in OPEN_POC_STATUSES]


def get(session: Session, entry_id: int) -> HistoryItem:
    row = session.get(HistoryEntry, entry_id)
    if row is None:
        raise KeyError(entry_id)
    return _item(row)
