"""A slow or vanished team server never freezes the window: saves, checks and lead actions wait off
the GUI thread, the button says it is busy, and the answer shows when it comes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from desktop.views.credits.page import CreditPage
from desktop.views.lead.conflicts import ConflictsDialog
from desktop.views.notes.page import NotesPage
from desktop.views.shell import team_jobs
from tests import keyboard
from tests.team.conftest import Clock, Desk, ServerDb, add_server_client
from tests.team.gui import TeamWindow
from tests.team.test_team_views import _conflict, shown, ticked
from tests.team.test_workstation import counts
from tests.views.credits.test_page import fill_what, go_next
from tests.views.helpers import tick

pytestmark = pytest.mark.team


class Heartbeat:
    """A timer on the GUI thread: it fires only while the event loop turns."""

    def __init__(self, busy: Callable[[], bool]) -> None:
        self.busy = busy
        self.while_busy = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        if self.busy():
            self.while_busy += 1


@pytest.fixture
def released(request: pytest.FixtureRequest) -> Iterator[list[Desk]]:
    """Desks whose network a test holds are let go at the end, so their link closes."""
    held: list[Desk] = []
    yield held
    for desk in held:
        desk.proxy.release()


def test_a_credit_saved_while_the_server_is_slow_keeps_the_window_answering(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], released: list[Desk]
) -> None:
    client_id = add_server_client(server_db)
    team = team_window("desk-1", "ia_agent1")
    ticked(qtbot, team)
    team.ctx.set_client(team.client(client_id))
    page = shown(qtbot, CreditPage(team.ctx))
    qtbot.waitUntil(lambda: not team_jobs.running((page, "prior", client_id)), timeout=15_000)
    fill_what(page, "missed_appointment_fee", "25.00")
    go_next(page)
    keyboard.press(Qt.Key.Key_2)
    go_next(page)
    if page.apply.action_done.isVisible():
        tick(page.apply.action_done)
    tick(page.apply.education_given)
    go_next(page)
    flow = page.flow
    assert flow is not None

    team.desk.proxy.hold()  # the server stops answering: the save waits for it
    released.append(team.desk)
    save = page.note.note.save_button
    keyboard.click(save)
    key = (page.note, "save")
    assert team_jobs.running(key) and not save.isEnabled()  # the click came back; the button is busy
    beat = Heartbeat(lambda: team_jobs.running(key))
    scratch = page.note.note.preview
    keyboard.click(scratch)
    qtbot.waitUntil(lambda: beat.while_busy >= 20, timeout=15_000)  # the event loop kept turning
    assert not flow.saved and team_jobs.running(key)

    team.desk.proxy.release()
    qtbot.waitUntil(lambda: flow.saved, timeout=15_000)
    assert save.isEnabled() or flow.saved
    found = counts(server_db)
    assert (found["one_time_grants"], found["history"]) == (1, 2)  # the decision and its courtesy credit


def test_a_note_copied_while_the_server_is_slow_is_saved_then_copied_and_keys_typed_meanwhile_land(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], released: list[Desk]
) -> None:
    client_id = add_server_client(server_db)
    team = team_window("desk-1", "ia_agent1")
    ticked(qtbot, team)
    team.ctx.set_client(team.client(client_id))
    page = shown(qtbot, NotesPage(team.ctx))
    keyboard.type_into(page.reason, "Client asked about the reset fee.")
    keyboard.type_into(page.resolution, "Explained the reset policy per SOP")
    page.choose_disposition("reset_question")
    QGuiApplication.clipboard().setText("before")

    team.desk.proxy.hold()
    released.append(team.desk)
    keyboard.click(page.copy_button)
    key = (page.copy_part, "copy")  # the page's copy actions run the save
    assert team_jobs.running(key)
    assert not page.copy_button.isEnabled() and page.status.text() == "Saving to the team server…"
    beat = Heartbeat(lambda: team_jobs.running(key))
    keyboard.type_into(page.relationship, "Spouse")  # typed while the save waits for the server
    qtbot.waitUntil(lambda: beat.while_busy >= 20, timeout=15_000)
    assert page.relationship.text() == "Spouse"
    assert not page.copy_button.isEnabled()  # typing does not open a second save
    assert QGuiApplication.clipboard().text() == "before"  # copied only once saved (SOP N1)

    team.desk.proxy.release()
    qtbot.waitUntil(lambda: "saved to the history of Maria Lopez" in page.status.text(), timeout=15_000)
    assert "Explained the reset policy per SOP" in QGuiApplication.clipboard().text()
    assert counts(server_db)["history"] == 1


def test_a_lead_resolving_while_the_server_is_unreachable_is_told_so_and_the_window_keeps_answering(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk],
    clock: Clock, released: list[Desk],
) -> None:
    _conflict(server_db, desks, clock)
    lead = team_window("lead", "ia_lead1")
    ticked(qtbot, lead)
    dialog = shown(qtbot, ConflictsDialog(lead.ctx, lead.link.desk))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=15_000)
    keyboard.click(dialog.note)
    keyboard.type_text("Called the client.")

    # Open connections drop, new ones are taken but never answered: each runs into the connect timeout.
    lead.desk.proxy.cut()
    lead.desk.proxy.hold()
    lead.desk.proxy.restore()
    released.append(lead.desk)
    keyboard.click(dialog.resolve_button)
    key = (dialog, "resolve")
    assert team_jobs.running(key) and not dialog.resolve_button.isEnabled()
    assert dialog.message.text() == "Resolving on the team server…"
    beat = Heartbeat(lambda: team_jobs.running(key))
    keyboard.click(dialog.note)
    keyboard.type_text(" Twice.")  # keys typed meanwhile land
    qtbot.waitUntil(lambda: not team_jobs.running(key), timeout=30_000)
    assert beat.while_busy >= 3
    assert dialog.note.text() == "Called the client. Twice."
    assert "the team server cannot be reached" in dialog.message.text()
    assert dialog.resolve_button.isEnabled() and dialog.table.rowCount() == 1
