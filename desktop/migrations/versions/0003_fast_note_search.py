"""Notes full-text index with prefix indexes and without word positions.

Revision ID: 0003
Revises: 0002

Why: searching notes as the agent types ("tow rec…") is a prefix query, and
without prefix indexes SQLite merges every matching word's doclist, which is
far too slow at 2,000,000 notes.  Nothing searches phrases, so positions are
dropped and the index stays about the size it was.  Other databases have no
``history_fts`` and are unaffected.
"""

from __future__ import annotations

from alembic import op

from desktop.models.store import sqlite_store

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite_store.speed_up_note_search(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite_store.restore_note_search(op.execute)
