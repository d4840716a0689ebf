"""Client lookup index: name words for prefix and typo-tolerant search.

Revision ID: 0002
Revises: 0001

On SQLite an FTS5 index over ``clients.name_key`` (kept in step by triggers) and
its vocabulary; other databases search ``name_key`` with plain SQL (slower, same
answers).  See :mod:`desktop.models.store.client_search`.
"""

from __future__ import annotations

from alembic import op

from desktop.models.store import sqlite_store

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite_store.create_client_search(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite_store.drop_client_search(op.execute)
