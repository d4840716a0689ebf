"""Step 4 of override coaching: payment, note and history; the code is never kept (SOP M7-M9, P9, N1-N4)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.models.store import history
from desktop.views.context import AppContext
from desktop.views.override.page import OverridePage
from tests import keyboard
from tests.views.helpers import tick
from tests.views.override.drive import CODE_FORMS, go_next, m9, read_whole_code, to_coaching

LANGS = pytest.mark.parametrize("language", ["en", "es"])


def to_done(page: OverridePage, language: str, **kwargs: Any) -> None:
    to_coaching(page, language, **kwargs)
    read_whole_code(page)
    go_next(page)
    assert page.step() == "done"
    assert not page.steps.back_button.isEnabled()  # once given, the code stays given


@LANGS
def test_saved_note_and_history_lack_the_code_M7_M8(
    language: str,
    open_page: Callable[..., OverridePage],
    ctx: AppContext,
    add_client: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = m9(add_client)
    page = open_page(client, language)
    to_done(page, language)
    done = page.done
    assert QApplication.focusWidget() is done.payment_confirm  # the step's first field
    assert not done.note.save_button.isEnabled()  # full-service: payment first
    tick(done.payment_confirm)
    assert done.note.save_button.isEnabled()
    offered: list[dict[str, Any]] = []
    ctx.noteDraftOffered.connect(offered.append)
    keyboard.click(done.note.save_button)
    assert page.flow is not None and page.flow.saved and not done.note.save_button.isEnabled()

    with ctx.session() as session:
        entries = history.timeline(session, client.id, ["override_given"])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.waived is False and entry.amount == Decimal("45.00")
    assert entry.disposition == "override_given" and entry.appointment_at is not None
    assert entry.details["route"] == "brand"
    assert offered and offered[0]["disposition"] == "override_given"
    keyboard.click(done.note.copy_button)
    copied = QApplication.clipboard().text()
    preview = done.note.preview.toPlainText()
    stored = " ".join([entry.summary, entry.note_text or "", repr(entry.details), repr(offered[0]), preview, copied])
    logged = " ".join(r.getMessage() for r in caplog.records)
    for form in CODE_FORMS:
        assert form.upper() not in stored.upper()
        assert form.upper() not in logged.upper()
    assert "$45.00" in (entry.note_text or "") and copied == preview
    assert page.coaching.code.text() == ""  # cleared once saved
    keyboard.click(page.steps.next_button)  # "Start a new override" for the same client
    assert page.step() == "preconditions" and page.flow is not None and not page.flow.saved
    assert QApplication.focusWidget() is page.preconditions.confirm_client


@LANGS
def test_waived_override_is_saved_as_waived_M9(
    language: str, open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    client = m9(add_client)
    page = open_page(client, language)
    to_done(page, language, waive_reason="First lockout, hardship")
    assert not page.done.payment_confirm.isVisible() and page.done.waived_line.isVisible()
    keyboard.click(page.done.note.save_button)
    with ctx.session() as session:
        waivers = history.waivers(session, client.id)
    assert len(waivers) == 1 and waivers[0].amount is None
    assert "First lockout, hardship" in (waivers[0].note_text or "")
    assert "K7QX" not in (waivers[0].note_text or "").upper()


@LANGS
def test_a_p9_code_records_its_route_P9(
    language: str, open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    client = add_client(brand="plus")
    page = open_page(client, language)
    ctx.update_call(p9_route=True)
    to_done(page, language)
    tick(page.done.payment_confirm)
    assert "M9" not in page.done.payment_confirm.text()
    keyboard.click(page.done.note.save_button)
    with ctx.session() as session:
        (entry,) = history.timeline(session, client.id, ["override_given"])
    assert entry.details["route"] == "p9" and entry.disposition == "poc_after_hours"
    assert entry.details["m9_type"] == ""  # no M9 booking for a CSG brand


def test_monitech_note_is_not_worded_as_m9_P10_M1(
    open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client, brand="monitech"))
    to_done(page, "en", price="50.00")
    tick(page.done.payment_confirm)
    assert "M9" not in page.done.payment_confirm.text()
    note = page.done.note.preview.toPlainText()
    assert "Monitech" in note and "M9" not in note and "$50.00" in note
