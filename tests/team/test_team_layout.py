"""Team mode's own screens fit beside the CRM, in every language and scale.

The main window of an agent who is offline with a rule conflict to read (both
banners at once: the most team mode ever stacks above a workflow), and the
lead's conflicts view, are rendered like every other screen (see
:mod:`tests.views.test_layout_screens`): English, Spanish and pseudo-localised
English; 100, 125 and 150 %; the full window and the compact column.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from desktop.views.lead.conflicts import ConflictsDialog
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.team_banner import TeamBanners
from tests import keyboard
from tests.layout_probe import probe
from tests.team.conftest import Clock, Desk, ServerDb
from tests.team.gui import TeamWindow
from tests.team.test_roster_upload import ROSTER, choose_roster, known, open_import_dialog, write  # noqa: F401
from tests.team.test_team_views import _conflict, shown, ticked
from tests.views.test_layout_screens import LANGUAGES, MODES, SCALES, SHOTS, Tally, logical_size, render_all
from tests.views.test_layout_screens import set_language as switch

#: Problems a set still has; they may only go down.  The one left: in pseudo-localised English
#: (40 % longer than English) at 150 % in the compact column, the lost grant's banner is 6 px
#: taller than the fifth of the window the banners get, so it scrolls that much.
STILL_FAILING = {"team-offline-conflict": 1}

pytestmark = [
    pytest.mark.team,
    pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="layout is measured offscreen"),
]


def test_an_offline_agent_with_a_conflict_to_read_fits_every_screen(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk],
    clock: Clock,
) -> None:
    _conflict(server_db, desks, clock)  # ia_agent2's grant on desk-2 lost to ia_agent1's
    team = team_window("desk-2", "ia_agent2")
    window = shown(qtbot, MainWindow(team.ctx))
    ticked(qtbot, team)
    team.desk.proxy.cut()
    ticked(qtbot, team)
    banners = window.findChild(TeamBanners)
    assert banners is not None and banners.offline.isVisible() and banners.conflicts.isVisible()
    problems: list[str] = []
    for mode in MODES:
        mode.enter(window)
        tally = Tally(problems=[])
        render_all(window, team.ctx, mode, "team-offline-conflict", tally)
        assert tally.screens == len(LANGUAGES) * len(SCALES) and tally.problems is not None
        problems += tally.problems
        window.set_compact(False)
    assert len(problems) <= STILL_FAILING["team-offline-conflict"], "\n".join(problems)
    assert all("-pseudo-150-" in p for p in problems), "\n".join(problems)


def dialog_problems(dialog: QDialog, name: str, ctx: Any) -> list[str]:
    """``dialog`` at the size it asks for (this test's screen is 800x800), bounded by each screen, in
    every language: what does not fit."""
    problems: list[str] = []
    for language in LANGUAGES:
        switch(ctx, language)
        for scale in SCALES:
            screen = logical_size(MODES[0], scale)
            dialog.resize(getattr(dialog, "SIZE", dialog.size()).boundedTo(screen))
            for _ in range(3):
                QApplication.processEvents()
            tag = f"{name}-{language}-{round(scale * 100)}"
            problems += [f"{tag}: {p}" for p in probe(dialog, screen)]
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                dialog.grab().save(str(Path(SHOTS) / f"{tag}.png"))
    switch(ctx, "en")
    return problems


@pytest.mark.usefixtures("known")  # the server's clients before the roster (a fixture of the upload tests)
def test_a_leads_roster_import_sent_to_the_server_fits_every_screen(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead = team_window("lead", "ia_lead1")
    window = shown(qtbot, MainWindow(lead.ctx))
    ticked(qtbot, lead)
    dialog = open_import_dialog(qtbot, window)
    choose_roster(dialog, write(tmp_path, ROSTER), monkeypatch)
    keyboard.click(dialog.import_button)
    qtbot.waitUntil(lambda: dialog.state != "running", timeout=15_000)
    assert dialog.outcome.text().startswith("✔ Sent to the team server")
    problems = dialog_problems(dialog, "roster-team", lead.ctx)
    dialog.reject()
    assert problems == [], "\n".join(problems)


def test_the_lead_conflicts_view_fits_every_screen(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk],
    clock: Clock,
) -> None:
    _conflict(server_db, desks, clock)
    lead = team_window("lead", "ia_lead1")
    dialog = ConflictsDialog(lead.ctx, lead.link.desk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=15_000)
    problems = dialog_problems(dialog, "conflicts", lead.ctx)
    assert problems == [], "\n".join(problems)
