"""When step: zone, drive time and appointment against CSG hours (SOP P2, P3, P5-P7, P9)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QTime

from desktop import i18n
from desktop.models import poc
from desktop.models.poc import slots as poc_slots
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage
from tests import keyboard
from tests.views.helpers import choose
from tests.views.poc.calls import pick, to_when, type_into

LANGS = pytest.mark.parametrize("language", ["en", "es"])
LA = ZoneInfo("America/Los_Angeles")

PROBLEM_CASES = [
    # Saturday 18:20 Eastern, client in Los Angeles (15:20 local), drive 30 min.
    (datetime(2026, 11, 21, 14, 0, tzinfo=LA), poc.APPOINTMENT_IN_PAST),
    (datetime(2026, 11, 21, 16, 30, tzinfo=LA), poc.SAME_DAY_LEAD_TOO_SHORT),
    (datetime(2026, 11, 21, 17, 0, tzinfo=LA), poc.CSG_CLOSED_AT_CALL),
    (datetime(2026, 11, 22, 11, 0, tzinfo=LA), poc.CSG_CLOSED_AT_CALL),  # Sunday
]


@LANGS
@pytest.mark.parametrize(("appointment", "code"), PROBLEM_CASES)
def test_next_disabled_on_each_problem_P2_P3_P7(
    language: str,
    appointment: datetime,
    code: str,
    ctx: Any,
    add_client: Callable[..., ClientInfo],
    open_page: Callable[..., PocPage],
) -> None:
    ctx.clock = lambda: datetime(2026, 11, 21, 23, 20, tzinfo=UTC)
    page = open_page(add_client(time_zone="America/Los_Angeles"), language)
    to_when(page)
    w = page.when
    type_into(w.drive, "30")
    pick(page, appointment)
    assert page.flow is not None and code in page.flow.blockers(PocStep.WHEN)
    assert poc.problem_text(code, language) in w.status.text()
    assert not page.steps.next_button.isEnabled()
    plan = page.flow.plan()
    assert plan is not None
    assert i18n.format_time(plan.call_from.astimezone(LA), language) in w.timeline.describe()
    # Earliest possible: Monday 05:45 PT, call at 08:00 Eastern, and it says why not today (SOP P3).
    keyboard.click(w.earliest)
    assert w.appt_date.date() == QDate(2026, 11, 23)
    assert w.appt_time.time() == QTime(5, 45)
    assert page.steps.next_button.isEnabled()
    slot = page.flow.earliest_slot()
    assert slot is not None and slot.not_today is not None
    assert w.not_today.isVisible()
    assert w.not_today.text() == poc_slots.explain(slot, language)
    assert w.urgent.isVisible()


def test_not_today_offers_the_p9_path_P9(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    ctx.clock = lambda: datetime(2026, 11, 24, 0, 30, tzinfo=UTC)  # Monday 18:30 CT
    page = open_page(add_client())
    to_when(page)
    type_into(page.when.drive, "30")
    keyboard.click(page.when.earliest)
    assert page.when.not_today.isVisible()
    keyboard.click(page.when.urgent)
    assert page.step() == PocStep.ROUTE
    assert page.route.urgent.isChecked()
    assert page.flow is not None and page.flow.needs_code_now


@LANGS
def test_drive_time_is_not_cut_and_says_why_at_the_field_P5(
    language: str, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client(), language)
    to_when(page)
    w = page.when
    type_into(w.drive, "1440")
    assert w.drive.text() == "1440"
    assert keyboard.focused_name() == "pocDriveMinutes"
    assert w.drive_row.error.isVisible()
    assert w.drive_row.error.text() == pt.blocker_text(poc.INVALID_DRIVE_TIME, language)
    assert not page.steps.next_button.isEnabled()
    type_into(w.drive, "abc")
    assert w.drive_row.error.text() == pt.blocker_text(pt.DRIVE_TIME_NOT_A_NUMBER, language)
    type_into(w.drive, "45")
    assert not w.drive_row.error.isVisible()


@LANGS
def test_skipped_spring_forward_time_blocks_next_P6(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    ctx.clock = lambda: datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    page = open_page(add_client(time_zone="America/New_York"), language)
    to_when(page)
    type_into(page.when.drive, "600")
    pick(page, datetime(2026, 3, 8, 2, 30))
    assert pt.blocker_text(pt.APPOINTMENT_TIME_NONEXISTENT, language) in page.when.status.text()
    assert not page.steps.next_button.isEnabled()


def test_time_passing_disables_next_again_and_keeps_focus_P7(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client())
    to_when(page)
    type_into(page.when.drive, "30")
    keyboard.click(page.when.earliest)
    assert page.steps.next_button.isEnabled()
    keyboard.click(page.when.drive)
    ctx.clock = lambda: datetime(2026, 11, 23, 15, 20, tzinfo=UTC)
    page.refresh_live()  # what the 30-second timer does
    assert not page.steps.next_button.isEnabled()
    assert poc.problem_text(poc.SAME_DAY_LEAD_TOO_SHORT, "en") in page.when.status.text()
    assert keyboard.focused_name() == "pocDriveMinutes"  # the tick never moves the keyboard


def test_zone_change_shows_client_clock_and_keeps_wall_time(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client())
    to_when(page)
    w = page.when
    assert "9:00" in w.zone_now.text() and "CST" in w.zone_now.text()
    type_into(w.drive, "0")
    pick(page, datetime(2026, 11, 24, 9, 0))
    choose(w.zone, "Pacific/Honolulu")
    assert "5:00" in w.zone_now.text() and "HST" in w.zone_now.text()
    assert page.flow is not None
    assert page.flow.appointment == datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Pacific/Honolulu"))
    assert page.steps.next_button.isEnabled()  # 9:00 HST → call 14:45 ET


def test_timeline_describes_and_paints(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client())
    to_when(page)
    type_into(page.when.drive, "30")
    keyboard.click(page.when.earliest)
    timeline = page.when.timeline
    description = timeline.describe().replace("\u202f", " ")
    assert "9:45 AM CST to 9:50 AM CST" in description
    assert "10:45 AM EST" in description
    assert timeline.accessibleDescription() == timeline.describe()
    image = timeline.grab().toImage()
    assert not image.isNull()
    colours = {image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}
    assert len(colours) > 2
