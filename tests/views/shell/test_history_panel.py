"""History panel: newest first, filter by kind, live refresh, corrections linked, EN/ES."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QTextBrowser, QWidget

from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.history import HistoryDraft
from desktop.views.shell.history_model import ENTRY_ID_ROLE
from desktop.views.shell.history_panel import HistoryPanel
from tests import keyboard


def add(store: Store, client: ClientInfo, at: datetime, **kw: Any) -> history.HistoryItem:
    with store.sessions() as s, s.begin():
        kind = str(kw.pop("kind", "note"))
        return history.append(s, HistoryDraft(client_id=client.id, kind=kind, created_at=at, **kw))


@pytest.fixture
def panel(ctx: Any, qtbot: Any) -> HistoryPanel:
    widget = HistoryPanel(ctx)
    qtbot.addWidget(widget)
    widget.resize(340, 600)
    widget.show()
    return widget


def ids_shown(panel: HistoryPanel) -> list[int]:
    model = panel.list.model()
    return [int(model.index(r, 0).data(ENTRY_ID_ROLE)) for r in range(model.rowCount())]


def texts_shown(panel: HistoryPanel) -> list[str]:
    model = panel.list.model()
    return [str(model.index(r, 0).data(Qt.ItemDataRole.DisplayRole)) for r in range(model.rowCount())]


def count_shown(panel: HistoryPanel) -> int:
    return int(panel.list.model().rowCount())


@pytest.mark.parametrize(("lang", "expected"), [("en", "Open a client"), ("es", "Abra un cliente")])
def test_no_client_is_a_plain_state(ctx: Any, panel: HistoryPanel, lang: str, expected: str) -> None:
    ctx.set_language(lang)
    assert panel.status.text().startswith(expected)
    assert count_shown(panel) == 0
    assert not panel.list.isEnabled()


def test_newest_first_and_refresh_on_client_change(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    old = add(store, client, now - timedelta(days=3), summary="Old note")
    new = add(store, client, now - timedelta(days=1), kind="courtesy_credit", amount=Decimal("15.00"),
              summary="Courtesy credit for a late fee")
    ctx.set_client(client)
    assert ids_shown(panel) == [new.id, old.id]
    assert panel.status.text() == "2 entries, newest first"
    assert "$15.00" in texts_shown(panel)[0]
    assert "Courtesy credit" in texts_shown(panel)[0]
    # The time is shown in the client's zone with its abbreviation.
    assert "CST" in texts_shown(panel)[0]
    ctx.set_client(None)
    assert count_shown(panel) == 0


def test_history_changed_refreshes_only_for_the_open_client(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    other = add_client(cid="999", name="Other Person")
    ctx.set_client(client)
    assert panel.status.text() == "No history for this client yet."
    mine = add(store, client, now, summary="Called about reset")
    add(store, other, now, summary="Someone else")
    ctx.historyChanged.emit(other.id)
    assert count_shown(panel) == 0  # not this client's change
    ctx.historyChanged.emit(client.id)
    assert ids_shown(panel) == [mine.id]


def test_filter_by_kind(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    note = add(store, client, now - timedelta(hours=2), summary="A note")
    poc = add(store, client, now - timedelta(hours=1), kind="poc_request", utr="48213", status="submitted",
              appointment_at=now + timedelta(days=1))
    ctx.set_client(client)
    panel.set_filter("poc_request")
    assert ids_shown(panel) == [poc.id]
    assert "UTR 48213" in texts_shown(panel)[0]
    assert "submitted" in texts_shown(panel)[0]
    panel.set_filter("note")
    assert ids_shown(panel) == [note.id]
    panel.set_filter("courtesy_credit")
    assert count_shown(panel) == 0
    assert panel.status.text() == "No entries of this kind."
    panel.set_filter(None)
    assert ids_shown(panel) == [poc.id, note.id]


def test_keyboard_changes_the_filter(
    ctx: Any, panel: HistoryPanel, qtbot: Any, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    add(store, client, now, summary="A note")
    ctx.set_client(client)
    keyboard.click(panel.list)
    for _ in range(6):  # back to the filter, as the keyboard goes
        if QApplication.focusWidget() is panel.filter:
            break
        keyboard.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is panel.filter
    keyboard.press(Qt.Key.Key_Down)
    assert panel.filter.currentData() == "note"
    assert count_shown(panel) == 1


def test_corrections_reference_the_original_C1(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    """SOP C1: a corrected credit stays visible, marked, and the correction names it."""
    client = add_client()
    credit = add(store, client, now - timedelta(days=1), kind="courtesy_credit", amount=Decimal("20.00"))
    fix = add(store, client, now, kind="correction", corrects_id=credit.id, summary="Wrong account")
    ctx.set_client(client)
    texts = dict(zip(ids_shown(panel), texts_shown(panel), strict=True))
    assert f"corrects #{credit.id}" in texts[fix.id]
    assert f"corrected by #{fix.id}" in texts[credit.id]
    panel.set_current_row(0)
    details = panel.details.toPlainText()
    assert "Corrects" in details and f"#{credit.id}: Courtesy credit of" in details
    panel.set_current_row(1)
    details = panel.details.toPlainText()
    assert "Corrected by" in details and f"#{fix.id}" in details


def test_details_show_every_fact_and_full_note(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    add(store, client, now, kind="override_given", waived=True, amount=Decimal("0.00"), summary="Code given",
        sop_pack_version="2026.11.0", agent="Ana")
    add(store, client, now - timedelta(days=1), summary="Long", note_text="Line one\nLine two <b>not bold</b>",
        disposition="poc_request")
    ctx.set_client(client)
    panel.set_current_row(0)
    details = panel.details.toPlainText()
    for expected in ("Override code given", "Fee waived", "yes", "2026.11.0", "Ana"):
        assert expected in details
    assert "waived" in texts_shown(panel)[0]
    panel.set_current_row(1)
    details = panel.details.toPlainText()
    assert "Line one" in details and "Line two <b>not bold</b>" in details  # escaped, not rendered
    assert "POC request submitted (UTR ticket)" in details  # disposition label, not its id


def test_language_switch_keeps_filter_and_selection(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    add(store, client, now - timedelta(hours=2), summary="First")
    second = add(store, client, now - timedelta(hours=1), summary="Second")
    add(store, client, now, kind="courtesy_credit", amount=Decimal("10.00"))
    ctx.set_client(client)
    panel.set_filter("note")
    panel.set_current_row(0)
    ctx.set_language("es")
    assert panel.filter_label.text() == "&Mostrar:"
    assert panel.filter.currentData() == "note"
    assert panel.filter.currentText() == "Notas"
    assert panel.status.text() == "2 entradas, de la más reciente a la más antigua"
    assert panel.list.currentIndex().data(ENTRY_ID_ROLE) == second.id
    assert "Nota" in texts_shown(panel)[0]
    assert "Fecha" in panel.details.toPlainText()
    ctx.set_language("en")
    assert panel.filter.currentText() == "Notes"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_input_is_named(ctx: Any, panel: HistoryPanel, lang: str) -> None:
    ctx.set_language(lang)
    buddies = {label.buddy() for label in panel.findChildren(QLabel) if label.buddy() is not None}
    for widget in panel.findChildren(QWidget):
        if isinstance(widget, QComboBox | QLineEdit | QTextBrowser) or widget is panel.list:
            assert widget.accessibleName() or widget in buddies, widget


def test_main_window_docks_the_panel(ctx: Any, qtbot: Any) -> None:
    from desktop.views.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.history_dock is not None
    assert isinstance(window.history_dock.widget(), HistoryPanel)


def _many(store: Store, client: ClientInfo, now: datetime, n: int) -> None:
    from desktop.models.store.schema import HistoryEntry

    with store.sessions() as s, s.begin():
        s.add_all(
            HistoryEntry(client_id=client.id, kind="note", created_at=now - timedelta(minutes=i), agent="",
                         summary=f"Entry number {i}", details={})
            for i in range(n)
        )


def test_a_long_history_formats_only_the_rows_asked_for(
    ctx: Any, panel: HistoryPanel, qtbot: Any, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    """Opening a client with many entries counts them all but formats only what the view paints."""
    client = add_client()
    _many(store, client, now, 600)
    ctx.set_client(client)
    qtbot.waitUntil(lambda: panel.model.formatted > 1)  # the view paints its first rows
    qtbot.wait(50)
    assert count_shown(panel) == 600
    assert panel.status.text() == "600 entries, newest first"
    painted = panel.model.formatted
    assert 0 < painted < 100  # a screenful (plus the selected row), not 600
    model = panel.list.model()
    assert "Entry number 599" in str(model.index(599, 0).data(Qt.ItemDataRole.DisplayRole))
    assert panel.model.formatted == painted + 1  # one more row asked for, one more formatted
    assert "Entry number 599" in str(model.index(599, 0).data(Qt.ItemDataRole.DisplayRole))
    assert panel.model.formatted == painted + 1  # asked again: kept, not formatted again


def test_a_language_switch_reformats_rows_only_when_asked_for(
    ctx: Any, panel: HistoryPanel, qtbot: Any, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    _many(store, client, now, 300)
    ctx.set_client(client)
    qtbot.waitUntil(lambda: panel.model.formatted > 1)
    qtbot.wait(50)
    before = panel.model.formatted
    ctx.set_language("es")
    qtbot.waitUntil(lambda: panel.model.formatted > before + 1)
    qtbot.wait(50)
    reformatted = panel.model.formatted - before
    assert 0 < reformatted < 100
    assert "Nota" in texts_shown(panel)[0]
    assert panel.status.text() == "300 entradas, de la más reciente a la más antigua"


def test_note_search_is_typed_from_the_keyboard_and_keeps_the_matching_entries(
    ctx: Any, panel: HistoryPanel, qtbot: Any, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    other = add_client(cid="999", name="Other Person")
    tow = add(store, client, now - timedelta(hours=3), summary="Tow receipt", note_text="Client sent the tow receipt")
    add(store, client, now - timedelta(hours=2), summary="Reset fee quoted")
    fee = add(store, client, now - timedelta(hours=1), summary="Reset", note_text="Explained the reset fee")
    add(store, other, now, summary="Reset fee for someone else")
    ctx.set_client(client)
    keyboard.click(panel.list)
    for _ in range(6):  # back to the search box, as the keyboard goes
        if QApplication.focusWidget() is panel.search:
            break
        keyboard.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is panel.search
    keyboard.type_text("tow rec")
    keyboard.press(Qt.Key.Key_Return)
    assert ids_shown(panel) == [tow.id]
    assert panel.status.text() == "1 entry holds “tow rec”"
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text("fee")
    qtbot.waitUntil(lambda: len(ids_shown(panel)) == 2)  # searched once typing pauses
    assert fee.id == ids_shown(panel)[0]
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text("zebra")
    keyboard.press(Qt.Key.Key_Return)
    assert count_shown(panel) == 0
    assert panel.status.text() == "No note holds “zebra”."
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.press(Qt.Key.Key_Delete)
    keyboard.press(Qt.Key.Key_Return)
    assert count_shown(panel) == 3


def test_note_search_combines_with_the_kind_filter_and_clears_with_another_client(
    ctx: Any, panel: HistoryPanel, store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    other = add_client(cid="999", name="Other Person")
    add(store, client, now - timedelta(hours=2), summary="Reset fee quoted")
    credit = add(store, client, now - timedelta(hours=1), kind="courtesy_credit", amount=Decimal("10.00"),
                 summary="Courtesy credit for the reset fee")
    ctx.set_client(client)
    keyboard.type_into(panel.search, "reset")
    keyboard.press(Qt.Key.Key_Return)
    assert count_shown(panel) == 2
    panel.set_filter("courtesy_credit")
    assert ids_shown(panel) == [credit.id]
    ctx.set_client(other)
    assert panel.search.text() == ""
    assert panel.status.text() == "No history for this client yet."
