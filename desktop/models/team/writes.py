"""What a desk writes, as plain values: history entries, an optional one-time grant, client flags.

The entries are :class:`desktop.models.store.history.HistoryDraft` values, the one
entry type every writer of history builds (re-exported here).

Why one value for the whole write: online it goes to the server in one
transaction; offline it waits in the outbox as one JSON payload and is replayed
as one transaction.  Every entry and every grant carries a UUID made on the desk, so
the server stores a replayed write once (unique constraints on ``uuid``).

Why a write may name the entries it corrects by UUID: an entry still waiting in
the outbox has only a provisional (negative) id on the desk, and the server
numbers it only when the replay sends it.  A correction made meanwhile (e.g. an
escalation of a queued POC request) carries the UUID of the entry it corrects,
and the server looks the real id up when it applies the write.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from desktop.models.store.client_flags import clean_flag
from desktop.models.store.history import HistoryDraft, new_uuid
from desktop.models.team.tables import GRANT_KINDS

__all__ = [
    "FlagDraft",
    "GrantDraft",
    "GrantInfo",
    "HistoryDraft",
    "Write",
    "flag_for",
    "from_payload",
    "grant_for",
    "new_uuid",
    "to_payload",
    "write_for",
]


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
class FlagDraft:
    """A client flag recorded with a critical note (SOP N2); its text is already cleaned and redacted."""

    client_id: int
    text: str
    created_at: datetime
    created_by: str = ""
    history_uuid: str | None = None
    uuid: str = field(default_factory=new_uuid)

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("naive datetime")


@dataclass(frozen=True)
class Write:
    """``corrects`` pairs an entry's UUID with the UUID of the entry its ``corrects_id`` names,
    for entries the desk knows only by a provisional id (see the module docstring)."""

    entries: tuple[HistoryDraft, ...]
    grant: GrantDraft | None = None
    uuid: str = field(default_factory=new_uuid)
    flags: tuple[FlagDraft, ...] = ()
    corrects: tuple[tuple[str, str], ...] = ()


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
        "flags": [_flat(f) for f in write.flags],
        "corrects": [list(pair) for pair in write.corrects],
    }


def from_payload(payload: dict[str, Any]) -> Write:
    entries = tuple(HistoryDraft(**{k: _decode(v) for k, v in e.items()}) for e in payload["entries"])
    raw = payload.get("grant")
    grant = GrantDraft(**{k: _decode(v) for k, v in raw.items()}) if raw else None
    flags = tuple(FlagDraft(**{k: _decode(v) for k, v in f.items()}) for f in payload.get("flags", ()))
    corrects = tuple((str(a), str(b)) for a, b in payload.get("corrects", ()))
    return Write(entries=entries, grant=grant, uuid=str(payload["uuid"]), flags=flags, corrects=corrects)


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


def flag_for(entry: HistoryDraft) -> FlagDraft | None:
    """The client flag a critical note records (SOP N2), cleaned and redacted as the store keeps it."""
    flag = entry.details.get("client_flag")
    if not entry.details.get("critical") or not isinstance(flag, str):
        return None
    text = clean_flag(flag)
    if not text:
        return None
    return FlagDraft(
        client_id=entry.client_id, text=text, created_at=entry.created_at, created_by=entry.agent,
        history_uuid=entry.uuid,
    )


def write_for(entries: tuple[HistoryDraft, ...], workstation: str) -> Write:
    """One write for what a screen saves together, with the grant its entries claim (at most one)."""
    grants = [g for g in (grant_for(e, workstation) for e in entries) if g is not None]
    if len(grants) > 1:
        raise ValueError("one write claims at most one one-time grant")
    return Write(entries=entries, grant=grants[0] if grants else None)
