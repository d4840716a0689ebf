"""``app.main`` itself on damaged and healthy databases, with the start-up questions answered here."""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from desktop import app
from desktop.models.store import backups
from desktop.models.store.store_errors import StoreBusyError, StoreFullError, WriteLedger
from desktop.startup import Questions, RestoreOffer, open_checked
from desktop.views.shell import error_dialog
from tests.test_startup import NOW, _url, counts, opened, seed


def test_smoke_start_restores_the_backup_the_agent_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "main.sqlite3"
    seed(db, when=NOW - timedelta(days=1))
    opened(open_checked(_url(db), NOW - timedelta(days=1))).engine.dispose()
    data = db.read_bytes()
    db.write_bytes(data[:4096] + b"\xff" * (len(data) - 4096))
    asked: list[RestoreOffer] = []

    def agree(offer: RestoreOffer) -> bool:
        asked.append(offer)
        return True

    assert app.main(["--db", str(db), "--smoke"], questions=Questions(confirm_restore=agree)) == 0
    assert "smoke ok" in capsys.readouterr().out
    assert len(asked) == 1 and asked[0].contents.history == 12
    assert counts(db) == (3, 12)
    assert list(tmp_path.glob("main.corrupt-*.sqlite3"))


def test_smoke_start_on_a_healthy_database_changes_nothing_it_should_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "healthy.sqlite3"
    seed(db)
    before = {b.path for b in backups.list_backups(backups.folder_for(db), db)}
    assert app.main(["--db", str(db), "--smoke"]) == 0
    assert "smoke ok" in capsys.readouterr().out
    assert counts(db) == (3, 12)
    assert not list(tmp_path.glob("*corrupt*"))
    made = [b for b in backups.list_backups(backups.folder_for(db), db) if b.path not in before]
    assert [b.kind for b in made] == [backups.DAY]


def test_store_errors_are_logged_as_not_saved_with_what_was_kept(caplog: pytest.LogCaptureFixture) -> None:
    ledger = WriteLedger(lambda: NOW)
    ledger.saved()
    ledger.failed("disk_full")
    text = error_dialog.message_text(StoreFullError("database or disk is full"), ledger, Path("/x/ia.log"))
    assert text.startswith("The disk is full, so this was not saved.")
    assert "The last save failed" in text and "everything saved until then is kept" in text
    assert "/x/ia.log" in text
    error_dialog.install_excepthook(interactive=False, ledger=ledger)
    try:
        with caplog.at_level(logging.WARNING, logger="desktop"):
            try:
                raise StoreBusyError("database is locked")
            except StoreBusyError:
                sys.excepthook(*sys.exc_info())
        assert "store write failed (busy)" in caplog.text
    finally:
        sys.excepthook = sys.__excepthook__


def test_an_unexpected_error_never_claims_everything_was_saved() -> None:
    ledger = WriteLedger(lambda: NOW)
    ledger.failed("busy")
    text = error_dialog.message_text(RuntimeError("boom"), ledger, Path("/x/ia.log"))
    assert "safe" not in text and "The last save failed" in text
    fresh = error_dialog.message_text(RuntimeError("boom"), WriteLedger(lambda: NOW))
    assert "may not have been saved" in fresh and "Nothing was saved in this session yet" in fresh
