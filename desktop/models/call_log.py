"""The agent's day: the calls this agent closed between two moments, newest first.

Why read history and not keep a list in memory: the day survives a restart of
the app, and a call's entry is the one place that says which workflows ran and
whether the summary went to the clipboard.  Whether an escalation is still open
is read now (SOP P8: an escalated POC request stays open until CSG calls back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.store import history
from desktop.models.store.schema import Client, HistoryEntry


@dataclass(frozen=True)
class CallRecord:
    """One call of the day as the Today panel lists it."""

    entry_id: int
    client_id: int
    cid: str
    client_name: str
    ended_at: datetime
    workflows: tuple[str, ...]  # workflow ids in the order they ran ("credit", "poc", …)
    copied: bool
    open_escalations: int
    summary: str


def _workflows(details: dict[str, object]) -> tuple[str, ...]:
    found: list[str] = []
    records = details.get("workflows")
    for record in records if isinstance(records, list) else []:
        name = record.get("workflow") if isinstance(record, dict) else None
        if isinstance(name, str) and name not in found:
            found.append(name)
    return tuple(found)


def calls_between(session: Session, agent: str, start: datetime, end: datetime) -> list[CallRecord]:
    """This agent's call entries with ``start <= created_at < end``, newest first."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("naive datetime")
    stmt = (
        select(HistoryEntry, Client.cid, Client.name)
        .join(Client, Client.id == HistoryEntry.client_id)
        .where(HistoryEntry.kind == "call", HistoryEntry.agent == agent)
        .where(HistoryEntry.created_at >= start, HistoryEntry.created_at < end)
        .order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc())
    )
    escalated: dict[int, int] = {}
    records = []
    for row, cid, name in session.execute(stmt):
        if row.client_id not in escalated:
            open_items = history.open_poc_requests(session, row.client_id)
            escalated[row.client_id] = sum(1 for i in open_items if i.status == "escalated")
        details = dict(row.details or {})
        records.append(
            CallRecord(
                entry_id=row.id,
                client_id=row.client_id,
                cid=cid,
                client_name=name,
                ended_at=row.created_at,
                workflows=_workflows(details),
                copied=bool(details.get("copied")),
                open_escalations=escalated[row.client_id],
                summary=row.summary,
            )
        )
    return records
