"""The call workspace driven as an agent would: keyboard, lookup, language switch, status bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.models.store.clients import ClientInfo
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.status_bar import chat_text, csg_status_text
from desktop.views.workflows import WORKFLOWS
from tests import keyboard

PO = Path(__file__).resolve().parents[3] / "i18n" / "es" / "LC_MESSAGES" / "messages.po"


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> Iterator[MainWindow]:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def _visible_texts(root: QWidget) -> set[str]:
    texts: set[str] = set()
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton):
            texts.add(w.text())
        elif isinstance(w, QGroupBox):
            texts.add(w.title())
        if isinstance(w, QLineEdit | QPlainTextEdit):
            texts.add(w.placeholderText())
        texts.add(w.toolTip())
        texts.add(w.accessibleName())
    return {t for t in texts if t}


def _translated_msgids() -> dict[str, str]:
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and m.string != m.id
    }


def test_every_workflow_is_reachable_by_keyboard(qtbot: Any, window: MainWindow) -> None:
    window.activateWindow()
    keyboard.click(window.client_bar.lookup)
    for spec in WORKFLOWS:
        keyboard.shortcut(spec.shortcut)
        current = window.stack.currentWidget()
        assert getattr(current, "page_id", None) == spec.page_id
    # The list itself moves with the arrow keys.
    window.nav.setCurrentRow(0)
    keyboard.click(window.nav, window.nav.visualItemRect(window.nav.item(0)).center())
    keyboard.press(Qt.Key.Key_Down)
    assert getattr(window.stack.currentWidget(), "page_id", None) == WORKFLOWS[1].page_id


def test_lookup_by_cid_and_enter_opens_client(
    qtbot: Any, window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    add_client(cid="556677", name="Rosa Delgado", state="AZ", time_zone="America/Phoenix")
    window.activateWindow()
    keyboard.click(window.history_dock.widget())
    keyboard.shortcut("Ctrl+L")
    assert window.client_bar.lookup.hasFocus()
    keyboard.type_text("556677\n")
    assert ctx.client is not None and ctx.client.cid == "556677"
    card = window.client_bar.card.text()
    assert "Rosa Delgado" in card and "America/Phoenix" in card
    assert "8:00 AM MST" in card  # local time of the client at the fixed clock (15:00 UTC)


def test_lookup_reports_no_match_at_the_field(qtbot: Any, window: MainWindow) -> None:
    keyboard.type_into(window.client_bar.lookup, "zzzz-nobody")
    assert "zzzz-nobody" in window.client_bar.lookup_message.text()


def test_language_switch_rerenders_everything_and_keeps_typed_text(
    qtbot: Any, window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    ctx.set_client(add_client())
    for spec in WORKFLOWS:
        window.show_page(spec.page_id)
    window.client_bar.lookup.setText("Mar")
    english = _visible_texts(window)
    translated = _translated_msgids()
    window.client_bar.language.setCurrentIndex(window.client_bar.language.findData("es"))
    assert ctx.prefs.language == "es"
    spanish = _visible_texts(window)
    leftovers = sorted(t for t in spanish if t in translated and t in english)
    assert not leftovers, f"English left after switching: {leftovers[:15]}"
    assert window.windowTitle() == "Interlock Assist"
    assert (
        window.nav.item(0).text().startswith("Solicitud de POC") or window.nav.item(0).text() != "POC request"
    )
    assert window.client_bar.lookup.text() == "Mar"
    assert "Estado de la condena" in window.client_bar.card.text()
    # Back to English: the same texts as before.
    window.client_bar.language.setCurrentIndex(window.client_bar.language.findData("en"))
    assert _visible_texts(window) >= {t for t in english if "AM" not in t and "PM" not in t} - {""}


def test_qt_own_strings_follow_the_language(qtbot: Any, window: MainWindow, ctx: Any) -> None:
    """Qt's own texts (a field's context menu, dialog buttons) switch with the app's language."""
    def undo() -> str:
        return QCoreApplication.translate("QLineEdit", "&Undo").replace("&", "")

    assert undo() == "Undo"
    ctx.set_language("es")
    assert undo() == "Deshacer"
    ctx.set_language("en")
    assert undo() == "Undo"


def test_language_choice_is_remembered(qtbot: Any, ctx: Any, store: Any) -> None:
    from desktop.views.context import AppContext

    ctx.set_language("es")
    again = AppContext(store, clock=ctx.clock, prefs_path=ctx.prefs_path)
    assert again.prefs.language == "es"


def test_demo_title_says_demo(qtbot: Any, ctx: Any) -> None:
    ctx.demo = True
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert "DEMO" in win.windowTitle()


def _et(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    ("instant", "open_", "chat"),
    [
        (_et(2026, 11, 28, 18, 59), True, "weekend"),  # Saturday 18:59: still open (SOP P2)
        (_et(2026, 11, 28, 19, 0), False, "weekend"),  # Saturday 19:00: closed
        (_et(2026, 11, 29, 12, 0), False, "weekend"),  # Sunday: closed all day
        (_et(2026, 11, 30, 7, 59), False, "weekday"),  # Monday before opening
        (_et(2026, 11, 30, 8, 0), True, "weekday"),  # Monday at opening
        (_et(2026, 3, 7, 18, 30), True, "weekend"),  # Saturday before spring-forward
        (_et(2026, 3, 9, 8, 0), True, "weekday"),  # Monday after spring-forward (EDT)
        (_et(2026, 10, 31, 18, 59), True, "weekend"),  # Saturday before fall-back
        (_et(2026, 11, 1, 1, 30), False, "weekend"),  # fall-back night, Sunday
    ],
)
def test_status_bar_csg_state_for_fixed_clocks_P2_H2(
    qtbot: Any, ctx: Any, instant: datetime, open_: bool, chat: str
) -> None:
    ctx.clock = lambda: instant.astimezone(UTC)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    text = win.status.csg.text()
    assert text == csg_status_text(instant)
    assert text.startswith("CSG open") == open_
    assert ("Weekend" in win.status.chat.text()) == (chat == "weekend")
    assert win.status.chat.text() == chat_text(instant)


def test_status_bar_counts_down_to_next_change(ctx: Any) -> None:
    text = csg_status_text(_et(2026, 11, 28, 18, 0))  # Saturday 18:00
    assert "7:00 PM EST" in text and "1 h" in text
    closed = csg_status_text(_et(2026, 11, 28, 19, 0))  # opens Monday 08:00 = 37 h later
    assert "Monday" in closed and "37 h" in closed


def test_status_bar_in_spanish(ctx: Any) -> None:
    ctx.set_language("es")
    text = csg_status_text(_et(2026, 11, 29, 12, 0))
    assert text.startswith("CSG cerrado") and "lunes" in text
