"""Standalone, the roster import dialog has no team part: Import writes into this desk's own store."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from desktop.views.lead import roster_team
from desktop.views.lead.roster_import import RosterImportDialog


def test_a_standalone_dialog_has_no_team_note_and_imports_locally(ctx: Any, qtbot: Any) -> None:
    dialog = RosterImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert roster_team.attach(dialog) is None
    assert dialog.team is None
    assert dialog.findChild(QLabel, "rosterTeamNote") is None
