"""CSG's call window of a request being planned, as soon as it applies (SOP P2, P4-P7, P10)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.models import poc
from desktop.models.poc.flow import PocStep
from tests.models.poc.test_flow import Clock, fill_to_when, make_flow

ET = ZoneInfo("America/New_York")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=ET)


def test_the_window_is_known_once_zone_drive_time_and_appointment_are_P5_P6() -> None:
    clock = Clock(MONDAY_10)
    flow = make_flow(clock)
    fill_to_when(flow)
    assert flow.csg_call_window() is None  # no drive time, no appointment yet
    flow.set_drive_minutes(30)
    assert flow.csg_call_window() is None
    appointment = flow.use_earliest()
    assert appointment is not None
    window = flow.csg_call_window()
    assert window is not None
    start, end = window
    leave = appointment - timedelta(minutes=30)
    assert (leave - start, leave - end) == (poc.CALL_EARLIEST_BEFORE_LEAVE, poc.CALL_LATEST_BEFORE_LEAVE)
    assert poc.csg_window_ok(start, end)
    assert flow.current == PocStep.WHEN and not flow.saved  # before anything is saved


def test_no_window_without_the_client_zone_P5() -> None:
    flow = make_flow(Clock(MONDAY_10), tz=None)
    fill_to_when(flow)
    flow.set_drive_minutes(30)
    assert flow.earliest() is None and flow.csg_call_window() is None
    assert flow.set_time_zone("America/Chicago")
    assert flow.use_earliest() is not None and flow.csg_call_window() is not None


@pytest.mark.parametrize("brand", ["m9", "monitech"])
def test_code_brands_have_no_csg_window_P10(brand: str) -> None:
    flow = make_flow(Clock(MONDAY_10), brand=brand)
    flow.set_drive_minutes(30)
    flow.set_appointment(MONDAY_10 + timedelta(days=1))
    assert flow.plan() is not None and flow.csg_call_window() is None


def test_a_state_that_allows_no_poc_has_no_window_P4() -> None:
    flow = make_flow(Clock(MONDAY_10), poc_override="no", fee=None)
    flow.set_drive_minutes(30)
    flow.set_appointment(MONDAY_10 + timedelta(days=1))
    assert flow.plan() is not None and flow.csg_call_window() is None


def test_an_open_eligibility_step_or_a_plan_problem_hides_the_window_P1_P2_P7() -> None:
    clock = Clock(MONDAY_10)
    flow = make_flow(clock)
    fill_to_when(flow)
    flow.set_drive_minutes(30)
    flow.set_appointment(datetime(2026, 11, 24, 22, 0, tzinfo=ET))  # CSG's call would be after 19:00
    assert flow.plan() is not None and flow.csg_call_window() is None
    flow.set_appointment(datetime(2026, 11, 23, 14, 0, tzinfo=ET))
    assert flow.csg_call_window() is not None
    flow.perm_lockout_confirmed = False
    assert flow.csg_call_window() is None
    flow.perm_lockout_confirmed = True
    clock.now = datetime(2026, 11, 23, 13, 0, tzinfo=ET)  # now too close for 1 h + drive time
    assert flow.csg_call_window() is None
