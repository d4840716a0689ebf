"""Opening the store safely: migrations, damaged files moved aside, backups, URL resolution."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop import startup
from desktop.models.store import backups, sqlite_files
from desktop.models.store.db import Store, resolve_url, sqlite_path, sqlite_url
from desktop.startup import Questions, RestoreOffer, backups_folder, open_checked
from desktop.views.shell import startup_dialogs
from tests.conftest import make_client

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _url(path: Path) -> str:
    return sqlite_url(path)


def opened(report: startup.StartupReport) -> Store:
    assert report.fatal is None, report.fatal
    assert report.store is not None
    return report.store


def seed(db: Path, *, clients: int = 3, notes: int = 4, when: datetime = NOW) -> None:
    """A database with clients and history, as yesterday's session left it."""
    from desktop.models.store import history
    from desktop.models.store.history import HistoryDraft

    report = open_checked(_url(db), when)
    store = opened(report)
    with store.sessions() as s, s.begin():
        for i in range(clients):
            c = make_client(s, cid=f"{1000 + i}", name=f"Client Number{i}")
            for j in range(notes):
                history.append(s, HistoryDraft(client_id=c.id, kind="note", created_at=when, note_text=f"note {i}-{j} " + "x" * 300))
    assert report.session_backups is not None
    report.session_backups.wait()  # the first save's backup runs in a thread
    store.engine.dispose()


