"""Revision 0005 on PostgreSQL: from 0004 with data, agents add and read flags, numbered for the cache, down again."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from desktop.models.store import db
from tests.migrations.test_migrations import _current, down, old_client, old_history, up
from tests.team.conftest import ServerDb
from tests.team.test_pg_migrations import tables

pytestmark = pytest.mark.team


def test_upgrade_from_0004_with_data_agent_adds_a_flag_and_downgrade(empty_server_db: ServerDb) -> None:
    engine = db.make_engine(empty_server_db.admin_url)
    up(engine, "0004")
    client = old_client(engine, "C1", "Cy Moe")
    old_history(engine, client, "note", note="Spanish only")
    up(engine, "0005")
    assert _current(engine) == "0005"
    assert "client_flags" in tables(engine)
    agent = create_engine(empty_server_db.url("ia_agent1"))
    with agent.begin() as conn:
        conn.execute(text(
            "INSERT INTO client_flags (uuid, client_id, text, created_at, created_by) "
            "VALUES ('f1', :c, 'Client only speaks Spanish', now(), 'ia_agent1')"), {"c": client})
    with agent.connect() as conn:
        row = conn.execute(text("SELECT text, change_seq FROM client_flags")).one()
    assert row.text == "Client only speaks Spanish"
    assert row.change_seq is not None  # a cache refresh sees it
    agent.dispose()
    down(engine, "0004")
    assert "client_flags" not in tables(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM history")).scalar() == 1
    db.upgrade(engine)
    engine.dispose()
