"""Migrations on PostgreSQL: from empty, from each earlier revision, down and up again."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from desktop.models.store import db
from desktop.models.team import pg_schema
from tests.migrations.test_migrations import (
    _current,
    check_upgraded_one_time_facts,
    down,
    head,
    old_client,
    old_history,
    seed_one_time_history,
    up,
)
from tests.team.conftest import ServerDb

pytestmark = pytest.mark.team


def tables(engine: object) -> set[str]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        return {str(r[0]) for r in rows}


def test_upgrade_from_empty_downgrade_to_base_and_upgrade_again(empty_server_db: ServerDb) -> None:
    engine = db.make_engine(empty_server_db.admin_url)
    db.upgrade(engine)
    assert _current(engine) == head()
    made = tables(engine)
    assert {"clients", "history", "sop_packs", "drafts", "one_time_grants", "rule_conflicts"} <= made
    assert "outbox" not in made  # a desk's outbox lives in its SQLite cache only
    db.downgrade(engine, "base")
    assert tables(engine) == {"alembic_version"}
    db.upgrade(engine)
    assert tables(engine) == made
    engine.dispose()


@pytest.mark.parametrize("start", ["0001", "0002", "0003"])
def test_upgrade_from_each_earlier_revision(empty_server_db: ServerDb, start: str) -> None:
    engine = db.make_engine(empty_server_db.admin_url)
    up(engine, start)
    a, b = seed_one_time_history(engine)
    db.upgrade(engine)
    assert _current(engine) == head()
    check_upgraded_one_time_facts(engine, a, b)
    with engine.connect() as conn:
        # Rows written before team mode are numbered, so a first cache refresh sees them.
        assert conn.execute(text("SELECT count(*) FROM history WHERE change_seq IS NULL")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM clients WHERE change_seq IS NULL")).scalar() == 0
    down(engine, start)
    assert "one_time_grants" not in tables(engine)
    db.upgrade(engine)
    assert _current(engine) == head()
    engine.dispose()


def test_history_is_append_only_on_the_server(server_db: ServerDb) -> None:
    engine = db.make_engine(server_db.admin_url)
    entry = old_history(engine, old_client(engine, "C1", "Cy Moe"), "note", note="called")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE history SET summary = 'x' WHERE id = :i"), {"i": entry})
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM history WHERE id = :i"), {"i": entry})
    engine.dispose()


def test_agent_role_reads_and_appends_but_cannot_publish_or_resolve(server_db: ServerDb) -> None:
    admin = db.make_engine(server_db.admin_url)
    client = old_client(admin, "C1", "Cy Moe")
    agent = create_engine(server_db.url("ia_agent1"))
    with agent.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM clients")).scalar() == 1
        conn.execute(text(
            "INSERT INTO history (client_id, kind, created_at, agent, summary, details, uuid) "
            "VALUES (:c, 'note', now(), 'a', '', '{}', 'u1')"), {"c": client})
    with pytest.raises(DBAPIError, match="permission denied"), agent.begin() as conn:
        conn.execute(text(
            "INSERT INTO sop_packs (name, version, effective_date, source, imported_at, imported_by, content, "
            "is_active) VALUES ('x', '1', '2026-01-01', '', now(), '', '{}', true)"))
    with pytest.raises(DBAPIError, match="permission denied"), agent.begin() as conn:
        conn.execute(text("UPDATE rule_conflicts SET resolution_note = 'x'"))
    with agent.connect() as conn:
        assert not conn.execute(text(f"SELECT pg_has_role(current_user, '{pg_schema.LEAD_ROLE}', 'MEMBER')")).scalar()
    agent.dispose()
    admin.dispose()
