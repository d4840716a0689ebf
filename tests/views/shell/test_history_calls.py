"""The history at the keyboard: one row per call, the workflows done on it inside that row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.history import HistoryDraft, HistoryItem
from desktop.views.shell.history_model import ENTRY_ID_ROLE
from desktop.views.shell.history_panel import HistoryPanel
from desktop.views.shell.main_window import MainWindow
from tests import keyboard

AGENT = "Maria Agent"


def add(store: Store, client: ClientInfo, at: datetime, kind: str = "note", **kw: Any) -> HistoryItem:
    with store.sessions() as s, s.begin():
        return history.append(s, HistoryDraft(client_id=client.id, kind=kind, created_at=at, agent=AGENT, **kw))


def a_call(
    store: Store, client: ClientInfo, now: datetime, status: str = "submitted"
) -> tuple[HistoryItem, HistoryItem, HistoryItem, HistoryItem]:
    """A note before the call, then a call with a courtesy credit and a POC request."""
    note = add(store, client, now - timedelta(days=2), summary="Asked about the reset fee")
    credit = add(store, client, now - timedelta(minutes=9), "courtesy_credit", amount=Decimal("15.00"),
                 summary="Courtesy credit for a late fee")
    poc = add(store, client, now - timedelta(minutes=5), "poc_request", utr="778899", status=status,
              summary="POC request", note_text="Client asked for a tow receipt check")
    call = add(
        store, client, now - timedelta(minutes=1), "call", summary="Call: credit and POC request",
        note_text="4E summary", details={
            "call": "c-1", "seconds": 425, "copied": True,
            "workflows": [
                {"entry_id": credit.id, "workflow": "credit", "kind": "courtesy_credit", "summary": credit.summary},
                {"entry_id": poc.id, "workflow": "poc", "kind": "poc_request", "summary": poc.summary},
            ],
        },
    )
    return note, credit, poc, call


@pytest.fixture
def panel(ctx: Any, qtbot: Any) -> HistoryPanel:
    widget = HistoryPanel(ctx)
    qtbot.addWidget(widget)
    widget.resize(360, 640)
    widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    return widget


def ids_shown(panel: HistoryPanel) -> list[int]:
    model = panel.list.model()
    return [int(model.index(r, 0).data(ENTRY_ID_ROLE)) for r in range(model.rowCount())]


def text_of(panel: HistoryPanel, row: int) -> str:
    return str(panel.list.model().index(row, 0).data(Qt.ItemDataRole.DisplayRole))


def back_to(widget: Any) -> None:
    for _ in range(8):  # back through the panel, as the keyboard goes
        if QApplication.focusWidget() is widget:
            return
        keyboard.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is widget, keyboard.focused_name()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_call_is_one_row_with_its_workflows_inside(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime, language: str
) -> None:
    ctx.set_language(language)
    client = add_client()
    note, credit, poc, call = a_call(store, client, now)
    ctx.set_client(client)
    assert ids_shown(panel) == [call.id, note.id]  # the workflows' own entries are inside the call
    assert panel.status.text() in ("2 entries, newest first", "2 entradas, de la más reciente a la más antigua")
    row = text_of(panel, 0)
    assert ("Courtesy credit, POC request" if language == "en" else "Crédito de cortesía, Solicitud de POC") in row

    keyboard.click(panel.list)
    keyboard.press(Qt.Key.Key_Home)
    assert panel.current_row() == 0
    details = panel.details.toPlainText()
    assert f"#{credit.id}" in details and f"#{poc.id}" in details
    assert "$15.00" in details and "UTR 778899" in details  # each workflow's own facts, in full
    assert details.count(f"#{poc.id}") == 1  # said once, not again from the call's own record
    keyboard.press(Qt.Key.Key_Down)
    assert panel.current_row() == 1
    assert f"#{note.id}" in panel.details.toPlainText()
    keyboard.press(Qt.Key.Key_Down)  # the last row: the keys stay on it
    assert panel.current_row() == 1
    keyboard.press(Qt.Key.Key_Up)
    assert panel.list.currentIndex().data(ENTRY_ID_ROLE) == call.id

    with ctx.session() as s:  # nothing stored changed: every workflow keeps its entry
        assert {i.id for i in history.timeline(s, client.id)} == {note.id, credit.id, poc.id, call.id}


def test_the_note_search_and_the_filter_find_a_call_by_what_is_inside_it(
    ctx: Any, panel: HistoryPanel, qtbot: Any, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    note, _credit, _poc, call = a_call(store, client, now)
    ctx.set_client(client)
    keyboard.click(panel.list)
    back_to(panel.search)
    keyboard.type_text("tow receipt")  # words of the POC request's note, inside the call
    keyboard.press(Qt.Key.Key_Return)
    assert ids_shown(panel) == [call.id]
    assert panel.status.text() == "1 entry holds “tow receipt”"
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.press(Qt.Key.Key_Delete)
    keyboard.press(Qt.Key.Key_Return)
    assert ids_shown(panel) == [call.id, note.id]

    back_to(panel.filter)
    while panel.filter.currentData() != "courtesy_credit":
        keyboard.press(Qt.Key.Key_Down)
    assert ids_shown(panel) == [call.id]  # the call stands for the credit given on it
    while panel.filter.currentData() != "override_given":
        keyboard.press(Qt.Key.Key_Down)
    assert ids_shown(panel) == []
    keyboard.press(Qt.Key.Key_Home)
    assert ids_shown(panel) == [call.id, note.id]


def test_a_correction_of_an_entry_inside_a_call_is_linked_both_ways(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    """SOP C1: a corrected credit stays visible, marked, even when it was given on a call."""
    client = add_client()
    _note, credit, _poc, call = a_call(store, client, now)
    fix = add(store, client, now, "correction", corrects_id=credit.id, summary="Wrong account")
    ctx.set_client(client)
    assert ids_shown(panel) == [fix.id, call.id, _note.id]
    keyboard.click(panel.list)
    keyboard.press(Qt.Key.Key_Home)
    assert f"#{credit.id}: Courtesy credit of" in panel.details.toPlainText()
    keyboard.press(Qt.Key.Key_Down)
    assert f"corrected by #{fix.id}" in panel.details.toPlainText()


def test_a_long_history_reads_its_newest_entries_first_then_the_rest(
    ctx: Any, panel: HistoryPanel, qtbot: Any, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    from desktop.models.store.history_pages import HEAD
    from desktop.models.store.schema import HistoryEntry

    client = add_client()
    with store.sessions() as s, s.begin():
        s.add_all(
            HistoryEntry(client_id=client.id, kind="note", created_at=now - timedelta(minutes=i), agent="",
                         summary=f"Entry number {i}", details={})
            for i in range(HEAD + 50)
        )
    ctx.set_client(client)
    assert panel.status.text() == f"{HEAD + 50} entries, newest first"  # counted before all are read
    qtbot.waitUntil(lambda: panel.model.rowCount() == HEAD + 50)  # the rest, once the first rows painted
    keyboard.click(panel.list)
    keyboard.press(Qt.Key.Key_End)
    assert f"Entry number {HEAD + 49}" in panel.details.toPlainText()
    assert panel.status.text() == f"{HEAD + 50} entries, newest first"


def test_choosing_a_call_in_today_shows_its_row_in_the_history(
    qtbot: Any, ctx: Any, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    ctx.clock = lambda: now
    ctx.update_prefs(agent_name=AGENT)
    client = add_client()
    other = add_client(cid="999", name="Other Person")
    note, _credit, _poc, call = a_call(store, client, now, status="cancelled")  # no escalation pending
    later = add(store, client, now, summary="A note after the call")  # the newest row, not the call's
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    panel = window.history_dock.widget()
    assert isinstance(panel, HistoryPanel)
    ctx.set_client(client)
    assert ids_shown(panel) == [later.id, call.id, note.id]
    ctx.set_client(other)

    keyboard.shortcut("Ctrl+Shift+Y")
    today = window.calls.today
    assert QApplication.focusWidget() is today.list, keyboard.focused_name()
    assert today.list.count() == 1
    assert "Courtesy credit, POC request" in today.list.item(0).text()  # the words of the history's row
    keyboard.press(Qt.Key.Key_Return)
    assert ctx.client is not None and ctx.client.id == client.id
    assert panel.list.currentIndex().data(ENTRY_ID_ROLE) == call.id
    assert "Courtesy credit, POC request" in text_of(panel, panel.current_row())
    assert note.id in ids_shown(panel)
