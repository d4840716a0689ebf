"""What the later checks find reaches the agent as a banner, in the current language."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop import startup
from desktop.models.store import backups, store_checks
from desktop.models.store.store_checks import Finding, LaterChecks
from desktop.views.shell.after_paint import LaterChecksRunner, finding_text
from desktop.views.shell.store_banner import StoreBanner
from tests import keyboard
from tests.models.store.test_store_checks import damage_pages
from tests.test_startup import NOW, seed


def run_checks(qtbot: Any, checks: LaterChecks) -> tuple[StoreBanner, LaterChecksRunner]:
    banner = StoreBanner()
    qtbot.addWidget(banner)
    runner = LaterChecksRunner(checks, banner)
    runner.start()
    qtbot.waitUntil(lambda: runner.findings is not None, timeout=20_000)
    return banner, runner


def test_damage_found_after_start_shows_a_banner(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    seed(db, notes=40, when=NOW - timedelta(days=1))
    damage_pages(db)
    banner, runner = run_checks(qtbot, LaterChecks(db, NOW, integrity=True, daily_backup=True))
    assert runner.findings is not None and [f.code for f in runner.findings] == [store_checks.CHECK_FAILED]
    assert not banner.isHidden()
    assert banner.text.text().startswith("The database check found damage")
    ctx.set_language("es")
    banner.retranslate()
    assert banner.text.text().startswith("La revisión de la base de datos encontró daños")
    keyboard.click(banner.dismiss)
    assert banner.isHidden()


def test_a_sound_database_shows_nothing_and_gets_its_day_backup(qtbot: Any, tmp_path: Path) -> None:
    db = tmp_path / "ok.sqlite3"
    seed(db, when=NOW - timedelta(days=1))
    banner, runner = run_checks(qtbot, LaterChecks(db, NOW, integrity=True, daily_backup=True))
    assert runner.findings == []
    assert banner.isHidden()
    assert backups.DAY in [b.kind for b in backups.list_backups(backups.folder_for(db), db)]


@pytest.mark.parametrize("reason", [backups.DISK_FULL, backups.BUSY])
def test_a_skipped_backup_says_why_in_the_start_up_dialogs_words(reason: str) -> None:
    from desktop.views.shell.startup_dialogs import notice_text

    finding = Finding(store_checks.BACKUP_SKIPPED, {"reason": reason, "when": "day"})
    assert finding_text(finding) == notice_text(startup.Notice(startup.BACKUP_SKIPPED, dict(finding.details)))
