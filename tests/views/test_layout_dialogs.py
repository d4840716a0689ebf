"""The dialogs fit the screens agents and leads have, in every language and scale.

Preferences, the SOP packs list, the pack editor and the roster import open at
the size they ask for, bounded by the screen (1366×768 at 100, 125 and 150 %,
less the taskbar), and everything in them must fit there, as the workflow
screens must (:mod:`tests.views.test_layout_screens`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog

from desktop.views.lead.pack_editor.dialog import PackEditorDialog
from desktop.views.lead.roster_import import RosterImportDialog
from desktop.views.lead.sop_packs import SopPacksDialog
from desktop.views.shell.preferences.dialog import PreferencesDialog
from tests.layout_probe import probe
from tests.views.test_layout_screens import LANGUAGES, SCALES, SCREEN, SHOTS
from tests.views.test_layout_screens import set_language as switch

pytestmark = pytest.mark.skipif(
    os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="layout is measured offscreen"
)

#: What Windows' taskbar takes from the bottom of the screen, in physical pixels.
TASKBAR = 40

DIALOGS: dict[str, Callable[[Any], QDialog]] = {
    "preferences": lambda ctx: PreferencesDialog(ctx),
    "sop-packs": lambda ctx: SopPacksDialog(ctx),
    "pack-editor": lambda ctx: PackEditorDialog(ctx),
    "roster-import": lambda ctx: RosterImportDialog(ctx),
}


def available(scale: float) -> QSize:
    """The logical size a window may take on a 1366×768 screen at ``scale``."""
    return QSize(round(SCREEN.width() / scale), round((SCREEN.height() - TASKBAR) / scale))


@pytest.mark.parametrize("name", DIALOGS)
def test_every_dialog_fits(qtbot: Any, ctx: Any, name: str) -> None:
    dialog = DIALOGS[name](ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    wanted = getattr(dialog, "SIZE", dialog.size())  # what it asks for (this test's screen is 800x800)
    problems: list[str] = []
    for language in LANGUAGES:
        switch(ctx, language)
        for scale in SCALES:
            screen = available(scale)
            dialog.resize(wanted.boundedTo(screen))
            for _ in range(3):
                QApplication.processEvents()
            tag = f"{name}-{language}-{round(scale * 100)}"
            least = dialog.minimumSizeHint()
            if least.height() > screen.height() or least.width() > screen.width():
                problems.append(f"{tag}: needs at least {least.width()}x{least.height()}")
            problems += [f"{tag}: {p}" for p in probe(dialog, screen)]
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                dialog.grab().save(str(Path(SHOTS) / f"{tag}.png"))
    switch(ctx, "en")
    print(f"\nlayout {name}: {len(problems)} problems")
    assert problems == [], "\n".join(problems)


