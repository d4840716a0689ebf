"""Client flags: lifetime facts agents record from a critical note (SOP N2).

Revision ID: 0005
Revises: 0004

Why a table of their own and not ``clients.critical_flags``: that column holds
the flags the CRM roster brings, and every roster import replaces it; a fact an
agent recorded ("Client only speaks Spanish") must survive the next import.
Flags are append-only like history, each with a UUID made where it is written.
On PostgreSQL the rows get change numbers (the cache refresh reads them) and
agents may read and add flags.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.models.store.types import UtcDateTime
from desktop.models.team import pg_schema

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLE = "client_flags"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("history_uuid", sa.String(36)),
        sa.Column("change_seq", sa.BigInteger),
    )
    op.create_index("ix_client_flags_client_id", TABLE, ["client_id"])
    op.create_index("ix_client_flags_change_seq", TABLE, ["change_seq"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TABLE}_stamp_change BEFORE INSERT OR UPDATE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION ia_stamp_change()"
        )
        op.execute(f"GRANT SELECT, INSERT ON {TABLE} TO {pg_schema.AGENT_ROLE}")
        op.execute(f"GRANT USAGE, SELECT ON SEQUENCE {TABLE}_id_seq TO {pg_schema.AGENT_ROLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"REVOKE ALL ON {TABLE} FROM {pg_schema.AGENT_ROLE}, {pg_schema.LEAD_ROLE}")
        op.execute(f"REVOKE ALL ON SEQUENCE {TABLE}_id_seq FROM {pg_schema.AGENT_ROLE}, {pg_schema.LEAD_ROLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_stamp_change ON {TABLE}")
    op.drop_index("ix_client_flags_change_seq", TABLE)
    op.drop_index("ix_client_flags_client_id", TABLE)
    op.drop_table(TABLE)
