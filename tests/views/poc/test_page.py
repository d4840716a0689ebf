"""A whole POC request played by keyboard and mouse, in English and Spanish (SOP P1-P7, N1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QTime

from desktop import i18n
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage
from tests import keyboard
from tests.views.helpers import tick
from tests.views.poc.calls import go_next, to_when, type_into

LANGS = pytest.mark.parametrize("language", ["en", "es"])
CHI = ZoneInfo("America/Chicago")


@LANGS
def test_whole_request_by_keyboard_and_clicks_P5(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    client = add_client(preferred_language="es")
    page = open_page(client, language)
    t = i18n.gettext_for(language)
    assert page.route.title.text() == t("1. Route")
    assert page.route.banner.tone == "ok"

    go_next(page)
    e = page.eligibility
    assert not page.steps.next_button.isEnabled()
    tick(e.perm)
    tick(e.sop_confirmed)
    type_into(e.fee, "4x")
    assert e.fee_row.error.isVisible()
    assert e.fee_row.error.text() == t("Enter the fee as an amount, for example {example}.").format(
        example=i18n.format_money(Decimal("45.00"), language)
    )
    type_into(e.fee, "45")
    assert e.fee.text() == "45"
    assert not e.fee_row.error.isVisible()
    assert not page.steps.next_button.isEnabled()  # not quoted yet
    tick(e.quoted)
    go_next(page)

    w = page.when
    assert not page.steps.next_button.isEnabled()
    assert pt.blocker_text(pt.DRIVE_TIME_MISSING, language) in w.status.text()
    type_into(w.drive, "30")
    assert page.flow is not None and page.flow.drive_minutes == 30
    keyboard.click(w.earliest)
    assert page.flow.appointment == datetime(2026, 11, 23, 10, 30, tzinfo=CHI)
    assert w.appt_time.time() == QTime(10, 30)
    assert "9:45" in w.facts["call_client"].text()
    assert "10:45" in w.facts["call_eastern"].text()
    assert w.kind_same.isChecked()
    assert not w.not_today.isVisible()
    go_next(page)

    u = page.utr
    assert "100200" in u.ticket.toPlainText()
    assert keyboard.focused_name() == "pocUtr"  # entering the step puts the keyboard on the number
    keyboard.type_text("UTR 77")
    assert u.utr_row.error.isVisible()
    assert u.utr_row.error.text() == pt.blocker_text(pt.UTR_HAS_SPACES, language)
    assert not page.steps.next_button.isEnabled()
    type_into(u.utr, "UTR77")
    assert not u.utr_row.error.isVisible()
    go_next(page)

    c = page.checklist
    assert "10:30" in c.script.text() and "a.m." in c.script.text()  # the client prefers Spanish
    for box in c.checks[:-1]:
        tick(box)
    tick(c.explained)
    assert not page.steps.next_button.isEnabled()
    tick(c.checks[-1])
    go_next(page)

    n = page.note
    assert "UTR77" in n.note.preview.toPlainText()
    keyboard.click(n.note.save_button)
    assert page.flow.saved
    with ctx.session() as s:
        items = history.open_poc_requests(s, client.id)
    assert len(items) == 1
    item = items[0]
    assert (item.status, item.utr, item.disposition) == ("submitted", "UTR77", "poc_request")
    assert item.appointment_at == datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    assert item.details["client_tz"] == "America/Chicago"
    assert item.details["drive_minutes"] == 30
    assert item.amount == Decimal("45.00")
    assert ctx.pending_note is not None and ctx.pending_note["disposition"] == "poc_request"
    assert ctx.call["utr"] == "UTR77"
    assert n.note.status.text() == t("Saved to the account history and sent to the Notes page.")
    assert not page.steps.back_button.isEnabled()  # history holds it now
    assert page.steps.next_button.text() == t("&Start a new request")
    assert page.tabs.tabText(1) == t("Open requests ({count})").format(count=1)
    go_next(page)
    assert page.step() == PocStep.ROUTE and page.flow is not None and not page.flow.saved


@LANGS
def test_language_switch_keeps_typed_text(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client(), language)
    to_when(page)
    type_into(page.when.drive, "25")
    other = "es" if language == "en" else "en"
    ctx.set_language(other)
    assert page.when.drive.text() == "25"
    assert page.eligibility.fee.text() == "45"
    assert page.when.title.text() == i18n.gettext_for(other)("3. When")
    assert page.steps.next_button.text() == i18n.gettext_for(other)("&Next >")
    assert page.when.zone.currentData() == "America/Chicago"
    assert keyboard.focused_name() == "pocDriveMinutes"


def test_no_client_shows_plain_message(open_page: Callable[..., PocPage]) -> None:
    page = open_page(None)
    assert page.stack.currentWidget() is page.message
    assert page.message.text().startswith("Open a client first")


def test_back_goes_by_the_flow(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client())
    to_when(page)
    keyboard.click(page.steps.back_button)
    assert page.step() == PocStep.ELIGIBILITY
    assert page.eligibility.perm.isChecked()  # what was entered stays
