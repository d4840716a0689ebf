"""A whole call at the keyboard: a credit and a POC request, F12, one summary, one entry, the day."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.models.notes import draft_key, load_draft, without_rule_ids
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.views.notes.page import NotesPage
from desktop.views.page import Page
from desktop.views.shell.call_status import csg_text
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.status_bar import duration_text
from desktop.views.widgets.steps import StepContainer
from desktop.views.workflows import workflow
from tests import keyboard
from tests.views.credits.walk import WALKS as CREDIT_WALKS
from tests.views.poc.walk import CLIENT
from tests.views.poc.walk import complete as poc_complete

AGENT = "Maria Agent"


@pytest.fixture
def clock(ctx: Any, now: datetime) -> list[datetime]:
    """The context's clock, moved by the test as the call goes on."""
    moment = [now]
    ctx.clock = lambda: moment[0]
    return moment


@pytest.fixture
def window(qtbot: Any, ctx: Any, clock: list[datetime]) -> Iterator[MainWindow]:
    ctx.update_prefs(agent_name=AGENT)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitActive(win):
        win.activateWindow()
    yield win


def run_workflow(window: MainWindow, page_id: str, complete: Callable[[Page, str], None]) -> None:
    """Open the workflow with its shortcut and go through every step to its saved note."""
    keyboard.shortcut(workflow(page_id).shortcut)
    page = window.pages[page_id]
    container = page.findChild(StepContainer)
    assert container is not None and container.flow is not None
    while True:
        view = container.current_view()
        assert view is not None
        complete(page, view.step_id)
        if container.flow.current == container.flow.steps[-1]:
            break
        assert container.next_button.isEnabled(), container.blockers.text()
        keyboard.click(container.next_button)


