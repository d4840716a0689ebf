"""Whole POC request calls through the Qt-free wizard model (SOP P1–P10, N3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop.models import poc
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocFlow, PocStep

ET = ZoneInfo("America/New_York")
CHI = ZoneInfo("America/Chicago")
LA = ZoneInfo("America/Los_Angeles")


class Clock:
    """A settable clock so a test can let time pass mid-call."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_flow(
    clock: Callable[[], datetime],
    *,
    brand: str = "plus",
    poc_override: str = "yes",
    fee: Decimal | None = Decimal("45.00"),
    tz: str | None = "America/Chicago",
    language: str = "en",
) -> PocFlow:
    return PocFlow(
        cid="100200",
        brand=brand,
        state="TX",
        client_tz=tz,
        preferred_language=language,
        poc_override=poc_override,
        poc_fee=fee,
        clock=clock,
    )


def fill_to_when(flow: PocFlow) -> None:
    assert flow.next() == PocStep.ELIGIBILITY
    flow.perm_lockout_confirmed = True
    flow.quote_given = True
    assert flow.next() == PocStep.WHEN


def complete(flow: PocFlow) -> None:
    fill_to_when(flow)
    flow.set_drive_minutes(30)
    assert flow.use_earliest() is not None
    assert flow.next() == PocStep.UTR
    flow.set_utr("UTR-778899")
    assert flow.next() == PocStep.CHECKLIST
    for index in range(len(pt.CHECKLIST_ITEMS)):
        flow.tick(index)
    flow.expectation_explained = True
    assert flow.next() == PocStep.NOTE


def test_happy_path_future_request_P5() -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET))  # Monday
    flow = make_flow(clock)
    complete(flow)
    assert not flow.can_advance()
    assert flow.outcome == pt.OUTCOME_READY
    request = flow.request()
    assert request.status == pt.REQUEST_STATUS_SUBMITTED
    assert request.utr == "UTR-778899"
    assert request.client_tz == "America/Chicago"
    assert request.fee == Decimal("45.00")
    # 10:00 ET = 09:00 CT; 1 h + 30 min later → 10:30 CT.
    assert request.appointment == datetime(2026, 11, 23, 10, 30, tzinfo=CHI)


def test_note_fields_carry_appointment_quote_ticket_zone_drive_P5_N3() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    complete(flow)
    note = pt.NoteFields(**flow.note_fields("en"))  # type: ignore[typeddict-item]
    assert set(note) == {"reason", "resolution", "additional_info", "follow_up", "disposition"}
    assert note["disposition"] == "poc_request"
    text = " ".join(note["resolution"]).replace("\u202f", " ")
    assert "$45.00" in text
    assert "UTR-778899" in text
    assert "10:30 AM CST" in text
    assert "30 min" in text
    assert "9:45 AM CST" in text  # call window start, client time
    assert "10:45 AM EST" in text  # and in Eastern
    assert "Central Time" in note["additional_info"]
    assert "Same-day request." in note["additional_info"]
    assert "9:50 AM CST" in note["follow_up"].replace("\u202f", " ")
    spanish = pt.NoteFields(**flow.note_fields("es"))  # type: ignore[typeddict-item]
    assert "nov 23, 2026" in " ".join(spanish["resolution"])  # es_US dates, month first
    assert spanish["disposition"] == "poc_request"


@pytest.mark.parametrize("brand", ["m9", "monitech", "M9"])
def test_m9_and_monitech_go_to_override_coaching_P10(brand: str) -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), brand=brand)
    assert flow.redirect == pt.REDIRECT_OVERRIDE_COACHING
    assert flow.blockers(PocStep.ROUTE) == (pt.BRAND_OVERRIDE_COACHING,)
    assert not flow.can_advance()
    assert flow.outcome == pt.OUTCOME_REDIRECTED
    assert flow.next() is None
    assert "Override coaching" in pt.blocker_text(pt.BRAND_OVERRIDE_COACHING, "en")


def test_unknown_brand_is_blocked_P10() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), brand="acme")
    assert flow.blockers(PocStep.ROUTE) == (pt.BRAND_NOT_CSG,)
    assert flow.redirect is None


def test_state_says_no_stops_with_reason_P4() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), poc_override="no", fee=None)
    flow.next()
    flow.perm_lockout_confirmed = True
    flow.quote_given = True
    assert flow.stopped
    assert flow.blockers(PocStep.ELIGIBILITY) == (pt.STATE_DISALLOWS_POC,)
    assert not flow.can_advance()
    assert flow.outcome == pt.OUTCOME_STOPPED
    assert flow.next() is None
    assert flow.current == PocStep.ELIGIBILITY
    assert "does not allow" in flow.stop_client_text("en")


