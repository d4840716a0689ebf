"""Team mode: one-time ledger, rule conflicts, write UUIDs, change counter, roles.

Revision ID: 0004
Revises: 0003

Both dialects get the ledger (``one_time_grants`` with a unique partial index:
one standing SOP C1 courtesy credit and one standing SOP M9 waived fee per
client), ``rule_conflicts``, a UUID on every history entry (unique, so a
replayed write is stored once) and ``change_seq`` columns.  PostgreSQL, the
team's system of record, also gets the change counter and its triggers,
append-only history and the agent/lead roles (:mod:`desktop.models.team.pg_schema`);
SQLite, a desk's cache, gets the outbox and sync state.

Standing one-time grants already in history (the earliest per client, ignoring
corrected entries) are copied into the ledger so the index holds from the start.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from desktop.models.store.types import Money, UtcDateTime
from desktop.models.team import pg_schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEQ_TABLES = ("clients", "sop_packs", "history")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in SEQ_TABLES:
        op.add_column(table, sa.Column("change_seq", sa.BigInteger))
        op.create_index(f"ix_{table}_change_seq", table, ["change_seq"])
    op.add_column("history", sa.Column("uuid", sa.String(36)))
    op.create_index("uq_history_uuid", "history", ["uuid"], unique=True)

    op.create_table(
        "one_time_grants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("amount", Money),
        sa.Column("agent", sa.String(100), nullable=False),
        sa.Column("workstation", sa.String(100), nullable=False),
        sa.Column("granted_at", UtcDateTime, nullable=False),
        sa.Column("history_uuid", sa.String(36)),
        sa.Column("voided_at", UtcDateTime),
        sa.Column("change_seq", sa.BigInteger),
    )
    op.create_index(
        "uq_one_time_grant_per_client",
        "one_time_grants",
        ["client_id", "kind"],
        unique=True,
        sqlite_where=sa.text("voided_at IS NULL"),
        postgresql_where=sa.text("voided_at IS NULL"),
    )
    op.create_index("ix_one_time_grants_change_seq", "one_time_grants", ["change_seq"])

    op.create_table(
        "rule_conflicts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("winner_grant_id", sa.Integer, sa.ForeignKey("one_time_grants.id"), nullable=False),
        sa.Column("loser_agent", sa.String(100), nullable=False),
        sa.Column("loser_workstation", sa.String(100), nullable=False),
        sa.Column("loser_at", UtcDateTime, nullable=False),
        sa.Column("loser_amount", Money),
        sa.Column("detected_at", UtcDateTime, nullable=False),
        sa.Column("resolved_at", UtcDateTime),
        sa.Column("resolved_by", sa.String(100)),
        sa.Column("resolution_note", sa.Text),
        sa.Column("change_seq", sa.BigInteger),
    )
    op.create_index("ix_rule_conflicts_client_id", "rule_conflicts", ["client_id"])
    op.create_index("ix_rule_conflicts_change_seq", "rule_conflicts", ["change_seq"])

    if dialect == "sqlite":
        op.create_table(
            "outbox",
            sa.Column("seq", sa.Integer, primary_key=True),
            sa.Column("uuid", sa.String(36), nullable=False, unique=True),
            sa.Column("created_at", UtcDateTime, nullable=False),
            sa.Column("payload", sa.JSON, nullable=False),
            sa.Column("sent_at", UtcDateTime),
            sa.Column("result", sa.JSON),
        )
        op.create_table(
            "sync_state",
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )
    elif dialect == "postgresql":
        pg_schema.create(op.execute)
    _copy_standing_grants()


def _copy_standing_grants() -> None:
    """Earliest standing courtesy credit and waived M9 fee per client (raw values, same dialect)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, client_id, kind, created_at, agent, amount, waived, corrects_id FROM history "
            "WHERE kind IN ('courtesy_credit', 'override_given', 'correction') ORDER BY created_at, id"
        )
    ).all()
    superseded = {r.corrects_id for r in rows if r.corrects_id is not None}
    seen: set[tuple[int, str]] = set()
    for r in rows:
        if r.id in superseded:
            continue
        if r.kind == "courtesy_credit":
            kind = "courtesy_credit"
        elif r.kind == "override_given" and r.waived:
            kind = "m9_waiver"
        else:
            continue
        if (r.client_id, kind) in seen:
            continue
        seen.add((r.client_id, kind))
        bind.execute(
            sa.text(
                "INSERT INTO one_time_grants (uuid, client_id, kind, amount, agent, workstation, granted_at) "
                "VALUES (:uuid, :client_id, :kind, :amount, :agent, '', :at)"
            ),
            {"uuid": str(uuid.uuid4()), "client_id": r.client_id, "kind": kind, "amount": r.amount,
             "agent": r.agent, "at": r.created_at},
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        pg_schema.drop(op.execute)
    elif dialect == "sqlite":
        op.drop_table("sync_state")
        op.drop_table("outbox")
    op.drop_table("rule_conflicts")
    op.drop_table("one_time_grants")
    op.drop_index("uq_history_uuid", "history")
    op.execute("ALTER TABLE history DROP COLUMN uuid")
    for table in SEQ_TABLES:
        op.drop_index(f"ix_{table}_change_seq", table)
        op.execute(f"ALTER TABLE {table} DROP COLUMN change_seq")