def counts(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return (con.execute("select count(*) from clients").fetchone()[0],
                con.execute("select count(*) from history").fetchone()[0])
    finally:
        con.close()


def test_fresh_file_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    report = open_checked(_url(db), NOW)
    with opened(report).engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        fk = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert (mode, fk) == ("wal", 1)
    assert version is not None
    assert report.notices == []


def test_file_that_is_not_a_database_is_named_and_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite3"
    garbage = b"this is not a database" * 200
    db.write_bytes(garbage)
    report = open_checked(_url(db), NOW)
    assert report.moved_to is not None and report.moved_to.read_bytes() == garbage
    assert [n.code for n in report.notices] == [startup.DAMAGED, startup.NEW_EMPTY]
    assert report.notices[0].details["damage"] == sqlite_files.NOT_A_DATABASE
    text = startup_dialogs.notice_text(report.notices[0])
    assert "not a database" in text and str(report.moved_to) in text
    assert sqlite_files.diagnose(db).state == sqlite_files.HEALTHY  # a new, working database took its place


def _offer_and_agree(asked: list[RestoreOffer]) -> Questions:
    def agree(offer: RestoreOffer) -> bool:
        asked.append(offer)
        return True

    return Questions(confirm_restore=agree)


def test_truncated_file_says_so_then_offers_the_backup_with_date_and_entries(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    seed(db, when=NOW - timedelta(days=1))  # yesterday's day backup: 3 clients, 12 notes
    report0 = open_checked(_url(db), NOW - timedelta(days=1))
    opened(report0).engine.dispose()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    asked: list[RestoreOffer] = []
    report = open_checked(_url(db), NOW, questions=_offer_and_agree(asked))
    assert len(asked) == 1
    offer = asked[0]
    assert offer.damage == sqlite_files.TRUNCATED
    assert (offer.contents.clients, offer.contents.history) == (3, 12)
    assert offer.backup.day == "2026-11-22"
    text = startup_dialogs.offer_text(offer)
    assert text.index("cut short") < text.index(str(offer.moved_to)) < text.index("Restore it?")
    assert "12 history entries" in text and "3 clients" in text
    assert report.restored_from == offer.backup.path
    opened(report).engine.dispose()
    assert counts(db) == (3, 12)


def test_damaged_pages_are_reported_and_the_sidecars_move_with_the_file(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    seed(db, notes=40)
    size = db.stat().st_size
    with db.open("r+b") as fh:  # random bytes in the middle: the header stays valid
        fh.seek(size // 2 - (size // 2) % 4096)
        fh.write(bytes(range(256)) * 16)
    journal = Path(f"{db}-journal")
    journal.write_bytes(b"hot journal left by a crashed program")
    report = open_checked(_url(db), NOW)
    assert report.notices[0].code == startup.DAMAGED
    assert report.notices[0].details["damage"] == sqlite_files.DAMAGED_PAGES
    assert report.moved_to is not None
    assert Path(f"{report.moved_to}-journal").read_bytes() == b"hot journal left by a crashed program"
    assert not journal.exists()


def test_zero_length_file_is_damage_and_never_becomes_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite3"
    seed(db, when=NOW - timedelta(days=1))  # yesterday: a full day backup
    opened(open_checked(_url(db), NOW - timedelta(days=1))).engine.dispose()
    db.write_bytes(b"")
    for side in sqlite_files.SIDECARS:
        Path(f"{db}{side}").unlink(missing_ok=True)
    declined: list[RestoreOffer] = []

    def decline(offer: RestoreOffer) -> bool:
        declined.append(offer)
        return False

    report = open_checked(_url(db), NOW, questions=Questions(confirm_restore=decline))
    assert [o.backup.day for o in declined] == ["2026-11-22"]
    assert report.notices[0].details["damage"] == sqlite_files.EMPTY_FILE
    assert report.moved_to is not None and report.moved_to.stat().st_size == 0
    opened(report).engine.dispose()
    # Today's start on the new, empty database made no backup of it.
    kept = backups.list_backups(backups_folder(db), db)
    assert [b.day for b in kept if b.kind == backups.DAY] == ["2026-11-22"]
    assert all(b.day == "2026-11-22" for b in kept)
    # Real damage later: yesterday's full backup is still the one offered.
    db.write_bytes(b"garbage" * 1000)
    asked: list[RestoreOffer] = []
    report = open_checked(_url(db), NOW + timedelta(hours=1), questions=_offer_and_agree(asked))
    assert asked[0].backup.day == "2026-11-22" and asked[0].contents.history == 12
    opened(report).engine.dispose()
    assert counts(db) == (3, 12)


def test_emptied_database_that_had_data_is_kept_aside(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite3"
    seed(db)
    assert sqlite_files.had_data(db)
    con = sqlite3.connect(db)
    con.executescript("DROP TRIGGER history_no_delete; DELETE FROM history; DELETE FROM clients;")
    con.close()
    report = open_checked(_url(db), NOW + timedelta(hours=2))
    assert report.notices[0].details["damage"] == sqlite_files.EMPTIED
    assert report.moved_to is not None and report.moved_to.exists()
    assert "held data before" in startup_dialogs.notice_text(report.notices[0])


def test_new_empty_database_is_not_damage(tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite3"
    opened(open_checked(_url(db), NOW)).engine.dispose()
    report = open_checked(_url(db), NOW + timedelta(days=1))
    assert report.notices == [] and report.moved_to is None


def test_keeps_seven_days_and_three_sessions(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    seed(db)
    folder = backups_folder(db)
    for day in range(10):
        assert backups.daily(db, folder, NOW + timedelta(days=day)).reason == backups.MADE
    for minute in range(5):
        backups.take(db, folder, backups.SESSION, NOW + timedelta(minutes=minute))
    kept = backups.list_backups(folder, db)
    days = [b for b in kept if b.kind == backups.DAY]
    assert len(days) == 7 and days[0].day == (NOW + timedelta(days=9)).strftime("%Y-%m-%d")
    assert len([b for b in kept if b.kind == backups.SESSION]) == 3


def test_empty_or_damaged_copies_never_become_backups(tmp_path: Path) -> None:
    db = tmp_path / "i.sqlite3"
    opened(open_checked(_url(db), NOW)).engine.dispose()
    folder = backups_folder(db)
    assert backups.take(db, folder, backups.SESSION, NOW).reason == backups.SKIPPED_EMPTY
    (folder / "i-day-20261123T150000.sqlite3.partial").write_bytes(b"half")
    assert backups.list_backups(folder, db) == []
    opened(open_checked(_url(db), NOW)).engine.dispose()
    assert list(folder.glob("*.partial")) == []


def test_a_damaged_backup_is_passed_over_for_an_older_good_one(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    seed(db, when=NOW - timedelta(days=2))
    opened(open_checked(_url(db), NOW - timedelta(days=2))).engine.dispose()
    folder = backups_folder(db)
    (folder / "j-session-20261122T100000.sqlite3").write_bytes(b"not a database" * 100)
    db.write_bytes(b"junk" * 500)
    asked: list[RestoreOffer] = []
    opened(open_checked(_url(db), NOW, questions=_offer_and_agree(asked))).engine.dispose()
    assert asked[0].backup.day == "2026-11-21"


def test_session_backup_after_first_save_and_at_clean_exit(tmp_path: Path) -> None:
    from desktop.app import shutdown
    from desktop.models.store import history
    from desktop.models.store.history import HistoryDraft

    db = tmp_path / "k.sqlite3"
    seed(db)
    clock = [NOW + timedelta(hours=1)]
    report = open_checked(_url(db), clock[0], clock=lambda: clock[0])
    store = opened(report)
    with store.sessions() as s, s.begin():
        history.append(s, HistoryDraft(client_id=1, kind="note", created_at=clock[0], note_text="first note of the session"))
    assert report.session_backups is not None
    thread = report.session_backups._thread
    assert thread is not None
    thread.join()
    first = report.session_backups.latest
    assert first is not None and counts(first) == (3, 13)
    clock[0] += timedelta(minutes=30)
    with store.sessions() as s, s.begin():
        history.append(s, HistoryDraft(client_id=1, kind="note", created_at=clock[0], note_text="second note"))
    shutdown(report)
    last = report.session_backups.latest
    assert last is not None and last != first and not first.exists()
    assert counts(last) == (3, 14)


def test_backup_is_taken_before_a_migration(tmp_path: Path) -> None:
    from desktop.models.store import db as dbm

    db = tmp_path / "l.sqlite3"
    engine = dbm.make_engine(_url(db))
    dbm.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language,"
            " critical_flags) VALUES ('1', 'Ann Lee', 'ann lee', 'plus', 'TX', 'America/Chicago', '0.00', 'en', '[]')"
        )
    engine.dispose()
    opened(open_checked(_url(db), NOW)).engine.dispose()
    before = [b for b in backups.list_backups(backups_folder(db), db) if b.kind == backups.PRE_MIGRATION]
    assert len(before) == 1
    con = sqlite3.connect(before[0].path)
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0001"
    con.close()


def test_db_override_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTERLOCK_ASSIST_DB_URL", raising=False)
    monkeypatch.setenv("INTERLOCK_ASSIST_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_url(None) == _url((tmp_path / "env.sqlite3").resolve())
    assert resolve_url(tmp_path / "cli.sqlite3") == _url((tmp_path / "cli.sqlite3").resolve())
    monkeypatch.setenv("INTERLOCK_ASSIST_DB_URL", "postgresql+psycopg://team/ia")
    assert resolve_url(None) == "postgresql+psycopg://team/ia"
    assert sqlite_path("postgresql+psycopg://team/ia") is None


@pytest.mark.parametrize("name", ["a%41b.sqlite3", "hash#1.sqlite3", "what?.sqlite3", "with space.sqlite3",
                                  "Señora Núñez 東.sqlite3", "%2541 #?& x.sqlite3"])
def test_paths_with_uri_characters_open_and_stay_healthy(tmp_path: Path, name: str) -> None:
    db = tmp_path / "dir %41 #?" / name
    url = resolve_url(db)
    assert sqlite_path(url) == db.resolve()
    seed(db)
    report = open_checked(url, NOW + timedelta(days=1))
    assert report.notices == [] and report.moved_to is None
    opened(report).engine.dispose()
    assert db.exists() and counts(db) == (3, 12)
    assert [b.path.parent for b in backups.list_backups(backups_folder(db), db)][:1] == [db.parent / "backups"]


def test_schema_head_matches_alembic() -> None:
    """Start-up skips Alembic when the stored revision equals this head: it must be Alembic's own."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop import paths
    from desktop.models.store.db import known_revisions, schema_head

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    script = ScriptDirectory.from_config(cfg)
    assert schema_head() == script.get_current_head()
    assert known_revisions() == {r.revision for r in script.walk_revisions()}


def test_current_database_skips_alembic(tmp_path: Path) -> None:
    import sys

    from desktop.models.store.db import current_revision, open_store, schema_head

    url = _url(tmp_path / "f.sqlite3")
    first = open_store(url)
    assert current_revision(first.engine) == schema_head()
    first.engine.dispose()
    saved = {m: sys.modules.pop(m) for m in list(sys.modules) if m == "alembic" or m.startswith("alembic.")}
    try:
        open_store(url).engine.dispose()
        assert "alembic.command" not in sys.modules
    finally:
        sys.modules.update(saved)  # later tests keep using the modules they imported


def test_platform_folders_are_not_doubled_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import windows

    from desktop import paths

    monkeypatch.setattr(windows, "get_win_folder", lambda _csidl: "C:\\Users\\ana\\AppData\\Local")
    folder = windows.Windows(appname=paths.APP_NAME, appauthor=paths.APP_AUTHOR).user_data_dir
    assert folder.replace("/", "\\").endswith("\\Local\\InterlockAssist")
