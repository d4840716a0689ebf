"""Step 1 of override coaching: every condition before the code (SOP M2-M6, M11), and the refusal note (N1, N4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from desktop.models.store import history
from desktop.models.store.history import HistoryDraft
from desktop.views.context import AppContext
from desktop.views.override.page import OverridePage
from tests import keyboard
from tests.views.helpers import choose, tick
from tests.views.override.drive import enter_appointment, m9, pass_preconditions, type_into

LANGS = pytest.mark.parametrize("language", ["en", "es"])


@LANGS
def test_blocked_preconditions_are_explained_and_next_stays_disabled_M2_M3_M4_M5_M6(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    assert not page.steps.next_button.isEnabled()
    status = page.preconditions.status.text()
    expected = {
        "en": ["Caller not matched", "permanent lockout", "four digits", "No appointment", "inbound", "vehicle"],
        "es": ["bloqueo permanente", "cuatro dígitos", "No hay una cita", "llamada entrante", "vehículo"],
    }[language]
    for fragment in expected:
        assert fragment in status
    assert ("Tell the client" if language == "en" else "Dígale al cliente") in status
    assert not page.coaching.code.isEnabled()  # the code cannot even be typed yet

    pass_preconditions(page, language)
    assert page.steps.next_button.isEnabled()
    tick(page.preconditions.with_vehicle)  # one condition off again: blocked again, for that reason only
    assert not page.steps.next_button.isEnabled()
    assert page.flow is not None and page.flow.precondition_blockers() == ("not_with_vehicle",)


@LANGS
def test_lockout_code_field_shows_an_error_under_it_M4(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    pre = page.preconditions
    type_into(pre.lockout, "12a4")
    assert pre.lockout_row.error.isVisible() and pre.lockout_row.error.text()
    type_into(pre.lockout, "1234")
    assert not pre.lockout_row.error.isVisible()


@LANGS
def test_nothing_is_pre_filled_in_the_appointment_M5(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    box = page.preconditions.appointment
    assert not box.from_history.isChecked() and not box.enter_one.isChecked()
    assert box.date.text() == "" and box.time.text() == "" and box.kind.currentData() is None
    tick(box.confirmed)  # one tick confirms nothing that was never entered
    assert page.flow is not None and page.flow.appointment is None
    assert "no_appointment" in page.flow.precondition_blockers()
    tick(box.enter_one)
    type_into(box.date, "not a date")
    type_into(box.time, "soon")
    assert box.error.isVisible() and page.flow.appointment is None


@LANGS
def test_reset_entered_here_is_booked_as_other_M11(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    pass_preconditions(page, language)
    booking = page.preconditions.appointment.booking.text()
    assert "“Other”" in booking and "“Reset”" in booking
    assert page.flow is not None and page.flow.appointment is not None
    assert page.flow.appointment.booking.m9_type == "Other"
    assert page.flow.appointment.at.hour == 15 and page.flow.appointment.at.minute == 30


def test_appointment_from_history_is_picked_then_confirmed_M5(
    open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    client = m9(add_client)
    at = ctx.now() + timedelta(hours=3)
    with ctx.session() as session:
        history.append(
            session, HistoryDraft(client_id=client.id, kind="note", created_at=ctx.now() - timedelta(days=1),
            summary="Calibration booked", appointment_at=at,
        ))  # fmt: skip
    page = open_page(client)
    box = page.preconditions.appointment
    tick(box.from_history)
    tick(box.confirmed)
    assert page.flow is not None and page.flow.appointment is None  # not picked yet
    choose(box.history, 0)
    assert "Calibration booked" in box.history.currentText()
    assert page.flow.appointment is not None and page.flow.appointment.at == at


@LANGS
def test_a_refused_code_drafts_its_note_N1_N4(
    language: str, open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    pre = page.preconditions
    for box in (pre.confirm_client, pre.inbound, pre.perm, pre.ready):
        tick(box)
    type_into(pre.lockout, "4821")
    enter_appointment(page, language)
    assert page.flow is not None and page.flow.precondition_blockers() == ("not_with_vehicle",)
    offered: list[dict[str, Any]] = []
    ctx.noteDraftOffered.connect(offered.append)
    keyboard.click(pre.refuse)
    assert offered and offered[0]["disposition"] == "override_refused"
    assert offered[0]["customer_name"] == "Rosa Vega"
    resolution = " ".join(offered[0]["resolution"])
    assert ("vehicle" if language == "en" else "vehículo") in resolution
    assert pre.refused_line.isVisible()


def test_tell_the_client_lines_follow_the_clients_language(
    open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client, preferred_language="es"), "en")
    status = page.preconditions.status.text()
    assert "Client is not with the vehicle" in status  # the agent's words in the UI language
    assert "Tell the client (in Spanish):" in status
    assert "vehículo" in status  # what to say, in the client's language
