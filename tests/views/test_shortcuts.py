"""Each key in the README's Keys table does what the README says, from a workflow field and from the history panel.

The table is read from README.md, so a key documented there without a check here
fails the test, and so does a key bound twice (Qt then does nothing at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.preferences import PreferencesDialog
from desktop.views.shell.sop_viewer import SopViewer
from desktop.views.workflows import WORKFLOWS
from tests import keyboard

README = Path(__file__).resolve().parents[2] / "README.md"
COACHING_KEYS = ("Space", "Right", "Left", "R")  # act only while the override code reader has focus
_ARROWS = {"→": "Right", "←": "Left"}


def documented_keys() -> list[str]:
    """The keys of the README's Keys table, ranges and alternatives spelled out."""
    text = README.read_text(encoding="utf-8")
    table = text.split("## Keys", 1)[1].split("\n## ", 1)[0]
    keys: list[str] = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("key", "") or set(cells[0]) <= {"-"}:
            continue
        spans = re.fullmatch(r"(\w+)\+(\d) … \1\+(\d)", cells[0])
        if spans:
            keys += [f"{spans[1]}+{n}" for n in range(int(spans[2]), int(spans[3]) + 1)]
        else:
            keys += [_ARROWS.get(k.strip(), k.strip()) for k in cells[0].split("/")]
    return keys


def check_lookup(window: MainWindow) -> None:
    assert window.client_bar.lookup.hasFocus(), keyboard.focused_name()
    keyboard.type_text("3001")
    assert window.client_bar.lookup.selectedText() == "" and "3001" in window.client_bar.lookup.text()


def check_workflow(index: int) -> Callable[[MainWindow], None]:
    def check(window: MainWindow) -> None:
        assert getattr(window.stack.currentWidget(), "page_id", None) == WORKFLOWS[index].page_id

    return check


def check_sop(window: MainWindow) -> None:
    viewer = window.findChild(SopViewer)
    assert viewer is not None and viewer.isVisible()
    assert viewer.state.currentData() == "TX"  # the open client's state
    viewer.close()


def check_call_started(window: MainWindow) -> None:
    assert window.calls.controller.call is not None and window.calls.status.isVisible()


def check_call_ended(window: MainWindow) -> None:
    assert window.calls.controller.call is None  # nothing done on it, so nothing saved
    assert window.statusBar().currentMessage()


def check_today(window: MainWindow) -> None:
    assert window.calls.today_dock.isVisible()
    assert QApplication.focusWidget() is window.calls.today.list, keyboard.focused_name()


def check_preferences(window: MainWindow) -> None:
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def check_compact(window: MainWindow) -> None:
    assert window.is_compact() and window.width() <= 440


def check_on_top(window: MainWindow) -> None:
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


PASTED_CID = "300777"


def copy_a_cid(window: MainWindow) -> None:
    from tests.conftest import make_client

    with window.ctx.store.sessions() as session, session.begin():
        make_client(session, cid=PASTED_CID, name="Ana Ruiz")
    QGuiApplication.clipboard().setText(PASTED_CID)


def check_paste(window: MainWindow) -> None:
    assert window.ctx.client is not None and window.ctx.client.cid == PASTED_CID


CHECKS: dict[str, Callable[[MainWindow], None]] = {
    "Ctrl+L": check_lookup,
    "F4": check_sop,
    "F2": check_call_started,
    "F12": check_call_ended,
    "Ctrl+Shift+Y": check_today,
    "Ctrl+,": check_preferences,
    **{f"Ctrl+{n}": check_workflow(n - 1) for n in range(1, len(WORKFLOWS) + 1)},
    "Ctrl+Shift+C": check_compact,
    "Ctrl+Shift+T": check_on_top,
    "Ctrl+Shift+V": check_paste,
}
#: What a key needs in place before it is pressed (the clipboard, for paste and go).
PREPARE: dict[str, Callable[[MainWindow], None]] = {"Ctrl+Shift+V": copy_a_cid}


def _credit_field(window: MainWindow) -> QWidget:
    window.show_page("credit")
    field = window.pages["credit"].what.amount  # type: ignore[attr-defined]
    assert isinstance(field, QWidget)
    return field


def _poc_field(window: MainWindow) -> QWidget:
    window.show_page("poc")
    keyboard.click(window.pages["poc"].steps.next_button)  # type: ignore[attr-defined]
    field = window.pages["poc"].eligibility.fee  # type: ignore[attr-defined]
    assert isinstance(field, QWidget)
    return field


def _override_page(window: MainWindow) -> QWidget:
    """The override page with a Guardian M9 client open (the page is for M9 and Monitech clients)."""
    from tests.conftest import make_client

    with window.ctx.store.sessions() as session, session.begin():
        window.ctx.set_client(make_client(session, cid="M90001", name="Rosa Vega", brand="m9"))
    window.show_page("override")
    return window.pages["override"]


def _override_field(window: MainWindow) -> QWidget:
    field = _override_page(window).preconditions.lockout  # type: ignore[attr-defined]
    assert isinstance(field, QWidget)
    return field


def _override_code(window: MainWindow) -> QWidget:
    from tests.views.override.drive import to_coaching

    page = _override_page(window)
    to_coaching(page)  # type: ignore[arg-type]
    field = page.coaching.code  # type: ignore[attr-defined]
    assert isinstance(field, QWidget)
    return field


def _history_list(window: MainWindow) -> QWidget:
    window.show_page("credit")
    found = window.history_dock.findChild(QWidget, "historyList")
    assert found is not None
    return found


SOURCES: dict[str, Callable[[MainWindow], QWidget]] = {
    "credit field": _credit_field,
    "POC field": _poc_field,
    "override field": _override_field,
    "override code": _override_code,
    "history panel": _history_list,
}


def test_the_readme_documents_the_keys_checked_here() -> None:
    keys = documented_keys()
    assert set(CHECKS) | set(COACHING_KEYS) == set(keys), keys


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("key", documented_keys())
def test_documented_key_does_what_the_readme_says(window: MainWindow, source: str, key: str) -> None:
    start = SOURCES[source](window)
    PREPARE.get(key, lambda _w: None)(window)
    keyboard.click(start)
    assert QApplication.focusWidget() is start
    page = window.stack.currentWidget()
    keyboard.shortcut(key)
    if key in COACHING_KEYS:
        # Outside the code reader these are ordinary keys: the agent stays where they were.
        assert QApplication.focusWidget() is start and window.stack.currentWidget() is page
        return
    CHECKS[key](window)