def entries(ctx: Any, client: ClientInfo, kind: str) -> list[history.HistoryItem]:
    with ctx.session() as s:
        return history.timeline(s, client.id, (kind,))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_call_with_a_credit_and_a_poc_ends_in_one_summary_and_one_entry(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], clock: list[datetime], language: str
) -> None:
    ctx.set_language(language)
    client = add_client(**CLIENT)
    ctx.set_client(client)  # opening the client starts the call
    status = window.calls.status
    assert status.isVisible() and "0:00" in status.text()
    assert status.text().startswith("Llamada" if language == "es" else "Call")

    run_workflow(window, "credit", CREDIT_WALKS[0].complete)
    run_workflow(window, "poc", poc_complete)
    assert "CSG" in status.text(), status.text()  # the POC request's call window (SOP P5)
    clock[0] += timedelta(minutes=7, seconds=5)
    status.refresh()
    assert "7:05" in status.text()

    QGuiApplication.clipboard().clear()
    keyboard.click(window.pages["poc"].note.note.preview)  # type: ignore[attr-defined]  # F12 from inside a field
    keyboard.shortcut("F12")

    calls = entries(ctx, client, "call")
    assert len(calls) == 1
    entry = calls[0]
    assert entry.agent == AGENT
    assert {w["workflow"] for w in entry.details["workflows"]} == {"credit", "poc"}
    assert entry.details["copied"] is True and entry.details["seconds"] == 7 * 60 + 5
    assert entries(ctx, client, "note") == []  # no second entry per workflow
    assert all(e.agent == AGENT for e in entries(ctx, client, "credit_decision") + entries(ctx, client, "poc_request"))

    copied = QGuiApplication.clipboard().text()
    assert copied == entry.note_text
    lines = [line for line in copied.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), copied
    assert sum(CLIENT["name"] in line for line in lines) == 1
    assert "UTR778899" in copied
    assert window.calls.controller.call is None and not status.isVisible()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_today_panel_lists_the_call_and_reopens_its_client(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    ctx.set_language(language)
    client = add_client(**CLIENT)
    other = add_client(cid="100300", name="Bo Diaz", state="TX")
    ctx.set_client(client)
    run_workflow(window, "credit", CREDIT_WALKS[0].complete)
    keyboard.shortcut("F12")
    ctx.set_client(other)  # the next call

    keyboard.shortcut("Ctrl+Shift+Y")
    today = window.calls.today
    assert QApplication.focusWidget() is today.list, keyboard.focused_name()
    assert today.list.count() == 1
    row = today.list.item(0).text()
    assert CLIENT["name"] in row and CLIENT["cid"] in row
    assert "Courtesy credit" in row or "Crédito de cortesía" in row

    keyboard.press(Qt.Key.Key_Return)
    assert ctx.client is not None and ctx.client.id == client.id
    ctx.set_client(other)
    keyboard.click(today.list.viewport(), today.list.visualItemRect(today.list.item(0)).center())
    assert ctx.client is not None and ctx.client.id == client.id


def test_opening_another_client_keeps_the_last_call_without_copying(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    client = add_client(**CLIENT)
    ctx.set_client(client)
    run_workflow(window, "credit", CREDIT_WALKS[0].complete)
    QGuiApplication.clipboard().clear()
    ctx.set_client(add_client(cid="100300", name="Bo Diaz", state="TX"))
    calls = entries(ctx, client, "call")
    assert len(calls) == 1 and calls[0].details["copied"] is False
    assert QGuiApplication.clipboard().text() == ""
    assert window.calls.controller.call is not None  # the new client's call runs


def test_f12_without_a_workflow_saves_nothing_and_f2_starts_again(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    client = add_client(**CLIENT)
    ctx.set_client(client)
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut("F12")
    assert window.calls.controller.call is None
    assert entries(ctx, client, "call") == []
    assert "No workflow" in window.statusBar().currentMessage()
    keyboard.shortcut("F2")
    assert window.calls.controller.call is not None and window.calls.status.isVisible()


def poc_up_to_when(window: MainWindow) -> Any:
    """The POC workflow by keyboard up to its "when" step, filled in and nothing saved yet."""
    keyboard.shortcut(workflow("poc").shortcut)
    page = window.pages["poc"]
    container = page.findChild(StepContainer)
    assert container is not None and container.flow is not None
    while container.flow.current != "when":
        view = container.current_view()
        assert view is not None
        poc_complete(page, view.step_id)
        assert container.next_button.isEnabled(), container.blockers.text()
        keyboard.click(container.next_button)
    return page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_csg_countdown_shows_while_the_poc_request_is_planned(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], clock: list[datetime], language: str
) -> None:
    ctx.set_language(language)
    client = add_client(**CLIENT)  # Texas, Central time: the zone is known from the client
    ctx.set_client(client)
    status = window.calls.status
    page = poc_up_to_when(window)
    assert "CSG" not in status.text(), status.text()  # no drive time, no appointment: no window yet

    keyboard.type_into(page.when.drive, "30")
    assert "CSG" not in status.text(), status.text()
    keyboard.click(page.when.earliest)  # 11:30 AM Eastern: CSG calls 10:45-10:50 AM Eastern (SOP P6)
    assert entries(ctx, client, "poc_request") == []  # nothing saved: the countdown comes from the plan
    window_start, window_end = page.flow.csg_call_window()
    assert status.text().endswith(csg_text(window_start, window_end, clock[0])), status.text()
    assert duration_text(45) in status.text()
    assert status.text().count("EST") == 1, status.text()  # "(10:45 AM–10:50 AM EST)": the zone said once

    clock[0] += timedelta(minutes=50)  # inside the window now; "too soon" makes the plan wrong
    page.refresh_live()
    assert "CSG" not in status.text(), status.text()  # a call CSG cannot make is not counted down
    keyboard.click(page.when.earliest)
    assert duration_text(55) in status.text(), status.text()  # the next earliest slot: 12:30 PM Eastern


def test_a_code_brand_gets_no_csg_countdown(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    ctx.set_client(add_client(**{**CLIENT, "brand": "m9"}))  # SOP P10: the agent gives the code
    keyboard.shortcut(workflow("poc").shortcut)
    flow = window.pages["poc"].flow  # type: ignore[attr-defined]
    flow.set_drive_minutes(30)
    flow.use_earliest()
    window.pages["poc"].refresh_live()  # type: ignore[attr-defined]
    assert flow.plan() is not None
    assert window.calls.status.isVisible() and "CSG" not in window.calls.status.text()


@pytest.mark.parametrize("language", ["en", "es"])
def test_in_a_short_window_the_call_line_keeps_one_row_and_the_csg_window_first(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], clock: list[datetime], language: str
) -> None:
    ctx.set_language(language)
    ctx.set_client(add_client(**CLIENT))
    status = window.calls.status
    page = poc_up_to_when(window)
    keyboard.type_into(page.when.drive, "30")
    keyboard.click(page.when.earliest)
    whole = status.accessibleName()
    assert "CSG" in whole and whole.startswith("Llamada" if language == "es" else "Call"), whole

    window_start, window_end = page.flow.csg_call_window()
    short = csg_text(window_start, window_end, clock[0], short=True)
    seen = []
    for width in range(1100, 650, -50):  # narrower and narrower: the forms give way, the countdown last
        window.resize(width, 512)  # short: a second row would come out of the client card
        QApplication.processEvents()
        shown = status.text()
        assert not status.wordWrap(), shown
        assert status.fontMetrics().horizontalAdvance(shown) <= status.width(), shown
        assert status.toolTip() in ("", whole) and status.accessibleName() == whole
        seen.append(shown)
    assert short in seen, seen  # a narrow bar still says when CSG calls
    assert all(len(a) >= len(b) for a, b in itertools.pairwise(seen)), seen
    assert all(shown for shown in seen), seen  # never squeezed out of the bar

    window.shell.compact.set_compact(True)  # the compact column keeps the countdown in view too
    QApplication.processEvents()
    assert duration_text(45) in status.text() and "…" not in status.text(), status.text()
    assert status.wordWrap() or status.fontMetrics().horizontalAdvance(status.text()) <= status.width()


def open_notes(window: MainWindow) -> NotesPage:
    keyboard.shortcut(workflow("notes").shortcut)
    page = window.pages["notes"]
    assert isinstance(page, NotesPage)
    return page


def assert_empty(notes: NotesPage) -> None:
    assert [notes.reason.toPlainText(), notes.resolution.toPlainText()] == ["", ""]
    assert [notes.relationship.text(), notes.additional_info.text(), notes.follow_up.text()] == ["", "", ""]
    assert notes.current_draft().disposition == "" and not notes.critical.isChecked()


def stored_draft(ctx: Any, client: ClientInfo) -> object:
    with ctx.session() as s:
        return load_draft(s, draft_key(client.id))


@pytest.mark.parametrize("language", ["en", "es"])
def test_f12_in_a_notes_field_saves_the_typed_lines_once_and_the_next_call_starts_empty(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    ctx.set_language(language)
    client = add_client(**CLIENT)
    other = add_client(cid="100300", name="Bo Diaz", state="TX")
    ctx.set_client(client)
    run_workflow(window, "credit", CREDIT_WALKS[0].complete)
    notes = open_notes(window)
    generated = [line for line in notes.resolution.toPlainText().splitlines() if line.strip()]
    assert generated  # the credit's note is on the page
    keyboard.type_into(notes.resolution, "\nClient will mail the receipt")
    keyboard.type_into(notes.additional_info, "Spoke with the account holder")
    QGuiApplication.clipboard().clear()
    assert QApplication.focusWidget() is notes.additional_info
    keyboard.shortcut("F12")

    [entry] = entries(ctx, client, "call")
    copied = QGuiApplication.clipboard().text()
    assert copied == entry.note_text
    assert copied.count("Client will mail the receipt") == 1
    assert copied.count("Spoke with the account holder") == 1
    assert [copied.count(without_rule_ids(line).strip()) for line in generated] == [1] * len(generated), (generated, copied)
    lines = [line for line in copied.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), copied
    assert window.calls.controller.call is None

    assert_empty(notes)  # the summary holds the note now
    assert notes.customer_name.text() == CLIENT["name"]
    assert stored_draft(ctx, client) is None
    ctx.set_client(other)  # the next call
    assert_empty(notes)
    assert notes.customer_name.text() == "Bo Diaz"
    ctx.set_client(client)  # the first client calls again
    assert_empty(notes)


def test_a_generated_line_the_agent_rewrote_is_said_once_as_rewritten(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    client = add_client(**CLIENT)
    ctx.set_client(client)
    run_workflow(window, "credit", CREDIT_WALKS[0].complete)
    notes = open_notes(window)
    last = without_rule_ids(notes.resolution.toPlainText().splitlines()[-1]).strip()
    keyboard.type_into(notes.resolution, " (client agreed)")  # at the end of the last generated line
    keyboard.shortcut("F12")

    [entry] = entries(ctx, client, "call")
    text = entry.note_text or ""
    assert text.count(f"{last} (client agreed)") == 1, text
    assert not any(line.strip().endswith(last) for line in text.splitlines()), text  # not said a second time


def test_a_note_typed_without_a_workflow_is_the_summary_once_it_is_complete(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo]
) -> None:
    client = add_client(**CLIENT)
    ctx.set_client(client)
    notes = open_notes(window)
    keyboard.type_into(notes.reason, "Client asked about the reset fee.")
    keyboard.shortcut("F12")  # not finished: the call goes on, the note stays
    assert window.calls.controller.call is not None
    assert entries(ctx, client, "call") == []
    message = window.statusBar().currentMessage()
    assert "resolution" in message and "disposition" in message, message
    assert notes.reason.toPlainText() == "Client asked about the reset fee."

    keyboard.type_into(notes.resolution, "Explained the reset policy")
    keyboard.type_into(notes.disposition_filter, "reset")
    keyboard.press(Qt.Key.Key_Return)
    assert notes.current_draft().disposition != ""
    keyboard.click(notes.resolution)
    keyboard.shortcut("F12")

    [entry] = entries(ctx, client, "call")
    assert "Client asked about the reset fee." in (entry.note_text or "")
    assert "Explained the reset policy" in (entry.note_text or "")
    assert entry.disposition
    assert_empty(notes)
    assert stored_draft(ctx, client) is None
