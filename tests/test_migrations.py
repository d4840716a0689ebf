"""Migrations: up from empty, down to base, up again; data written before an upgrade stays searchable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from desktop import paths
from desktop.models import client_search, db, history
from desktop.models.note_search import search_notes
from desktop.models.schema import Client
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
    store = db.Store(url=str(engine.url), engine=engine, sessions=db.sessionmaker(engine))
    with store.sessions() as s, s.begin():
        make_client(s, cid="1", name="Rosa Martínez")
    db.upgrade(engine)
    with store.sessions() as s:
        assert isinstance(client_search.index_for(s), client_search.FtsIndex)
        assert [c.cid for c in client_search.search(s, "martinez")] == ["1"]
        assert [c.cid for c in client_search.search(s, "Rosa Martines")] == ["1"]
    engine.dispose()


def test_notes_written_before_0003_stay_searchable_both_ways(tmp_path: Path, now: datetime) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    up(engine, "0002")
    store = db.Store(url=str(engine.url), engine=engine, sessions=db.sessionmaker(engine))
    with store.sessions() as s, s.begin():
        c = make_client(s, cid="1", name="Ann Lee")
        note = history.append(s, client_id=c.id, kind="note", at=now, note_text="tow receipt faxed to CSG")
    db.upgrade(engine)
    with store.sessions() as s:
        assert [h.history_id for h in search_notes(s, "receip")] == [note.id]
    down(engine, "0002")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT rowid FROM history_fts WHERE history_fts MATCH 'receipt'")).all()
    assert [r[0] for r in found] == [note.id]
    engine.dispose()


def test_downgrade_keeps_client_rows(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    db.upgrade(engine)
    store = db.Store(url=str(engine.url), engine=engine, sessions=db.sessionmaker(engine))
    with store.sessions() as s, s.begin():
        make_client(s, cid="1", name="Ann Lee")
    down(engine, "0001")
    with store.sessions() as s:
        assert s.query(Client).count() == 1
        assert "clients_fts" not in names(engine)
    engine.dispose()
