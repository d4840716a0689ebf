"""The checks start-up leaves for after the first paint: integrity, the day's backup, damage remembered."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from desktop import startup
from desktop.models.store import backups, sqlite_files, store_checks
from desktop.startup import open_checked
from tests.test_startup import NOW, _url, opened, seed


def damage_pages(db: Path) -> None:
    """Random bytes in the middle of the file: the header, size and schema stay valid."""
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(size // 2 - (size // 2) % 4096)
        fh.write(bytes(range(256)) * 16)


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every database counts as large: its pages are checked after the window shows."""
    monkeypatch.setattr(store_checks, "INLINE_CHECK_BYTES", 0)


def test_a_large_database_opens_without_reading_every_page_and_leaves_the_checks(
    tmp_path: Path, big: None
) -> None:
    db = tmp_path / "big.sqlite3"
    seed(db, when=NOW - timedelta(days=1))
    report = open_checked(_url(db), NOW, defer_checks=True)
    opened(report).engine.dispose()
    assert report.later is not None and report.later.integrity and report.later.daily_backup
    days = [b for b in backups.list_backups(backups.folder_for(db), db) if b.day == NOW.strftime("%Y-%m-%d")]
    assert not [b for b in days if b.kind == backups.DAY]  # not taken before the window
    assert store_checks.run(report.later) == []
    made = backups.list_backups(backups.folder_for(db), db)
    assert [b.kind for b in made if b.day == NOW.strftime("%Y-%m-%d")] == [backups.DAY]


def test_a_small_database_is_still_checked_page_by_page_before_opening(tmp_path: Path) -> None:
    db = tmp_path / "small.sqlite3"
    seed(db, notes=40)
    damage_pages(db)
    report = open_checked(_url(db), NOW, defer_checks=True)
    assert report.notices[0].code == startup.DAMAGED
    assert report.notices[0].details["damage"] == sqlite_files.DAMAGED_PAGES


def test_damage_found_later_is_reported_not_backed_up_and_checked_first_next_time(
    tmp_path: Path, big: None
) -> None:
    db = tmp_path / "later.sqlite3"
    seed(db, notes=40, when=NOW - timedelta(days=1))
    damage_pages(db)
    report = open_checked(_url(db), NOW, defer_checks=True)
    store = opened(report)
    assert report.later is not None
    found = store_checks.run(report.later)
    store.engine.dispose()
    assert [f.code for f in found] == [store_checks.CHECK_FAILED]
    assert found[0].details["detail"]
    today = NOW.strftime("%Y-%m-%d")
    assert not [b for b in backups.list_backups(backups.folder_for(db), db) if b.day == today]
    assert sqlite_files.check_failed(db)
    # The next start reads every page before opening, and offers the backup as for damage found at start.
    again = open_checked(_url(db), NOW + timedelta(hours=1), defer_checks=True)
    assert again.notices[0].code == startup.DAMAGED
    assert again.moved_to is not None


def test_a_later_check_that_passes_clears_what_was_remembered(tmp_path: Path) -> None:
    db = tmp_path / "ok.sqlite3"
    seed(db)
    sqlite_files.remember_check(db, "row 3 missing from index")
    assert sqlite_files.check_failed(db) and sqlite_files.had_data(db)
    report = open_checked(_url(db), NOW, defer_checks=True)
    opened(report).engine.dispose()
    assert not report.notices
    assert not sqlite_files.check_failed(db) and sqlite_files.had_data(db)


def test_the_old_start_still_backs_up_at_once(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    seed(db, when=NOW - timedelta(days=1))
    report = open_checked(_url(db), NOW)
    opened(report).engine.dispose()
    assert report.later is None
    assert [b.kind for b in backups.list_backups(backups.folder_for(db), db)
            if b.day == NOW.strftime("%Y-%m-%d")] == [backups.DAY]
