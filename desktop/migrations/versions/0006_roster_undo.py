"""Roster imports and their undo log, so an import is applied in short slices yet stays all or nothing.

Revision ID: 0006
Revises: 0005

Why tables in the store: an import applied a slice at a time must be undone
even when the process dies in the middle, so what to undo has to be on disk
with the slices themselves.  ``roster_imports`` says which import is being
applied (``applying``) until its last transaction marks it ``done``;
``roster_undo`` holds, per client changed or added, what it was before.  See
:mod:`desktop.models.store.roster_undo`.  The tables live on PostgreSQL too, for
one schema everywhere; only desks import rosters into them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.models.store.types import Money, UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("finished_at", UtcDateTime),
        sa.Column("rows_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("inserted", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_roster_imports_state", "roster_imports", ["state"])
    op.create_table(
        "roster_undo",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("import_id", sa.Integer, nullable=False),
        sa.Column("client_id", sa.Integer, nullable=False),
        sa.Column("inserted", sa.Boolean, nullable=False),
        sa.Column("name", sa.String(200)),
        sa.Column("name_key", sa.String(200)),
        sa.Column("brand", sa.String(16)),
        sa.Column("device_model", sa.String(64)),
        sa.Column("state", sa.String(2)),
        sa.Column("time_zone", sa.String(64)),
        sa.Column("service_center_name", sa.String(200)),
        sa.Column("service_center_address", sa.String(300)),
        sa.Column("service_center_tz", sa.String(64)),
        sa.Column("balance", Money),
        sa.Column("preferred_language", sa.String(2)),
        sa.Column("critical_flags", sa.Text),
        sa.Column("updated_at", UtcDateTime),
    )
    op.create_index("ix_roster_undo_import_id", "roster_undo", ["import_id"])


def downgrade() -> None:
    op.drop_index("ix_roster_undo_import_id", "roster_undo")
    op.drop_table("roster_undo")
    op.drop_index("ix_roster_imports_state", "roster_imports")
    op.drop_table("roster_imports")
