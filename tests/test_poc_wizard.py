"""The POC request wizard driven like an agent would, in English and Spanish (SOP P2–P10, H2, H4)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTime
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton, QWizard

from desktop import i18n
from desktop.models import history, poc, sop
from desktop.models import poc_flow as pf
from desktop.models.clients import ClientInfo
from desktop.views.context import AppContext
from desktop.views.poc_wizard import PocPage

LANGS = ["en", "es"]
ET = ZoneInfo("America/New_York")
CHI = ZoneInfo("America/Chicago")
LA = ZoneInfo("America/Los_Angeles")
NEXT = QWizard.WizardButton.NextButton


def _pack(poc_override: sop.TriState = "check_sop", fee: Decimal | None = None) -> sop.SopPack:
    """The default pack with Texas changed, as a lead would publish it."""
    base = sop.load_default_pack()
    states = tuple(
        dataclasses.replace(s, poc_override=poc_override, poc_fee=fee) if s.code == "TX" else s
        for s in base.states
    )
    return dataclasses.replace(base, states=states)


@pytest.fixture
def make_page(ctx: AppContext, qtbot: Any) -> Callable[[str], PocPage]:
    def _make(language: str) -> PocPage:
        ctx.set_language(language)
        page = PocPage(ctx)
        qtbot.addWidget(page)
        page.resize(1000, 680)
        page.show()
        qtbot.waitExposed(page)
        return page

    return _make


def _use_pack(ctx: AppContext, pack: sop.SopPack) -> None:
    ctx._pack = pack  # what reload_pack() would load after a lead activates it


def next_button(page: PocPage) -> QAbstractButton:
    button = page.wizard.button(NEXT)
    assert button is not None
    return button


def click(qtbot: Any, widget: QAbstractButton) -> None:
    """Click where a person would: on a check box's box, on a button's middle."""
    if isinstance(widget, (QCheckBox, QRadioButton)):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_next(qtbot: Any, page: PocPage) -> None:
    button = next_button(page)
    assert button.isEnabled()
    click(qtbot, button)


def type_into_spin(qtbot: Any, spin: Any, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin, Qt.Key.Key_Tab)


def set_picker(page: PocPage, when: datetime) -> None:
    page.appt_date.setDate(QDate(when.year, when.month, when.day))
    page.appt_time.setTime(QTime(when.hour, when.minute))


def to_when(qtbot: Any, page: PocPage) -> None:
    press_next(qtbot, page)
    click(qtbot, page.perm)
    if page.sop_confirmed.isVisible():
        click(qtbot, page.sop_confirmed)
    if not page.fee.text():
        page.fee.setFocus()
        qtbot.keyClicks(page.fee, "45")
    click(qtbot, page.quoted)
    press_next(qtbot, page)
    assert page.wizard.currentPage() is page.pages[pf.STEP_WHEN]


@pytest.mark.parametrize("language", LANGS)
def test_whole_request_by_keyboard_and_clicks_P5(
    language: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    client = add_client(preferred_language="es")
    ctx.set_client(client)
    page = make_page(language)
    t = i18n.gettext_for(language)
    assert page.pages[pf.STEP_ROUTE].title() == t("1. Route")
    assert page.route_banner.kind == "ok"

    # Eligibility (SOP P1, P4): Next stays disabled until lockout, SOP, fee and quote are done.
    press_next(qtbot, page)
    assert not next_button(page).isEnabled()
    click(qtbot, page.perm)
    click(qtbot, page.sop_confirmed)
    page.fee.setFocus()
    qtbot.keyClicks(page.fee, "4x")
    assert page.fee_error.isVisible()
    assert page.fee_error.text() == t("Enter the fee as an amount, for example {example}.").format(
        example=i18n.format_money(Decimal("45.00"), language)
    )
    page.fee.clear()
    qtbot.keyClicks(page.fee, "45")
    assert not page.fee_error.isVisible()
    assert not next_button(page).isEnabled()  # not quoted yet
    click(qtbot, page.quoted)
    assert page.flow is not None and page.flow.blockers(pf.STEP_ELIGIBILITY) == ()
    press_next(qtbot, page)

    # When (SOP P5, P6, P7): nothing entered → disabled; drive time + earliest → enabled.
    assert not next_button(page).isEnabled()
    assert pf.blocker_text(pf.DRIVE_TIME_MISSING, language) in page.when_status.text()
    type_into_spin(qtbot, page.drive, "30")
    assert page.flow is not None and page.flow.drive_minutes == 30
    click(qtbot, page.earliest)
    # Monday 10:00 ET = 9:00 CT; 1 h + 30 min later.
    assert page.flow.appointment == datetime(2026, 11, 23, 10, 30, tzinfo=CHI)
    assert page.appt_time.time() == QTime(10, 30)
    assert "9:45" in page.fact_values["call_client"].text()
    assert "10:45" in page.fact_values["call_eastern"].text()
    assert page.kind_same.isChecked()
    assert next_button(page).isEnabled()
    press_next(qtbot, page)

    # UTR ticket: text generated, number required without spaces.
    assert "100200" in page.ticket.toPlainText()
    assert not next_button(page).isEnabled()
    page.utr.setFocus()
    qtbot.keyClicks(page.utr, "UTR 77")
    assert page.utr_error.isVisible()
    assert page.utr_error.text() == pf.blocker_text(pf.UTR_HAS_SPACES, language)
    assert not next_button(page).isEnabled()
    page.utr.selectAll()
    qtbot.keyClicks(page.utr, "UTR77")
    assert not page.utr_error.isVisible()
    press_next(qtbot, page)

    # Checklist: every item, then what to expect in the client's language (Spanish).
    assert "10:30" in page.script.text()
    assert "a.m." in page.script.text()  # es_US formatting, client prefers Spanish
    for box in page.checks[:-1]:
        click(qtbot, box)
    click(qtbot, page.explained)
    assert not next_button(page).isEnabled()
    click(qtbot, page.checks[-1])
    press_next(qtbot, page)

    # Note: saved with the request, status submitted.
    assert "UTR77" in page.note_view.toPlainText()
    click(qtbot, page.save_button)
    assert page.saved
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
    assert page.saved_label.text() == t("Saved to the account history and sent to the Notes page.")
    finish = page.wizard.button(QWizard.WizardButton.FinishButton)
    assert finish is not None and finish.isEnabled()
    assert finish.text() == t("&Start a new request")
    assert page.tabs.tabText(1) == t("Open requests ({count})").format(count=1)


PROBLEM_CASES = [
    # Saturday 18:20 Eastern, client in Los Angeles (15:20 local), drive 30 min.
    (datetime(2026, 11, 21, 14, 0, tzinfo=LA), poc.APPOINTMENT_IN_PAST),
    (datetime(2026, 11, 21, 16, 30, tzinfo=LA), poc.SAME_DAY_LEAD_TOO_SHORT),
    (datetime(2026, 11, 21, 17, 0, tzinfo=LA), poc.CSG_CLOSED_AT_CALL),
    (datetime(2026, 11, 22, 11, 0, tzinfo=LA), poc.CSG_CLOSED_AT_CALL),  # Sunday
]


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize(("appointment", "code"), PROBLEM_CASES)
def test_next_disabled_on_each_problem_P2_P3_P7(
    language: str,
    appointment: datetime,
    code: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.clock = lambda: datetime(2026, 11, 21, 23, 20, tzinfo=UTC)
    ctx.set_client(add_client(time_zone="America/Los_Angeles"))
    page = make_page(language)
    to_when(qtbot, page)
    type_into_spin(qtbot, page.drive, "30")
    set_picker(page, appointment)
    assert page.flow is not None and code in page.flow.blockers(pf.STEP_WHEN)
    assert poc.problem_text(code, language) in page.when_status.text()
    assert not next_button(page).isEnabled()
    plan = page.flow.plan()
    assert plan is not None
    call_start = i18n.format_time(plan.call_from.astimezone(LA), language)
    assert call_start in page.timeline.describe()
    # The earliest button fixes it: Monday 05:45 PT, call at 08:00 Eastern.
    click(qtbot, page.earliest)
    assert page.appt_date.date() == QDate(2026, 11, 23)
    assert page.appt_time.time() == QTime(5, 45)
    assert next_button(page).isEnabled()


@pytest.mark.parametrize("language", LANGS)
def test_skipped_spring_forward_time_blocks_next_P6(
    language: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.clock = lambda: datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    ctx.set_client(add_client(time_zone="America/New_York"))
    page = make_page(language)
    to_when(qtbot, page)
    type_into_spin(qtbot, page.drive, "600")
    set_picker(page, datetime(2026, 3, 8, 2, 30))
    assert pf.blocker_text(pf.APPOINTMENT_TIME_NONEXISTENT, language) in page.when_status.text()
    assert not next_button(page).isEnabled()


def test_time_passing_disables_next_again_P7(
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.set_client(add_client())
    page = make_page("en")
    to_when(qtbot, page)
    type_into_spin(qtbot, page.drive, "30")
    click(qtbot, page.earliest)
    assert next_button(page).isEnabled()
    ctx.clock = lambda: datetime(2026, 11, 23, 15, 20, tzinfo=UTC)
    page.refresh_live()  # what the 30-second timer does
    assert not next_button(page).isEnabled()
    assert poc.problem_text(poc.SAME_DAY_LEAD_TOO_SHORT, "en") in page.when_status.text()


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("brand", ["m9", "monitech"])
def test_m9_and_monitech_go_to_override_coaching_P10(
    language: str,
    brand: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.set_client(add_client(brand=brand))
    page = make_page(language)
    assert page.route_banner.kind == "route"
    assert pf.blocker_text(pf.BRAND_OVERRIDE_COACHING, language) in page.route_banner.text.text()
    assert not next_button(page).isEnabled()
    assert page.to_override.isVisible()
    assert not page.p9_group.isVisible()
    with qtbot.waitSignal(ctx.navigateRequested) as blocker:
        click(qtbot, page.to_override)
    assert blocker.args == ["override"]


@pytest.mark.parametrize("language", LANGS)
def test_state_says_no_stops_with_reason_and_client_text_P4(
    language: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    _use_pack(ctx, _pack("no"))
    ctx.set_client(add_client(preferred_language=language))
    page = make_page(language)
    press_next(qtbot, page)
    click(qtbot, page.perm)
    assert page.stop_banner.isVisible()
    text = page.stop_banner.text.text()
    assert i18n.gettext_for(language)(pf.BLOCKER_TEXTS[pf.STATE_DISALLOWS_POC]).split(".")[0] in text
    assert i18n.gettext_for(language)(pf.STOP_CLIENT_TEXT).split(",")[0] in text
    assert not page.fee.isVisible()
    assert not next_button(page).isEnabled()


def test_pack_fee_is_prefilled_and_formatted_P4(
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    _use_pack(ctx, _pack("yes", Decimal("60.00")))
    ctx.set_client(add_client())
    page = make_page("es")
    press_next(qtbot, page)
    assert page.fee.text() == "60.00"
    assert "$60.00" in page.state_info.text()
    assert not page.sop_confirmed.isVisible()
    click(qtbot, page.perm)
    click(qtbot, page.quoted)
    assert next_button(page).isEnabled()
    # Changing the fee asks for the quote again.
    page.fee.setFocus()
    page.fee.selectAll()
    qtbot.keyClicks(page.fee, "65")
    assert not page.quoted.isChecked()
    assert not next_button(page).isEnabled()


@pytest.mark.parametrize("language", LANGS)
def test_after_hours_untrained_gets_leadership_text_P9_H2(
    language: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.clock = lambda: datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # Monday 20:00 ET
    ctx.set_client(add_client())
    page = make_page(language)
    t = i18n.gettext_for(language)
    assert page.p9_group.isVisible()
    assert page.p9_banner.kind == "ok"  # closed but not urgent: a future request first (SOP P3)
    click(qtbot, page.urgent)
    assert page.p9_banner.kind == "warn"  # check_sop first
    click(qtbot, page.p9_sop)
    assert page.flow is not None and page.flow.sop_confirmed
    assert page.p9_text.isVisible()
    assert "100200" in page.p9_text.toPlainText()
    assert t("POC and MA chat") in page.p9_text_label.text()
    ctx.update_prefs(trained_override=True)
    assert page.p9_banner.kind == "route"
    assert page.p9_override.isVisible()
    assert not page.p9_text.isVisible()


def test_urgent_during_hours_and_weekend_chat_P9_H2(
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    _use_pack(ctx, _pack("yes", Decimal("45.00")))
    ctx.set_client(add_client())
    page = make_page("en")
    assert page.p9_banner.kind == "ok"  # Monday 10:00 ET, not urgent: schedule with CSG
    click(qtbot, page.urgent)
    assert page.p9_banner.kind == "warn"
    assert page.p9_text_label.text() == "Request for the POC and MA chat:"
    ctx.clock = lambda: datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday
    page.refresh_live()
    assert page.p9_text_label.text() == "Request for the Weekend Chat:"


def _saved_request(ctx: AppContext, client: ClientInfo, utr: str | None = "UTR900") -> None:
    with ctx.session() as s:
        history.append(
            s,
            client_id=client.id,
            kind="poc_request",
            at=datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
            summary="POC request submitted",
            utr=utr,
            appointment_at=datetime(2026, 11, 24, 16, 0, tzinfo=UTC),  # 10:00 CT
            status="submitted",
            details={"client_tz": "America/Chicago", "drive_minutes": 30},
        )


@pytest.mark.parametrize("language", LANGS)
def test_escalation_no_call_received_P8_H4(
    language: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    client = add_client()
    _saved_request(ctx, client)
    ctx.set_client(client)
    page = make_page(language)
    t = i18n.gettext_for(language)
    panel = page.escalations
    page.tabs.setCurrentIndex(1)
    assert panel.count() == 1
    assert page.tabs.tabText(1) == t("Open requests ({count})").format(count=1)
    panel.kind.setCurrentIndex(poc.ESCALATION_KINDS.index(poc.ESCALATION_NO_CALL))
    # Call window 9:15–9:20 CT tomorrow: too early now.
    assert panel.banner.kind == "warn"
    assert not panel.record.isEnabled()
    assert panel.chat_text.toPlainText() == ""
    ctx.clock = lambda: datetime(2026, 11, 24, 15, 25, tzinfo=UTC)  # Tuesday 9:25 CT
    panel.render()
    assert panel.banner.kind == "ok"
    text = panel.chat_text.toPlainText()
    assert text.startswith("POC CODE\nCID: 100200\nUTR: UTR900\nAPPOINTMENT TIME: ")
    assert "DRIVE TIME: 30 min" in text
    assert "REASON: " in text and "?" in text
    assert t("POC and MA chat") in panel.chat_label.text()
    click(qtbot, panel.record)
    with ctx.session() as s:
        timeline = history.timeline(s, client.id, ("poc_request",))
        still_open = history.open_poc_requests(s, client.id)
    assert timeline[0].status == "escalated"
    assert timeline[0].corrects_id == timeline[1].id
    assert timeline[0].disposition == "poc_escalation"
    # Still open after escalating: the client still waits for CSG, and can escalate again.
    assert [i.id for i in still_open] == [timeline[0].id]
    assert ctx.pending_note is not None and ctx.pending_note["disposition"] == "poc_escalation"
    assert panel.status.text() == t("Recorded in the account history and sent to the Notes page.")
    assert page.tabs.tabText(1) == t("Open requests ({count})").format(count=1)


def test_escalation_without_ticket_and_weekend_chat_P8_H2(
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    client = add_client()
    _saved_request(ctx, client, utr=None)
    ctx.clock = lambda: datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday
    ctx.set_client(client)
    page = make_page("en")
    panel = page.escalations
    panel.kind.setCurrentIndex(poc.ESCALATION_KINDS.index(poc.ESCALATION_CANCEL))
    assert panel.banner.kind == "warn"
    assert "No UTR ticket" in panel.banner.text.text()
    assert panel.chat_label.text() == "Text for the Weekend Chat:"
    assert not panel.copy.isEnabled()


@pytest.mark.parametrize("language", LANGS)
def test_language_switch_keeps_typed_text(
    language: str,
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.set_client(add_client())
    page = make_page(language)
    to_when(qtbot, page)
    type_into_spin(qtbot, page.drive, "25")
    other = "es" if language == "en" else "en"
    ctx.set_language(other)
    assert page.drive.value() == 25
    assert page.fee.text() == "45"
    assert page.pages[pf.STEP_WHEN].title() == i18n.gettext_for(other)("3. When")
    assert next_button(page).text() == i18n.gettext_for(other)("&Next >")
    assert page.zone.currentData() == "America/Chicago"


def test_zone_change_shows_client_clock_and_keeps_wall_time(
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.set_client(add_client())
    page = make_page("en")
    to_when(qtbot, page)
    assert "9:00" in page.zone_now.text() and "CST" in page.zone_now.text()
    type_into_spin(qtbot, page.drive, "0")
    set_picker(page, datetime(2026, 11, 24, 9, 0))
    page.zone.setCurrentIndex(page.zone.findData("Pacific/Honolulu"))
    assert "5:00" in page.zone_now.text() and "HST" in page.zone_now.text()
    assert page.flow is not None
    assert page.flow.appointment == datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Pacific/Honolulu"))
    assert next_button(page).isEnabled()  # 9:00 HST → call 14:45 ET


def test_script_language_toggle_P6(
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.set_client(add_client(preferred_language="es"))
    page = make_page("en")
    to_when(qtbot, page)
    type_into_spin(qtbot, page.drive, "30")
    click(qtbot, page.earliest)
    press_next(qtbot, page)
    page.utr.setFocus()
    qtbot.keyClicks(page.utr, "U1")
    press_next(qtbot, page)
    assert page.script.text().startswith("Su cita es el")
    assert page.script_toggle.text() == "Switch to &English"
    click(qtbot, page.script_toggle)
    assert page.script.text().startswith("Your appointment is on")


def test_no_client_shows_plain_message(ctx: AppContext, make_page: Callable[[str], PocPage]) -> None:
    page = make_page("en")
    assert page.stack.currentWidget() is page.message
    assert page.message.text().startswith("Open a client first")


def test_timeline_describes_and_paints(
    ctx: AppContext,
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    ctx.set_client(add_client())
    page = make_page("en")
    to_when(qtbot, page)
    type_into_spin(qtbot, page.drive, "30")
    click(qtbot, page.earliest)
    description = page.timeline.describe().replace("\u202f", " ")
    assert "9:45 AM CST to 9:50 AM CST" in description
    assert "10:45 AM EST" in description
    assert page.timeline.accessibleDescription() == page.timeline.describe()
    image = page.timeline.grab().toImage()
    assert not image.isNull()
    # Something besides the background was painted.
    colours = {image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}
    assert len(colours) > 2


@pytest.mark.parametrize("language", LANGS)
def test_every_input_is_named(
    language: str,
    ctx: AppContext,
    add_client: Callable[..., ClientInfo],
    make_page: Callable[[str], PocPage],
) -> None:
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QPushButton,
        QSpinBox,
    )

    ctx.set_client(add_client())
    page = make_page(language)
    buddies = {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy() is not None}
    for kind in (QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QCheckBox, QPushButton):
        for widget in page.findChildren(kind):
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QSpinBox, QComboBox)):
                continue
            if widget.objectName().startswith("qt_"):
                continue
            named = bool(widget.accessibleName()) or id(widget) in buddies
            if isinstance(widget, (QCheckBox, QPushButton)):
                named = named or bool(widget.text())
            assert named, (kind.__name__, widget.objectName())
