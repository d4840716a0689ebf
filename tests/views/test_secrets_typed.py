"""Card numbers and the call's override code typed into every free-text field stay out of every file (SOP N1, M7).

An agent on a live call types what the client reads out, wherever the cursor is.
This sweep does the same, through the keyboard helper in the real main window:
every enabled free-text field of every step of every workflow, of the Notes
page and of every Chat tab receives thirteen typed card formats, one pasted
with tabs (as copied from a spreadsheet) and the call's override code.  Each
workflow is then finished the way the focus walk finishes it (notes saved where
the step allows), the Notes draft is autosaved, and Chat texts are copied.

Then the database, its WAL, a backup taken afterwards, the log, the preferences
and the clipboard are searched for each secret in any form.  The figure to
reach is 0 places.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop import paths
from desktop.app import setup_logging
from desktop.models.redaction import CALL_SECRETS
from desktop.models.store.backups import daily
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.views.shell.main_window import MainWindow
from desktop.views.widgets.steps import StepContainer
from desktop.views.workflows import workflow
from tests import keyboard
from tests.models.store.test_secrets_at_rest import CARD_FORMATS
from tests.secrets_probe import places_holding, text_holds
from tests.views.override.drive import CODE
from tests.views.walks import Walk, all_walks

TYPED_CARDS = [card for name, card in CARD_FORMATS.items() if name != "tabs"]
PASTED_CARD = CARD_FORMATS["tabs"]  # a tab would move focus when typed: it arrives by paste
SECRETS = {**CARD_FORMATS, "override_code": CODE}


def free_text_fields(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit)
        and w.isVisible()
        and w.isEnabled()
        and not w.isReadOnly()
        and not isinstance(w.parent(), QAbstractSpinBox)  # a number or date box is not free text
    ]


def type_secrets(field: QWidget) -> None:
    """What a client reads out, typed at the end of whatever the field holds."""
    keyboard.click(field)
    keyboard.press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text(" " + " ; ".join([*TYPED_CARDS, CODE]) + " ")
    clipboard = QApplication.clipboard()
    clipboard.setText(PASTED_CARD)
    keyboard.shortcut("Ctrl+V")
    clipboard.setText("")


def sweep(root: QWidget) -> int:
    fields = free_text_fields(root)
    for field in fields:
        type_secrets(field)
    return len(fields)


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[Path]:
    """The app's own log handler (with its redaction filter), writing under the test's home."""
    before = list(logging.getLogger().handlers)
    log_file = setup_logging()
    yield log_file
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler not in before:
            handler.close()
            root.removeHandler(handler)


@pytest.fixture
def window(qtbot: Any, ctx: Any, logged: Path) -> Iterator[MainWindow]:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitActive(win):
        win.activateWindow()
    yield win


def assert_no_secret_anywhere(store: Store, ctx: Any, tmp_path: Path, log_file: Path, clipboard_seen: list[str]) -> None:
    with store.sessions() as s:  # a checkpoint-free read: the WAL is searched as it is
        s.connection()
    db = store.path
    assert db is not None
    backup = daily(db, tmp_path / "sweep-backups", ctx.now())
    logging.getLogger("desktop").info("sweep finished")
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = [db, db.with_name(db.name + "-wal"), tmp_path / "sweep-backups", log_file.parent, ctx.prefs_path, paths.data_dir()]
    found = {name: places_holding(secret, files) for name, secret in SECRETS.items()}
    found = {name: places for name, places in found.items() if places}
    copied = {name: [t for t in clipboard_seen if text_holds(secret, t)] for name, secret in SECRETS.items()}
    copied = {name: texts for name, texts in copied.items() if texts}
    assert backup is not None
    assert found == {}, f"secrets at rest: {found}"
    assert copied == {}, f"secrets on the clipboard: {copied}"


def _watch_clipboard() -> list[str]:
    seen: list[str] = []
    clipboard = QApplication.clipboard()
    # (The sweep's own paste puts the tabbed card there on purpose; only what the app copies counts.)
    clipboard.dataChanged.connect(lambda: seen.append(clipboard.text()) if clipboard.text() != PASTED_CARD else None)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("walk", all_walks(), ids=str)
def test_secrets_typed_into_every_step_reach_no_file(
    window: MainWindow, ctx: Any, store: Store, tmp_path: Path, logged: Path,
    add_client: Callable[..., ClientInfo], walk: Walk,
) -> None:
    ctx.set_client(add_client(**walk.client))
    CALL_SECRETS.remember(CODE)  # the code was given earlier on this call (override coaching remembers it so)
    keyboard.shortcut(workflow(walk.page_id).shortcut)
    page = window.pages[walk.page_id]
    container = page.findChild(StepContainer)
    assert container is not None and container.flow is not None
    seen = _watch_clipboard()
    typed_into = 0
    while True:
        view = container.current_view()
        assert view is not None
        walk.complete(page, view.step_id)
        typed_into += sweep(view)
        walk.complete(page, view.step_id)  # the agent corrects what the step needs
        if container.flow is None or container.flow.current == container.flow.steps[-1]:
            break
        if not container.next_button.isEnabled():
            break  # a typed secret may hold the step (the lint blocks it): what was kept so far is searched
        keyboard.click(container.next_button)
    assert typed_into > 0
    assert_no_secret_anywhere(store, ctx, tmp_path, logged, seen)


@pytest.mark.slow
def test_secrets_typed_into_notes_and_chat_reach_no_file(
    window: MainWindow, ctx: Any, qtbot: Any, store: Store, tmp_path: Path, logged: Path,
    add_client: Callable[..., ClientInfo],
) -> None:
    ctx.set_client(add_client())
    CALL_SECRETS.remember(CODE)  # the code was given earlier on this call (override coaching remembers it so)
    seen = _watch_clipboard()
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut(workflow("notes").shortcut)
    notes = window.pages["notes"]
    typed_into = sweep(notes)
    qtbot.waitUntil(lambda: not notes.autosave.timer.isActive(), timeout=5000)  # type: ignore[attr-defined]  # the draft autosave ran
    copy: QPushButton = notes.copy_button  # type: ignore[attr-defined]
    if copy.isEnabled():
        keyboard.click(copy)
    keyboard.shortcut(workflow("chat").shortcut)
    chat = window.pages["chat"]
    tabs = chat.findChild(QTabWidget)
    assert tabs is not None
    for index in range(tabs.count()):
        keyboard.click(tabs.tabBar(), tabs.tabBar().tabRect(index).center())
        tab = tabs.widget(index)
        assert tab is not None
        typed_into += sweep(tab)
        button = chat.copy_button  # type: ignore[attr-defined]
        if button.isEnabled():
            keyboard.click(button)
    assert typed_into >= 5
    assert_no_secret_anywhere(store, ctx, tmp_path, logged, seen)
