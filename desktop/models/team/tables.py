"""Tables added for team mode: the one-time ledger, rule conflicts, and the desk's outbox.

Why a ledger beside history: history is append-only and a courtesy credit can be
corrected away, so "one per client" cannot be a unique index on history itself.
The ledger holds one row per standing one-time grant (SOP C1 courtesy credit,
SOP M9 waived override fee); a unique partial index over the rows not voided
makes "once per client" a fact the database enforces for every agent at once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.store.schema import Base
from desktop.models.store.types import Money, UtcDateTime

#: One-time grant kinds: SOP C1 (courtesy credit) and SOP M9 (waived override fee).
GRANT_KINDS: tuple[str, ...] = ("courtesy_credit", "m9_waiver")


class OneTimeGrant(Base):
    __tablename__ = "one_time_grants"
    __table_args__ = (
        Index(
            "uq_one_time_grant_per_client",
            "client_id",
            "kind",
            unique=True,
            sqlite_where=text("voided_at IS NULL"),
            postgresql_where=text("voided_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(24))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    agent: Mapped[str] = mapped_column(String(100), default="")
    workstation: Mapped[str] = mapped_column(String(100), default="")
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    history_uuid: Mapped[str | None] = mapped_column(String(36))
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


class RuleConflict(Base):
    """An offline one-time grant that lost on replay: both agents, both times, the winner.

    ``uuid`` is the losing grant's UUID, so replaying the same write twice records
    one conflict.  Agents may insert; only leads may resolve (database grants).
    """

    __tablename__ = "rule_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    winner_grant_id: Mapped[int] = mapped_column(ForeignKey("one_time_grants.id"))
    loser_agent: Mapped[str] = mapped_column(String(100), default="")
    loser_workstation: Mapped[str] = mapped_column(String(100), default="")
    loser_at: Mapped[datetime] = mapped_column(UtcDateTime)
    loser_amount: Mapped[Decimal | None] = mapped_column(Money)
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


class OutboxItem(Base):
    """A write made on this desk, kept until the server has it (SQLite cache only).

    ``payload`` is the whole write (history entries, an optional grant), so a
    replay sends exactly what the agent saved; ``sent_at`` is set only after the
    server committed, and a write whose mark was lost is sent again harmlessly
    because every row in it carries its UUID.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SyncState(Base):
    """Small facts of the cache: the server change counter reached, when last in touch."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
