"""Initial schema: clients, SOP packs, append-only history, drafts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.models.store import sqlite_store
from desktop.models.store.types import Money, UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cid", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("brand", sa.String(16), nullable=False),
        sa.Column("device_model", sa.String(64)),
        sa.Column("state", sa.String(2), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("service_center_name", sa.String(200)),
        sa.Column("service_center_address", sa.String(300)),
        sa.Column("service_center_tz", sa.String(64)),
        sa.Column("balance", Money, nullable=False),
        sa.Column("preferred_language", sa.String(2), nullable=False),
        sa.Column("critical_flags", sa.JSON, nullable=False),
        sa.Column("updated_at", UtcDateTime),
    )
    op.create_index("ix_clients_cid", "clients", ["cid"], unique=True)
    op.create_index("ix_clients_name_key", "clients", ["name_key"])

    op.create_table(
        "sop_packs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", UtcDateTime, nullable=False),
        sa.Column("imported_by", sa.String(100), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False),
        sa.UniqueConstraint("name", "version", name="uq_sop_pack_version"),
    )

    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("agent", sa.String(100), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("note_text", sa.Text),
        sa.Column("disposition", sa.String(64)),
        sa.Column("amount", Money),
        sa.Column("waived", sa.Boolean),
        sa.Column("utr", sa.String(64)),
        sa.Column("appointment_at", UtcDateTime),
        sa.Column("status", sa.String(24)),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("history.id")),
        sa.Column("sop_pack_version", sa.String(64)),
    )
    op.create_index("ix_history_client_id", "history", ["client_id"])
    op.create_index("ix_history_kind", "history", ["kind"])
    op.create_index("ix_history_client_created", "history", ["client_id", "created_at"])

    op.create_table(
        "drafts",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )

    if op.get_bind().dialect.name == "sqlite":
        sqlite_store.create_sqlite_extras(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite_store.drop_sqlite_extras(op.execute)
    op.drop_table("drafts")
    op.drop_index("ix_history_client_created", "history")
    op.drop_index("ix_history_kind", "history")
    op.drop_index("ix_history_client_id", "history")
    op.drop_table("history")
    op.drop_table("sop_packs")
    op.drop_index("ix_clients_name_key", "clients")
    op.drop_index("ix_clients_cid", "clients")
    op.drop_table("clients")
