"""Migrations: up from empty, down to base, up again; data written before an upgrade stays searchable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import sessionmaker

from desktop import paths
from desktop.models.store import client_search, db
from desktop.models.store.clients import normalise_name
from desktop.models.store.note_search import search_notes
from tests.conftest import make_client


def _run(engine: Engine, revision: str, *, down: bool) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def up(engine: Engine, revision: str) -> None:
    _run(engine, revision, down=False)


def down(engine: Engine, revision: str) -> None:
    _run(engine, revision, down=True)


def _current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def head() -> str:
    return str(ScriptDirectory(str(paths.migrations_dir())).get_current_head())


def names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {str(r[0]) for r in conn.execute(text("SELECT name FROM sqlite_master"))}


def old_client(engine: Engine, cid: str, name: str) -> int:
    """A client written the way revisions 0001-0003 wrote it (the ORM describes the newest schema)."""
    with engine.begin() as conn:
        return int(conn.execute(text(
            "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language, "
            "critical_flags) VALUES (:cid, :name, :key, 'plus', 'TX', 'America/Chicago', 0, 'en', '[]') RETURNING id"
        ), {"cid": cid, "name": name, "key": normalise_name(name)}).scalar_one())


def old_history(engine: Engine, client_id: int, kind: str, *, note: str = "", amount: int | None = None,
                waived: bool | None = None, corrects: int | None = None, at: str = "2026-11-20 15:00:00.000000") -> int:
    with engine.begin() as conn:
        return int(conn.execute(text(
            "INSERT INTO history (client_id, kind, created_at, agent, summary, note_text, amount, waived, details, "
            "corrects_id) VALUES (:c, :k, :at, 'old agent', '', :note, :amount, :waived, '{}', :corrects) RETURNING id"
        ), {"c": client_id, "k": kind, "at": at, "note": note, "amount": amount, "waived": waived,
            "corrects": corrects}).scalar_one())


def test_revisions_form_one_line() -> None:
    script = ScriptDirectory(str(paths.migrations_dir()))
    assert len(script.get_heads()) == 1
    revs = [r.revision for r in script.walk_revisions()]
    assert revs[-1] == "0001"
    assert head() == revs[0]


def test_upgrade_from_empty_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    db.upgrade(engine)
    assert _current(engine) == head()
    created = names(engine)
    for expected in ("clients", "history", "sop_packs", "drafts", "history_fts", "clients_fts",
                     "one_time_grants", "rule_conflicts", "outbox", "sync_state", "uq_one_time_grant_per_client",
                     "clients_fts_vocab", "clients_fts_generation", "history_no_update", "history_no_delete",
                     "history_fts_ai", "clients_fts_ai", "clients_fts_au", "clients_fts_ad"):
        assert expected in created, expected

    db.downgrade(engine, "base")
    assert names(engine) <= {"alembic_version", "sqlite_autoindex_alembic_version_1"}

    db.upgrade(engine)
    assert names(engine) == created
    assert _current(engine) == head()
    engine.dispose()


def test_clients_written_before_0002_are_indexed_by_it(tmp_path: Path, now: datetime) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    up(engine, "0001")
    store = db.Store(url=str(engine.url), engine=engine, sessions=sessionmaker(engine))
    old_client(engine, "1", "Rosa Martínez")
    db.upgrade(engine)
    with store.sessions() as s:
        assert isinstance(client_search.index_for(s), client_search.FtsIndex)
        assert [c.cid for c in client_search.search(s, "martinez")] == ["1"]
        assert [c.cid for c in client_search.search(s, "Rosa Martines")] == ["1"]
    engine.dispose()


def test_notes_written_before_0003_stay_searchable_both_ways(tmp_path: Path, now: datetime) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    up(engine, "0002")
    store = db.Store(url=str(engine.url), engine=engine, sessions=sessionmaker(engine))
    note_id = old_history(engine, old_client(engine, "1", "Ann Lee"), "note", note="tow receipt faxed to CSG")
    db.upgrade(engine)
    with store.sessions() as s:
        assert [h.history_id for h in search_notes(s, "receip")] == [note_id]
    down(engine, "0002")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT rowid FROM history_fts WHERE history_fts MATCH 'receipt'")).all()
    assert [r[0] for r in found] == [note_id]
    engine.dispose()


def test_downgrade_keeps_client_rows(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    db.upgrade(engine)
    store = db.Store(url=str(engine.url), engine=engine, sessions=sessionmaker(engine))
    with store.sessions() as s, s.begin():
        make_client(s, cid="1", name="Ann Lee")
    down(engine, "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM clients")).scalar() == 1
    assert "clients_fts" not in names(engine)
    engine.dispose()


def one_time_rows(engine: Engine) -> list[tuple[int, str, int | None]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT client_id, kind, amount FROM one_time_grants ORDER BY client_id, kind"))
        return [(int(r[0]), str(r[1]), r[2]) for r in rows]


def seed_one_time_history(engine: Engine) -> tuple[int, int]:
    """Client A: two courtesy credits (an old double grant) and a waived M9 fee; client B: a corrected credit."""
    a = old_client(engine, "A1", "Ann Lee")
    b = old_client(engine, "B1", "Bo Diaz")
    old_history(engine, a, "courtesy_credit", amount=2500, at="2026-01-01 10:00:00.000000")
    old_history(engine, a, "courtesy_credit", amount=3500, at="2026-02-01 10:00:00.000000")
    old_history(engine, a, "override_given", amount=0, waived=True)
    old_history(engine, a, "override_given", amount=4500, waived=False)
    wrong = old_history(engine, b, "courtesy_credit", amount=1000)
    old_history(engine, b, "correction", corrects=wrong)
    return a, b


def check_upgraded_one_time_facts(engine: Engine, a: int, b: int) -> None:
    """SOP C1 and M9: the earliest standing grant per client is in the ledger, and a second is refused."""
    assert one_time_rows(engine) == [(a, "courtesy_credit", 2500), (a, "m9_waiver", 0)]
    insert = text("INSERT INTO one_time_grants (uuid, client_id, kind, agent, workstation, granted_at) "
                  "VALUES (:u, :c, 'courtesy_credit', '', '', '2026-03-01 10:00:00')")
    with engine.begin() as conn:
        conn.execute(insert, {"u": "u-b", "c": b})  # B's credit was corrected away: B may get one
    try:
        with engine.begin() as conn:
            conn.execute(insert, {"u": "u-a", "c": a})
    except Exception as exc:  # IntegrityError from either driver
        assert "unique" in str(exc).lower()
    else:
        raise AssertionError("a second standing courtesy credit was stored")


@pytest.mark.parametrize("start", ["0001", "0002", "0003"])
def test_upgrade_to_head_from_each_revision_keeps_one_time_facts(tmp_path: Path, start: str) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    up(engine, start)
    a, b = seed_one_time_history(engine)
    db.upgrade(engine)
    assert _current(engine) == head()
    check_upgraded_one_time_facts(engine, a, b)
    down(engine, start)
    assert "one_time_grants" not in names(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM history")).scalar() == 6
    engine.dispose()
