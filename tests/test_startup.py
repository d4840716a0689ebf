"""Opening the store safely: migrations, corrupt files moved aside, backups, URL resolution."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.models import sqlite_store
from desktop.models.db import resolve_url, sqlite_path
from desktop.startup import backups_folder, open_checked

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_fresh_file_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    report = open_checked(_url(db), NOW)
    with report.store.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        fk = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert (mode, fk) == ("wal", 1)
    assert version is not None
    assert report.messages == []


def test_corrupt_file_is_moved_aside_never_deleted(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite3"
    garbage = b"this is not a database" * 200
    db.write_bytes(garbage)
    report = open_checked(_url(db), NOW)
    assert report.moved_to is not None and report.moved_to.exists()
    assert report.moved_to.read_bytes() == garbage
    assert str(report.moved_to) in report.messages[0]
    assert sqlite_store.integrity_problem(db) is None  # a new, working database took its place


def test_corrupt_file_restores_newest_good_backup_when_agent_agrees(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    first = open_checked(_url(db), NOW - timedelta(days=1))
    with first.store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO drafts(key, content, updated_at) VALUES ('k', '{}', '2026-11-22 10:00:00')"
        )
    first.store.engine.dispose()
    # Yesterday's backup was taken before the insert; take today's with the row in it.
    sqlite_store.daily_backup(db, backups_folder(db), NOW)
    db.write_bytes(b"\x00garbage" * 512)
    for side in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        side.unlink(missing_ok=True)
    asked: list[str] = []

    def agree(backup: sqlite_store.Backup) -> bool:
        asked.append(backup.day)
        return True

    report = open_checked(_url(db), NOW, confirm_restore=agree)
    assert asked == ["2026-11-23"]
    assert report.restored_from is not None
    with report.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM drafts").scalar() == 1


def test_keeps_only_seven_daily_backups(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    open_checked(_url(db), NOW).store.engine.dispose()
    for day in range(10):
        sqlite_store.daily_backup(db, backups_folder(db), NOW + timedelta(days=day))
    kept = sqlite_store.list_backups(backups_folder(db), db)
    assert len(kept) == sqlite_store.KEEP_BACKUPS
    assert kept[0].day == (NOW + timedelta(days=9)).strftime("%Y-%m-%d")


def test_db_override_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTERLOCK_ASSIST_DB_URL", raising=False)
    monkeypatch.setenv("INTERLOCK_ASSIST_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_url(None) == _url((tmp_path / "env.sqlite3").resolve())
    assert resolve_url(tmp_path / "cli.sqlite3") == _url((tmp_path / "cli.sqlite3").resolve())
    monkeypatch.setenv("INTERLOCK_ASSIST_DB_URL", "postgresql+psycopg://team/ia")
    assert resolve_url(None) == "postgresql+psycopg://team/ia"
    assert sqlite_path("postgresql+psycopg://team/ia") is None


def test_unreadable_header_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite3"
    con = sqlite3.connect(db)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(data))
    assert sqlite_store.integrity_problem(db) is not None


def test_schema_head_matches_alembic() -> None:
    """Start-up skips Alembic when the stored revision equals this head: it must be Alembic's own."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop import paths
    from desktop.models.db import schema_head

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    assert schema_head() == ScriptDirectory.from_config(cfg).get_current_head()


def test_current_database_skips_alembic(tmp_path: Path) -> None:
    import sys

    from desktop.models.db import current_revision, open_store, schema_head

    url = _url(tmp_path / "f.sqlite3")
    first = open_store(url)
    assert current_revision(first.engine) == schema_head()
    first.engine.dispose()
    for name in [m for m in sys.modules if m == "alembic" or m.startswith("alembic.")]:
        del sys.modules[name]
    open_store(url).engine.dispose()
    assert "alembic.command" not in sys.modules