def test_check_sop_needs_confirmation_and_a_fee_P4() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), poc_override="check_sop", fee=None)
    flow.next()
    assert flow.blockers(PocStep.ELIGIBILITY) == (
        pt.PERM_LOCKOUT_UNCONFIRMED,
        pt.STATE_SOP_UNCONFIRMED,
        pt.FEE_MISSING,
        pt.QUOTE_NOT_GIVEN,
    )
    flow.perm_lockout_confirmed = True
    flow.sop_confirmed = True
    flow.set_quoted_fee(Decimal("60.00"))
    flow.quote_given = True
    assert not flow.blockers(PocStep.ELIGIBILITY)
    with pytest.raises(TypeError):
        flow.set_quoted_fee(60.0)  # type: ignore[arg-type]


def test_perm_lockout_must_be_confirmed_P1() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    flow.next()
    flow.quote_given = True
    assert flow.blockers(PocStep.ELIGIBILITY) == (pt.PERM_LOCKOUT_UNCONFIRMED,)


def test_when_step_blocks_on_missing_facts_P5() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), tz=None)
    fill_to_when(flow)
    assert flow.blockers(PocStep.WHEN) == (
        pt.TIME_ZONE_MISSING,
        pt.DRIVE_TIME_MISSING,
        pt.APPOINTMENT_MISSING,
    )
    assert flow.earliest() is None
    assert flow.set_time_zone("Not/AZone") is False
    assert flow.set_time_zone("America/Los_Angeles") is True
    flow.set_drive_minutes(601)
    assert poc.INVALID_DRIVE_TIME in flow.blockers(PocStep.WHEN)
    assert flow.use_earliest() is None


@pytest.mark.parametrize(
    ("appointment", "drive", "code"),
    [
        (datetime(2026, 11, 21, 14, 0, tzinfo=LA), 30, poc.APPOINTMENT_IN_PAST),
        (datetime(2026, 11, 21, 16, 30, tzinfo=LA), 30, poc.SAME_DAY_LEAD_TOO_SHORT),
        (datetime(2026, 11, 21, 17, 0, tzinfo=LA), 30, poc.CSG_CLOSED_AT_CALL),
        (datetime(2026, 11, 22, 11, 0, tzinfo=LA), 30, poc.CSG_CLOSED_AT_CALL),
    ],
)
def test_each_plan_problem_blocks_next_P2_P3_P7(appointment: datetime, drive: int, code: str) -> None:
    """Saturday 18:20 Eastern, client in Los Angeles: every wrong pick keeps Next disabled."""
    flow = make_flow(Clock(datetime(2026, 11, 21, 18, 20, tzinfo=ET)), tz="America/Los_Angeles")
    fill_to_when(flow)
    flow.set_drive_minutes(drive)
    flow.set_appointment(appointment)
    assert code in flow.blockers(PocStep.WHEN)
    assert flow.next() is None
    assert flow.current == PocStep.WHEN
    assert flow.use_earliest() == datetime(2026, 11, 23, 5, 45, tzinfo=LA)
    assert flow.next() == PocStep.UTR


def test_time_passing_invalidates_the_plan_P7() -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET))
    flow = make_flow(clock)
    complete(flow)
    clock.now += timedelta(minutes=20)
    assert flow.first_blocked_step() == PocStep.WHEN
    assert flow.blockers(PocStep.WHEN) == (poc.SAME_DAY_LEAD_TOO_SHORT,)
    with pytest.raises(ValueError):
        flow.request()
    assert flow.outcome is None


def test_spring_forward_gap_time_is_rejected_P6() -> None:
    flow = make_flow(Clock(datetime(2026, 3, 6, 10, 0, tzinfo=ET)), tz="America/New_York")
    fill_to_when(flow)
    flow.set_drive_minutes(0)
    flow.set_appointment_local(date(2026, 3, 8), time(2, 30))
    assert pt.APPOINTMENT_TIME_NONEXISTENT in flow.blockers(PocStep.WHEN)
    flow.set_appointment_local(date(2026, 3, 9), time(9, 0))
    assert flow.blockers(PocStep.WHEN) == ()
    assert pt.local_appointment(date(2026, 11, 1), time(1, 30), ET) == datetime(2026, 11, 1, 1, 30, tzinfo=ET)


def test_changing_zone_keeps_the_wall_clock_time_P5() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 8, 0, tzinfo=ET)))
    fill_to_when(flow)
    flow.set_drive_minutes(15)
    flow.set_appointment_local(date(2026, 11, 24), time(10, 0))
    assert flow.appointment == datetime(2026, 11, 24, 10, 0, tzinfo=CHI)
    flow.set_time_zone("America/Los_Angeles")
    assert flow.appointment == datetime(2026, 11, 24, 10, 0, tzinfo=LA)


def test_utr_number_required_without_spaces_P5() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    assert flow.blockers(PocStep.UTR) == (pt.UTR_MISSING,)
    flow.set_utr("   ")
    assert flow.blockers(PocStep.UTR) == (pt.UTR_MISSING,)
    flow.set_utr("UTR 12")
    assert flow.blockers(PocStep.UTR) == (pt.UTR_HAS_SPACES,)
    flow.set_utr(" UTR12 ")
    assert flow.utr_number == "UTR12"
    assert not flow.blockers(PocStep.UTR)


