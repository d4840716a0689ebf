"""Revision 0005 on SQLite: clients and history written under 0004 stay, flags can be added, down and up again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from desktop.models.store import client_flags, db
from tests.migrations.test_migrations import _current, down, names, old_client, old_history, up


def test_upgrade_from_0004_with_data_then_down_and_up(tmp_path: Path, now: datetime) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    up(engine, "0004")
    client = old_client(engine, "1", "Rosa Martínez")
    note = old_history(engine, client, "note", note="Client asked for Spanish")
    with engine.begin() as conn:
        conn.execute(text("UPDATE clients SET critical_flags = '[\"CRM flag\"]' WHERE id = :c"), {"c": client})
    up(engine, "0005")
    assert _current(engine) == "0005"
    assert "client_flags" in names(engine)
    store = db.Store(url=str(engine.url), engine=engine, sessions=sessionmaker(engine))
    with store.sessions() as s, s.begin():
        assert client_flags.add_flag(s, client, "Client only speaks Spanish", at=now, by="agent") is not None
    with store.sessions() as s:
        assert client_flags.flags_for(s, client) == ["Client only speaks Spanish"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT note_text FROM history WHERE id = :i"), {"i": note}).scalar() == (
            "Client asked for Spanish"
        )
        assert conn.execute(text("SELECT critical_flags FROM clients WHERE id = :c"), {"c": client}).scalar() == (
            '["CRM flag"]'
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:  # a flag needs a real client
        conn.execute(text("PRAGMA foreign_keys = ON"))
        conn.execute(text(
            "INSERT INTO client_flags (uuid, client_id, text, created_at, created_by) "
            "VALUES ('u1', 99999, 'x', '2026-11-23 15:00:00.000000', '')"
        ))
    down(engine, "0004")
    assert "client_flags" not in names(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM history")).scalar() == 1
    up(engine, "0005")
    with store.sessions() as s:
        assert client_flags.flags_for(s, client) == []
    engine.dispose()
