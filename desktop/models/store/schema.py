"""ORM tables of the offline store.

The schema is created and changed only by Alembic migrations (``desktop/migrations``);
these classes describe it for queries.  History is append-only: corrections are new
rows pointing at the row they correct (``corrects_id``), which is what lets the
one-time rules (SOP C1, M9) trust it.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.models.store import store_gate  # noqa: F401  (redacts secrets in every write, SOP N1)
from desktop.models.store.types import Money, UtcDateTime


class Base(DeclarativeBase):
    pass


class Client(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cid: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased, accent-free name for prefix search (see clients.normalise_name).
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    brand: Mapped[str] = mapped_column(String(16))  # plus | m9 | monitech
    device_model: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(2))  # USPS code of the state of conviction
    time_zone: Mapped[str] = mapped_column(String(64))  # IANA name
    service_center_name: Mapped[str | None] = mapped_column(String(200))
    service_center_address: Mapped[str | None] = mapped_column(String(300))
    service_center_tz: Mapped[str | None] = mapped_column(String(64))
    # Positive: the client owes a balance; negative: the account holds a credit.
    balance: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    preferred_language: Mapped[str] = mapped_column(String(2), default="en")
    critical_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Team mode: the server's change counter, what an incremental cache refresh asks for.
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


class SopPackRecord(Base):
    __tablename__ = "sop_packs"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_sop_pack_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(64))
    effective_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text)  # the pack as validated JSON
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


class HistoryEntry(Base):
    __tablename__ = "history"
    __table_args__ = (Index("ix_history_client_created", "client_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    # note | courtesy_credit | credit_decision | override_given | poc_request | correction
    kind: Mapped[str] = mapped_column(String(24), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    agent: Mapped[str] = mapped_column(String(100), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    note_text: Mapped[str | None] = mapped_column(Text)  # already redacted (SOP N1)
    disposition: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    waived: Mapped[bool | None] = mapped_column(Boolean)
    utr: Mapped[str | None] = mapped_column(String(64))
    appointment_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str | None] = mapped_column(String(24))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("history.id"))
    sop_pack_version: Mapped[str | None] = mapped_column(String(64))
    # Made where the entry is written, so a replayed write is recognised and stored once.
    uuid: Mapped[str | None] = mapped_column(String(36), unique=True, default=lambda: str(uuidlib.uuid4()))
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


class Draft(Base):
    """Work in progress (e.g. a half-written note) kept so a crash loses nothing."""

    __tablename__ = "drafts"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