def test_ticket_text_editable_until_facts_change_P5() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    fill_to_when(flow)
    flow.set_drive_minutes(30)
    flow.use_earliest()
    generated = flow.ticket_text("en")
    assert "100200" in generated
    flow.set_ticket_text(generated + "\nClient has a second phone.", "en")
    assert flow.ticket_text("en").endswith("second phone.")
    flow.set_drive_minutes(45)
    assert "second phone" not in flow.ticket_text("en")
    assert "45 min" in flow.ticket_text("en")


def test_checklist_all_items_and_expectation_required_P5_P6() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    assert flow.blockers(PocStep.CHECKLIST) == (pt.CHECKLIST_INCOMPLETE, pt.EXPECTATION_NOT_EXPLAINED)
    for index in range(len(pt.CHECKLIST_ITEMS) - 1):
        flow.tick(index)
    flow.expectation_explained = True
    assert flow.blockers(PocStep.CHECKLIST) == (pt.CHECKLIST_INCOMPLETE,)
    flow.tick(len(pt.CHECKLIST_ITEMS) - 1)
    assert not flow.blockers(PocStep.CHECKLIST)
    flow.tick(0, done=False)
    assert flow.blockers(PocStep.CHECKLIST)
    with pytest.raises(IndexError):
        flow.tick(len(pt.CHECKLIST_ITEMS))


def test_script_language_follows_client_and_toggles_P6() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), language="es")
    assert flow.script_language == "es"
    fill_to_when(flow)
    flow.set_drive_minutes(30)
    flow.use_earliest()
    spanish = flow.expectation_script()
    assert "a.m." in spanish
    assert flow.toggle_script_language() == "en"
    assert "AM" in flow.expectation_script()
    assert flow.toggle_script_language() == "es"


def test_back_and_blocker_texts() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    fill_to_when(flow)
    assert flow.back() == PocStep.ELIGIBILITY
    assert flow.back() == PocStep.ROUTE
    assert flow.back() is None
    assert flow.current == PocStep.ROUTE
    for code in pt.BLOCKER_TEXTS:
        assert pt.blocker_text(code, "en")
    assert pt.blocker_text(poc.CSG_CLOSED_AT_CALL, "en") == poc.problem_text(poc.CSG_CLOSED_AT_CALL, "en")
    with pytest.raises(ValueError):
        flow.blockers("nowhere")


def test_naive_clock_and_bad_inputs_raise() -> None:
    flow = make_flow(lambda: datetime(2026, 11, 23, 10, 0))
    with pytest.raises(ValueError):
        flow.now()
    with pytest.raises(ValueError):
        make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), poc_override="maybe")
    with pytest.raises(TypeError):
        make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), fee=45.0)  # type: ignore[arg-type]
    ok = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    with pytest.raises(ValueError):
        ok.set_appointment(datetime(2026, 11, 24, 10, 0))


def test_ams2000_override_is_the_agents_not_a_csg_ticket_M1() -> None:
    """SOP M1: CSG takes no UTR tickets for Guardian M9 (AMS2000) overrides: the POC flow
    refuses to go past Route and never produces a UTR request; the coaching flow takes it."""
    from desktop.models.override.flow import OverrideFlow

    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)), brand="m9")
    assert pt.BRAND_OVERRIDE_COACHING in flow.blockers(PocStep.ROUTE)
    assert flow.blockers(PocStep.ROUTE)
    assert flow.next() is None
    coaching = OverrideFlow(
        brand="m9", profile="full_service", clock=lambda: datetime(2026, 11, 23, 15, 0, tzinfo=ET)
    )
    assert coaching.brand == "m9"


def test_typed_drive_time_is_kept_and_judged_not_cut_P5() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    assert flow.set_drive_text("1440") == poc.INVALID_DRIVE_TIME
    assert flow.drive_minutes == 1440
    assert poc.INVALID_DRIVE_TIME in flow.blockers(PocStep.WHEN)
    assert flow.set_drive_text("4x") == pt.DRIVE_TIME_NOT_A_NUMBER
    assert pt.DRIVE_TIME_NOT_A_NUMBER in flow.blockers(PocStep.WHEN)
    assert flow.set_drive_text("") == pt.DRIVE_TIME_MISSING
    assert flow.set_drive_text("45") is None
    assert flow.drive_minutes == 45
    assert flow.set_drive_text("9" * 5000) == poc.INVALID_DRIVE_TIME  # no ValueError from int()
    assert flow.drive_minutes is None


def test_after_hours_chat_note_names_the_room_P9_N4() -> None:
    flow = make_flow(Clock(datetime(2026, 11, 23, 10, 0, tzinfo=ET)))
    fields = flow.p9_note_fields("Weekend Chat", "en")
    assert fields["disposition"] == "poc_after_hours"
    assert any("Weekend Chat" in line for line in fields["resolution"])
