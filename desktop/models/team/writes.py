"""What a desk writes, as plain values: history entries and an optional one-time grant.

Why one value for the whole write: online it goes to the server in one
transaction; offline it waits in the outbox as one JSON payload and is replayed
as one transaction.  Every entry and every grant carries a UUID made here, so
the server stores a replayed write once (unique constraints on ``uuid``).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from desktop.models.notes import redact_card_numbers
from desktop.models.store.history import KINDS
from desktop.models.team.tables import GRANT_KINDS


def new_uuid() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class HistoryDraft:
    """One history entry to append (same fields as :func:`desktop.models.store.history.append`)."""

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


@dataclass(frozen=True)
class GrantDraft:
    """A one-time grant to claim: SOP C1 courtesy credit or SOP M9 waived fee."""

    client_id: int
    kind: str
    granted_at: datetime
    amount: Decimal | None = None
    agent: str = ""
    workstation: str = ""
    history_uuid: str | None = None
    uuid: str = field(default_factory=new_uuid)

    def __post_init__(self) -> None:
        if self.kind not in GRANT_KINDS:
            raise ValueError(f"unknown one-time grant kind: {self.kind!r}")
        if self.granted_at.tzinfo is None:
            raise ValueError("naive datetime")


@dataclass(frozen=True)
class Write:
    entries: tuple[HistoryDraft, ...]
    grant: GrantDraft | None = None
    uuid: str = field(default_factory=new_uuid)


@dataclass(frozen=True)
class GrantInfo:
    """A standing grant as the agent sees it: who gave it, when, how much."""

    id: int
    uuid: str
    client_id: int
    kind: str
    amount: Decimal | None
    agent: str
    workstation: str
    granted_at: datetime


# -- JSON for the outbox ------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$dt"}:
        return datetime.fromisoformat(value["$dt"])
    if isinstance(value, dict) and set(value) == {"$dec"}:
        return Decimal(value["$dec"])
    return value


def _flat(obj: Any) -> dict[str, Any]:
    return {k: _encode(v) for k, v in asdict(obj).items()}


def to_payload(write: Write) -> dict[str, Any]:
    return {
        "uuid": write.uuid,
        "entries": [_flat(e) for e in write.entries],
        "grant": _flat(write.grant) if write.grant else None,
    }


def from_payload(payload: dict[str, Any]) -> Write:
    entries = tuple(HistoryDraft(**{k: _decode(v) for k, v in e.items()}) for e in payload["entries"])
    raw = payload.get("grant")
    grant = GrantDraft(**{k: _decode(v) for k, v in raw.items()}) if raw else None
    return Write(entries=entries, grant=grant, uuid=str(payload["uuid"]))


def grant_for(entry: HistoryDraft, workstation: str) -> GrantDraft | None:
    """The one-time grant an entry claims: a courtesy credit (SOP C1) or a waived M9 fee (SOP M9)."""
    if entry.kind == "courtesy_credit":
        kind = "courtesy_credit"
    elif entry.kind == "override_given" and entry.waived:
        kind = "m9_waiver"
    else:
        return None
    return GrantDraft(
        client_id=entry.client_id,
        kind=kind,
        granted_at=entry.created_at,
        amount=entry.amount,
        agent=entry.agent,
        workstation=workstation,
        history_uuid=entry.uuid,
    )


def write_for(entries: tuple[HistoryDraft, ...], workstation: str) -> Write:
    """One write for what a screen saves together, with the grant its entries claim (at most one)."""
    grants = [g for g in (grant_for(e, workstation) for e in entries) if g is not None]
    if len(grants) > 1:
        raise ValueError("one write claims at most one one-time grant")
    return Write(entries=entries, grant=grants[0] if grants else None)
