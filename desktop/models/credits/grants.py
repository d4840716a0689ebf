"""Recording a one-time courtesy (SOP C1 credit, SOP M9 waived override) without a race.

A wizard decides with the history it read when the client was opened.  Another
window, or another agent on a shared store, may have given the same one-time
courtesy since; checking only at open time let both save it.  These functions
check again inside the write transaction that records the grant, and that
transaction holds the write lock from its first statement:

* on SQLite the session's connection starts with ``BEGIN IMMEDIATE`` (see
  :func:`desktop.models.store.sqlite_store.on_begin`), so a second writer waits for the
  first to commit and then reads its row;
* on other databases the client's row is locked with ``SELECT … FOR UPDATE``,
  which serialises grants per client.

When the race is lost nothing is written and the result carries the grant that
was there first (who, when, how much), for the screen to show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, current_language, format_datetime, format_money, gettext_for
from desktop.models.store import history
from desktop.models.store.schema import Client
from desktop.models.store.sqlite_store import BEGIN_MODE

# Reason codes of a GrantResult.
RECORDED: Final = "recorded"
ALREADY_GRANTED: Final = "already_granted"

# Which one-time rule a grant falls under.
COURTESY_CREDIT: Final = "C1"
WAIVED_OVERRIDE: Final = "M9"


class GrantSessionError(RuntimeError):
    """The session had already talked to the database, so it cannot take the lock first."""


@dataclass(frozen=True)
class Grant:
    """A one-time courtesy on record: which rule, who gave it, when, how much."""

    rule: str  # COURTESY_CREDIT | WAIVED_OVERRIDE
    entry_id: int
    client_id: int
    agent: str
    at: datetime
    amount: Decimal | None


@dataclass(frozen=True)
class GrantResult:
    """What a save did.  ``reason`` is RECORDED or ALREADY_GRANTED.

    RECORDED: ``entries`` were appended; ``granted`` is the new one-time grant, if
    this save gave one.  ALREADY_GRANTED: nothing was written; ``existing`` is the
    grant another save recorded first.
    """

    reason: str
    entries: tuple[history.HistoryItem, ...] = ()
    granted: Grant | None = None
    existing: Grant | None = None

    @property
    def recorded(self) -> bool:
        return self.reason == RECORDED


def _take_write_lock(session: Session, client_id: int) -> None:
    conn = session.connection(execution_options={BEGIN_MODE: "IMMEDIATE"})
    if conn.dialect.name == "sqlite" and conn.get_execution_options().get(BEGIN_MODE) != "IMMEDIATE":
        raise GrantSessionError("record a grant in a fresh session: it must start the transaction")
    # Portable half of the lock (PostgreSQL and others); SQLite ignores FOR UPDATE.
    session.execute(select(Client.id).where(Client.id == client_id).with_for_update())


def _append(session: Session, entry: history.HistoryDraft, **extra_details: Any) -> history.HistoryItem:
    if extra_details:
        entry = replace(entry, details={**entry.details, **extra_details})
    return history.append(session, entry)


def _grant(rule: str, item: history.HistoryItem) -> Grant:
    return Grant(
        rule=rule,
        entry_id=item.id,
        client_id=item.client_id,
        agent=item.agent,
        at=item.created_at,
        amount=item.amount,
    )


def record_credit_decision(
    session: Session, *, decision: history.HistoryDraft, courtesy: history.HistoryDraft | None = None
) -> GrantResult:
    """Append a credit decision and, when it gives one, the courtesy credit (SOP C1).

    ``session`` must be fresh (nothing executed yet); the caller commits it.  With a
    ``courtesy`` entry, the ledger is read again under the write lock: if a courtesy
    credit stands already, nothing is written (the decision was made on stale
    history and must be taken again) and the result names that credit.
    """
    client_id = decision.client_id
    if courtesy is not None and courtesy.client_id != client_id:
        raise ValueError("the decision and its courtesy credit are for different clients")
    _take_write_lock(session, client_id)
    if courtesy is not None:
        standing = history.courtesy_credits(session, client_id)  # SOP C1: one-time
        if standing:
            return GrantResult(ALREADY_GRANTED, existing=_grant(COURTESY_CREDIT, standing[0]))
    entry = _append(session, decision)
    if courtesy is None:
        return GrantResult(RECORDED, entries=(entry,))
    credit = _append(session, courtesy, decision_id=entry.id)
    return GrantResult(RECORDED, entries=(entry, credit), granted=_grant(COURTESY_CREDIT, credit))


def record_override_given(session: Session, *, entry: history.HistoryDraft) -> GrantResult:
    """Append an "override given" entry; a waived one only if no waiver stands (SOP M9).

    ``session`` must be fresh (nothing executed yet); the caller commits it.  A
    paid code is always recorded; a waived one is checked again under the write
    lock and, if another waiver got there first, nothing is written.
    """
    client_id = entry.client_id
    _take_write_lock(session, client_id)
    if entry.waived:
        standing = history.waivers(session, client_id)  # SOP M9: one-time
        if standing:
            return GrantResult(ALREADY_GRANTED, existing=_grant(WAIVED_OVERRIDE, standing[0]))
    item = _append(session, entry)
    granted = _grant(WAIVED_OVERRIDE, item) if entry.waived else None
    return GrantResult(RECORDED, entries=(item,), granted=granted)


_CREDIT_BY: Final = N_(
    "Not saved: {agent} already gave this client a courtesy credit of {amount} on {when}. "
    "A courtesy credit is one-time (SOP C1); the request is checked again."
)
_CREDIT: Final = N_(
    "Not saved: this client already got a courtesy credit of {amount} on {when}. "
    "A courtesy credit is one-time (SOP C1); the request is checked again."
)
_WAIVER_BY: Final = N_(
    "Not saved: {agent} already waived an override code for this client on {when}. "
    "A waiver is one-time (SOP M9); take payment or escalate."
)
_WAIVER: Final = N_(
    "Not saved: this client already had an override code waived on {when}. "
    "A waiver is one-time (SOP M9); take payment or escalate."
)


def already_granted_text(grant: Grant, language: str | None = None, zone: tzinfo | None = None) -> str:
    """What the agent reads when another save recorded the one-time courtesy first."""
    t = gettext_for(language or current_language())
    at = grant.at.astimezone(zone) if zone else grant.at
    when = format_datetime(at, language)
    amount = format_money(grant.amount, language) if grant.amount is not None else ""
    agent = grant.agent.strip()
    if grant.rule == COURTESY_CREDIT:
        text = t(_CREDIT_BY) if agent else t(_CREDIT)
    else:
        text = t(_WAIVER_BY) if agent else t(_WAIVER)
    return text.format(agent=agent, amount=amount, when=when)

