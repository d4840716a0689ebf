"""POC scheduling rules with fixed clocks (SOP P2, P3, P6, P7, P8, P9, H2).

Every instant is written in the zone a person on the call would say it in,
so a failing case reads like the call that went wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop.models import poc
from desktop.models.poc import (
    APPOINTMENT_IN_PAST,
    CSG_CLOSED_AT_CALL,
    CSG_TZ,
    INVALID_DRIVE_TIME,
    SAME_DAY_LEAD_TOO_SHORT,
    csg_is_open,
    csg_next_change,
    earliest_appointment,
    plan_poc,
)

ET = CSG_TZ
LA = ZoneInfo("America/Los_Angeles")
HNL = ZoneInfo("Pacific/Honolulu")
PHX = ZoneInfo("America/Phoenix")
SJU = ZoneInfo("America/Puerto_Rico")
ANC = ZoneInfo("America/Anchorage")
CHI = ZoneInfo("America/Chicago")


def plain(text: str) -> str:
    """Babel separates time and AM/PM with a narrow no-break space; compare on plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def at(tz: ZoneInfo, y: int, mo: int, d: int, h: int, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz, fold=fold)


# ---------------------------------------------------------------- CSG hours (P2)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (at(ET, 2026, 11, 23, 8, 0), True),  # Monday opening, exactly 08:00
        (at(ET, 2026, 11, 23, 7, 59), False),
        (at(ET, 2026, 11, 23, 18, 59), True),
        (at(ET, 2026, 11, 23, 19, 0), False),  # closing, exactly 19:00
        (at(ET, 2026, 11, 28, 12, 0), True),  # Saturday
        (at(ET, 2026, 11, 28, 19, 0), False),
        (at(ET, 2026, 11, 22, 12, 0), False),  # Sunday
        (at(LA, 2026, 11, 23, 5, 0), True),  # 08:00 Eastern seen from Los Angeles
        (at(LA, 2026, 11, 23, 16, 0), False),  # 19:00 Eastern
        (at(HNL, 2026, 11, 23, 13, 59), True),  # 18:59 Eastern
    ],
)
def test_csg_hours_boundaries_P2(when: datetime, expected: bool) -> None:
    assert csg_is_open(when) is expected


def test_csg_is_open_uses_absolute_instant_P2() -> None:
    """Same instant in UTC gives the same answer: the zone of the argument does not matter."""
    instant = at(ET, 2026, 7, 6, 8, 30)  # Monday, EDT
    assert csg_is_open(instant.astimezone(UTC))
    assert csg_is_open(instant.astimezone(HNL))


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (at(ET, 2026, 11, 23, 10, 0), at(ET, 2026, 11, 23, 19, 0)),
        (at(ET, 2026, 11, 23, 8, 0), at(ET, 2026, 11, 23, 19, 0)),
        (at(ET, 2026, 11, 23, 6, 0), at(ET, 2026, 11, 23, 8, 0)),
        (at(ET, 2026, 11, 27, 19, 30), at(ET, 2026, 11, 28, 8, 0)),  # Friday evening → Saturday
        (at(ET, 2026, 11, 28, 19, 0), at(ET, 2026, 11, 30, 8, 0)),  # Saturday close → Monday
        (at(ET, 2026, 11, 22, 9, 0), at(ET, 2026, 11, 23, 8, 0)),  # Sunday → Monday
        (at(LA, 2026, 3, 7, 16, 30), at(ET, 2026, 3, 9, 8, 0)),  # across spring-forward
    ],
)
def test_csg_next_change_P2(when: datetime, expected: datetime) -> None:
    change = csg_next_change(when)
    assert change == expected
    assert change.tzinfo == ET
    assert csg_is_open(change) != csg_is_open(when)


def test_naive_datetimes_raise() -> None:
    naive = datetime(2026, 11, 23, 10, 0)
    aware = at(ET, 2026, 11, 23, 10, 0)
    with pytest.raises(ValueError):
        csg_is_open(naive)
    with pytest.raises(ValueError):
        csg_next_change(naive)
    with pytest.raises(ValueError):
        plan_poc(now=naive, appointment=aware, drive_minutes=10)
    with pytest.raises(ValueError):
        plan_poc(now=aware, appointment=naive, drive_minutes=10)
    with pytest.raises(ValueError):
        earliest_appointment(now=naive, drive_minutes=10, tz=ET)


# ---------------------------------------------------------------- plan (P6, P7, P3)


def test_leave_time_and_call_window_P6() -> None:
    plan = plan_poc(now=at(ET, 2026, 11, 23, 9, 0), appointment=at(ET, 2026, 11, 24, 14, 0), drive_minutes=45)
    assert plan.leave_at == at(ET, 2026, 11, 24, 13, 15)
    assert plan.call_from == at(ET, 2026, 11, 24, 13, 0)
    assert plan.call_to == at(ET, 2026, 11, 24, 13, 5)
    assert plan.same_day is False
    assert plan.problems == ()
    assert plan.ok


def test_drive_time_zero_and_600_P6() -> None:
    now = at(ET, 2026, 11, 23, 8, 0)
    zero = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 12, 0), drive_minutes=0)
    assert zero.leave_at == at(ET, 2026, 11, 23, 12, 0)
    assert zero.call_from == at(ET, 2026, 11, 23, 11, 45)
    assert zero.problems == ()
    long = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 19, 0), drive_minutes=600)
    assert long.leave_at == at(ET, 2026, 11, 23, 9, 0)
    assert long.problems == ()
    assert earliest_appointment(now=now, drive_minutes=600, tz=ET) == at(ET, 2026, 11, 23, 19, 0)
    assert earliest_appointment(now=now, drive_minutes=0, tz=ET) == at(ET, 2026, 11, 23, 9, 0)


@pytest.mark.parametrize("minutes", [-1, 601, 10_000])
def test_invalid_drive_time(minutes: int) -> None:
    plan = plan_poc(
        now=at(ET, 2026, 11, 23, 8, 0), appointment=at(ET, 2026, 11, 24, 12, 0), drive_minutes=minutes
    )
    assert INVALID_DRIVE_TIME in plan.problems
    with pytest.raises(ValueError):
        earliest_appointment(now=at(ET, 2026, 11, 23, 8, 0), drive_minutes=minutes, tz=ET)


def test_appointment_in_past_P7() -> None:
    now = at(ET, 2026, 11, 23, 12, 0)
    plan = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 11, 0), drive_minutes=10)
    assert APPOINTMENT_IN_PAST in plan.problems
    assert plan.same_day


def test_same_day_lead_is_one_hour_plus_drive_P7() -> None:
    now = at(ET, 2026, 11, 23, 10, 0)
    # 1 h + 30 min = 11:30 exactly is allowed; 11:15 is not.
    ok = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 11, 30), drive_minutes=30)
    short = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 11, 15), drive_minutes=30)
    assert ok.same_day and ok.problems == ()
    assert short.problems == (SAME_DAY_LEAD_TOO_SHORT,)


def test_lead_applies_just_after_midnight_P7() -> None:
    """A "tomorrow" appointment 65 minutes away with a 585-minute drive would need a call 5 h ago."""
    now = at(ET, 2026, 11, 23, 18, 55)
    plan = plan_poc(now=now, appointment=at(ET, 2026, 11, 24, 0, 0), drive_minutes=585)
    assert plan.same_day is False
    assert plan.call_from < now
    assert SAME_DAY_LEAD_TOO_SHORT in plan.problems
    earliest = earliest_appointment(now=now, drive_minutes=585, tz=ET)
    assert plan_poc(now=now, appointment=earliest, drive_minutes=585).call_from > now


def test_call_window_boundaries_0800_and_1900_P3() -> None:
    now = at(ET, 2026, 11, 22, 12, 0)  # Sunday, so Monday is a future request
    opening = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 8, 15), drive_minutes=0)
    assert opening.call_from == at(ET, 2026, 11, 23, 8, 0)
    assert opening.problems == ()
    too_early = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 8, 0), drive_minutes=0)
    assert too_early.problems == (CSG_CLOSED_AT_CALL,)
    closing = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 19, 10), drive_minutes=0)
    assert closing.call_to == at(ET, 2026, 11, 23, 19, 0)
    assert closing.problems == ()
    too_late = plan_poc(now=now, appointment=at(ET, 2026, 11, 23, 19, 15), drive_minutes=0)
    assert too_late.problems == (CSG_CLOSED_AT_CALL,)


def test_saturday_1820_eastern_same_day_from_los_angeles_P2_P7() -> None:
    now = at(ET, 2026, 11, 21, 18, 20)  # Saturday; 15:20 in Los Angeles
    # Lead time fine only from 16:50 PT, but by then CSG (19:00 ET = 16:00 PT) is closed.
    short = plan_poc(now=now, appointment=at(LA, 2026, 11, 21, 16, 30), drive_minutes=30)
    assert short.same_day
    assert short.problems == (SAME_DAY_LEAD_TOO_SHORT,)
    late = plan_poc(now=now, appointment=at(LA, 2026, 11, 21, 17, 0), drive_minutes=30)
    assert late.problems == (CSG_CLOSED_AT_CALL,)
    sunday = plan_poc(now=now, appointment=at(LA, 2026, 11, 22, 10, 0), drive_minutes=30)
    assert sunday.problems == (CSG_CLOSED_AT_CALL,)
    earliest = earliest_appointment(now=now, drive_minutes=30, tz=LA)
    assert earliest == at(LA, 2026, 11, 23, 5, 45)  # Monday, call at 08:00 Eastern
    plan = plan_poc(now=now, appointment=earliest, drive_minutes=30)
    assert plan.call_from.astimezone(ET) == at(ET, 2026, 11, 23, 8, 0)


def test_sunday_request_goes_to_monday_P2() -> None:
    now = at(ET, 2026, 11, 22, 10, 0)  # Sunday
    sunday = plan_poc(now=now, appointment=at(ET, 2026, 11, 22, 14, 0), drive_minutes=20)
    assert sunday.problems == (CSG_CLOSED_AT_CALL,)
    # leave 08:25 at the earliest → call 08:10; on the 15-minute grid 08:45 → call 08:10.
    assert earliest_appointment(now=now, drive_minutes=20, tz=ET) == at(ET, 2026, 11, 23, 8, 45)
    assert earliest_appointment(now=now, drive_minutes=20, tz=CHI) == at(CHI, 2026, 11, 23, 7, 45)


def test_sunday_appointment_is_fine_when_the_call_is_on_saturday_P3() -> None:
    """The SOP constrains the call, not the appointment: a long drive can start on Saturday."""
    now = at(ET, 2026, 11, 21, 9, 0)
    plan = plan_poc(now=now, appointment=at(ET, 2026, 11, 22, 3, 0), drive_minutes=600)
    assert plan.call_from == at(ET, 2026, 11, 21, 16, 45)
    assert plan.problems == ()


def test_hawaii_client_at_0600_local_P2_P7() -> None:
    now = at(HNL, 2026, 11, 23, 6, 0)  # Monday, 11:00 Eastern
    assert earliest_appointment(now=now, drive_minutes=45, tz=HNL) == at(HNL, 2026, 11, 23, 7, 45)
    # CSG closes at 14:00 Honolulu time in winter: call_to 14:00 is the last possible.
    last = plan_poc(now=now, appointment=at(HNL, 2026, 11, 23, 14, 55), drive_minutes=45)
    assert last.call_to == at(ET, 2026, 11, 23, 19, 0)
    assert last.problems == ()
    after = plan_poc(now=now, appointment=at(HNL, 2026, 11, 23, 15, 0), drive_minutes=45)
    assert after.problems == (CSG_CLOSED_AT_CALL,)
    # In summer Eastern is on EDT and CSG opens at 02:00 Honolulu time.
    summer = at(HNL, 2026, 7, 13, 6, 0)
    assert earliest_appointment(now=summer, drive_minutes=0, tz=HNL) == at(HNL, 2026, 7, 13, 7, 0)
    assert plan_poc(now=summer, appointment=at(HNL, 2026, 7, 13, 13, 10), drive_minutes=0).ok
    assert not plan_poc(now=summer, appointment=at(HNL, 2026, 7, 13, 13, 15), drive_minutes=0).ok


def test_hawaii_same_day_is_judged_on_hawaii_date_P7() -> None:
    """21:30 Eastern is still the afternoon before in Honolulu: "today" means the client's today."""
    now = at(ET, 2026, 11, 23, 21, 30)  # 16:30 in Honolulu, Monday
    plan = plan_poc(now=now, appointment=at(HNL, 2026, 11, 24, 8, 0), drive_minutes=30)
    assert plan.same_day is False
    assert plan_poc(now=now, appointment=at(HNL, 2026, 11, 23, 18, 0), drive_minutes=30).same_day


def test_no_dst_zones_shift_against_eastern_P2() -> None:
    # Phoenix: CSG opens 06:00 MST in winter, 05:00 MST in summer.
    winter = at(PHX, 2026, 11, 23, 4, 0)
    summer = at(PHX, 2026, 7, 13, 4, 0)
    assert earliest_appointment(now=winter, drive_minutes=0, tz=PHX) == at(PHX, 2026, 11, 23, 6, 15)
    assert earliest_appointment(now=summer, drive_minutes=0, tz=PHX) == at(PHX, 2026, 7, 13, 5, 15)
    # Puerto Rico: 09:00 AST in winter, 08:00 AST in summer.
    assert earliest_appointment(now=at(SJU, 2026, 11, 23, 6, 0), drive_minutes=0, tz=SJU) == at(
        SJU, 2026, 11, 23, 9, 15
    )
    assert earliest_appointment(now=at(SJU, 2026, 7, 13, 6, 0), drive_minutes=0, tz=SJU) == at(
        SJU, 2026, 7, 13, 8, 15
    )


def test_alaska_client_afternoon_P2() -> None:
    """Alaska is 4 h behind Eastern: a 15:30 appointment still has its call before 19:00 ET."""
    now = at(ANC, 2026, 11, 23, 14, 0)  # 18:00 Eastern
    earliest = earliest_appointment(now=now, drive_minutes=30, tz=ANC)
    assert earliest == at(ANC, 2026, 11, 23, 15, 30)
    assert plan_poc(now=now, appointment=earliest, drive_minutes=30).call_to == at(ET, 2026, 11, 23, 18, 50)


def test_spring_forward_day_2026_03_08_P6() -> None:
    """Durations are elapsed time: 90 min before 03:30 EDT is 01:00 EST, not a skipped 02:00."""
    plan = plan_poc(now=at(ET, 2026, 3, 6, 12, 0), appointment=at(ET, 2026, 3, 8, 3, 30), drive_minutes=90)
    assert plan.leave_at == at(ET, 2026, 3, 8, 1, 0)
    assert plan.leave_at.utcoffset() == timedelta(hours=-5)
    assert plan.call_from == at(ET, 2026, 3, 8, 0, 45)
    assert plan.problems == (CSG_CLOSED_AT_CALL,)  # Sunday
    # Saturday evening → Monday, when Eastern is already on EDT: Phoenix opens 05:00 MST.
    saturday = at(ET, 2026, 3, 7, 20, 0)
    assert earliest_appointment(now=saturday, drive_minutes=0, tz=PHX) == at(PHX, 2026, 3, 9, 5, 15)
    assert earliest_appointment(now=saturday, drive_minutes=90, tz=ET) == at(ET, 2026, 3, 9, 9, 45)


def test_spring_forward_same_day_lead_uses_elapsed_time_P7() -> None:
    """Saturday night into Sunday across the gap: one hour of lead is one real hour."""
    now = at(ET, 2026, 3, 8, 1, 30)  # EST; 02:00-03:00 does not exist
    plan = plan_poc(now=now, appointment=at(ET, 2026, 3, 8, 3, 30), drive_minutes=0)
    # Same-zone subtraction in Python is wall-clock (2 h here); elapsed time is 1 h.
    assert plan.appointment.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=1)
    assert SAME_DAY_LEAD_TOO_SHORT not in plan.problems
    shorter = plan_poc(now=now, appointment=at(ET, 2026, 3, 8, 3, 15), drive_minutes=0)
    assert SAME_DAY_LEAD_TOO_SHORT in shorter.problems


def test_fall_back_day_2026_11_01_P6() -> None:
    second_130 = at(ET, 2026, 11, 1, 1, 30, fold=1)  # 01:30 EST, the repeated hour
    plan = plan_poc(now=at(ET, 2026, 10, 30, 12, 0), appointment=second_130, drive_minutes=60)
    assert plan.leave_at.replace(tzinfo=None) == datetime(2026, 11, 1, 1, 30)
    assert plan.leave_at.utcoffset() == timedelta(hours=-4)  # first 01:30, EDT
    # Saturday evening → Monday: Eastern back on EST, Los Angeles on PST; opens 05:00 PT.
    saturday = at(ET, 2026, 10, 31, 19, 30)
    assert earliest_appointment(now=saturday, drive_minutes=0, tz=LA) == at(LA, 2026, 11, 2, 5, 15)
    assert earliest_appointment(now=saturday, drive_minutes=0, tz=HNL) == at(HNL, 2026, 11, 2, 3, 15)


def test_earliest_is_on_the_quarter_hour_in_client_zone() -> None:
    now = at(ET, 2026, 11, 23, 10, 7)
    earliest = earliest_appointment(now=now, drive_minutes=13, tz=ZoneInfo("America/St_Johns"))
    assert earliest.minute % 15 == 0
    assert earliest.second == 0
    assert plan_poc(now=now, appointment=earliest, drive_minutes=13).ok


# ---------------------------------------------------------------- texts


def test_every_problem_code_has_a_text() -> None:
    assert set(poc.PROBLEM_TEXTS) == set(poc.PROBLEM_CODES)
    for code in poc.PROBLEM_CODES:
        text = poc.problem_text(code)
        assert text and "_" not in text
        assert poc.problem_text(code, "es")


def test_utr_ticket_text_has_every_fact_P5_P6() -> None:
    now = at(ET, 2026, 11, 21, 18, 20)
    plan = plan_poc(now=now, appointment=at(LA, 2026, 11, 23, 5, 45), drive_minutes=30)
    text = plain(
        poc.utr_ticket_text(
            cid="100200", plan=plan, client_tz=LA, state="TX", fee=Decimal("45"), language="en"
        )
    )
    assert "100200" in text
    assert "TX" in text
    assert "$45.00" in text
    assert "5:45 AM PST" in text  # appointment, client time
    assert "8:45 AM EST" in text  # appointment, Eastern
    assert "5:15 AM PST" in text  # leave time
    assert "5:00 AM PST" in text and "5:05 AM PST" in text
    assert "8:00 AM EST" in text and "8:05 AM EST" in text
    assert "30 min" in text
    assert "Pacific Time" in text
    unquoted = poc.utr_ticket_text(cid="1", plan=plan, client_tz=LA, state="TX", fee=None, language="en")
    assert "$" not in unquoted


def test_client_script_uses_client_local_time_P6() -> None:
    now = at(ET, 2026, 11, 21, 18, 20)
    plan = plan_poc(now=now, appointment=at(LA, 2026, 11, 23, 5, 45), drive_minutes=30)
    en = plain(poc.client_expectation_script(plan, LA, "en"))
    assert "5:00 AM PST" in en and "5:05 AM PST" in en and "5:15 AM PST" in en
    assert "EST" not in en
    assert "10 to 15 minutes" in en
    es = plain(poc.client_expectation_script(plan, LA, "es"))
    assert "5:00 a.m. PST" in es
    assert "lunes" in es  # Spanish date even before the catalog is merged


def test_zone_label_names_zone_and_city() -> None:
    assert poc.zone_label(LA, "en") == "Pacific Time (Los Angeles)"
    assert poc.zone_label(ET, "es") == "hora oriental (Nueva York)"


# ---------------------------------------------------------------- escalations (P8, H2)


def _open_request_check(kind: str, now: datetime, utr: str | None = "UTR123") -> poc.EscalationCheck:
    return poc.check_escalation(
        kind=kind,
        now=now,
        utr=utr,
        appointment=at(CHI, 2026, 11, 24, 10, 0),
        drive_minutes=30,
        client_tz="America/Chicago",
    )


def test_escalation_requires_utr_ticket_P8() -> None:
    for kind in poc.ESCALATION_KINDS:
        check = _open_request_check(kind, at(ET, 2026, 11, 24, 12, 0), utr="  ")
        assert poc.NO_UTR_TICKET in check.problems
        assert not check.ok


def test_no_call_received_waits_for_the_window_P8() -> None:
    # Call window 09:15–09:20 Central = 10:15–10:20 Eastern.
    early = _open_request_check(poc.ESCALATION_NO_CALL, at(CHI, 2026, 11, 24, 9, 17))
    assert early.problems == (poc.CALL_NOT_DUE_YET,)
    text = plain(poc.escalation_problem_text(early, poc.CALL_NOT_DUE_YET, "en"))
    assert "9:15 AM CST" in text and "9:20 AM CST" in text
    due = _open_request_check(poc.ESCALATION_NO_CALL, at(CHI, 2026, 11, 24, 9, 25))
    assert due.ok
    assert due.chat == poc.CHAT_POC


def test_missed_call_after_window_start_and_before_appointment_P8() -> None:
    assert _open_request_check(poc.ESCALATION_MISSED_CALL, at(CHI, 2026, 11, 24, 9, 0)).problems == (
        poc.CALL_NOT_DUE_YET,
    )
    assert _open_request_check(poc.ESCALATION_MISSED_CALL, at(CHI, 2026, 11, 24, 9, 16)).ok
    passed = _open_request_check(poc.ESCALATION_MISSED_CALL, at(CHI, 2026, 11, 24, 10, 0))
    assert passed.problems == (poc.APPOINTMENT_PASSED,)


def test_change_and_cancel_any_time_with_ticket_P8() -> None:
    for kind in (poc.ESCALATION_CHANGE, poc.ESCALATION_CANCEL):
        assert _open_request_check(kind, at(CHI, 2026, 11, 23, 8, 0)).ok
        assert _open_request_check(kind, at(CHI, 2026, 11, 24, 11, 0)).ok


def test_escalation_revalidates_zone_and_drive_time_P8() -> None:
    check = poc.check_escalation(
        kind=poc.ESCALATION_CHANGE,
        now=at(ET, 2026, 11, 23, 10, 0),
        utr="U1",
        appointment=at(CHI, 2026, 11, 24, 10, 0),
        drive_minutes=700,
        client_tz="Mars/Olympus",
    )
    assert poc.UNKNOWN_TIME_ZONE in check.problems
    assert INVALID_DRIVE_TIME in check.problems
    with pytest.raises(ValueError):
        poc.check_escalation(
            kind="shout",
            now=at(ET, 2026, 11, 23, 10, 0),
            utr="U1",
            appointment=at(CHI, 2026, 11, 24, 10, 0),
            drive_minutes=10,
            client_tz="America/Chicago",
        )


def test_weekend_escalations_go_to_weekend_chat_H2() -> None:
    saturday = _open_request_check(poc.ESCALATION_CANCEL, at(ET, 2026, 11, 21, 10, 0))
    sunday = _open_request_check(poc.ESCALATION_CANCEL, at(ET, 2026, 11, 22, 10, 0))
    friday = _open_request_check(poc.ESCALATION_CANCEL, at(ET, 2026, 11, 20, 23, 30))
    assert saturday.chat == poc.CHAT_WEEKEND
    assert sunday.chat == poc.CHAT_WEEKEND
    assert friday.chat == poc.CHAT_POC
    # Friday 23:30 in Los Angeles is already Saturday in Eastern: weekend.
    assert poc.chat_for(at(LA, 2026, 11, 20, 23, 30), poc.CHAT_POC) == poc.CHAT_WEEKEND


def test_poc_code_chat_fields_H4() -> None:
    fields = poc.poc_code_chat_fields(
        cid="100200",
        utr="UTR-9",
        appointment=at(CHI, 2026, 11, 24, 10, 0),
        drive_minutes=30,
        reason=poc.escalation_text(poc.ESCALATION_NO_CALL, "en"),
        language="en",
    )
    assert list(fields) == ["cid", "utr", "appointment_time", "drive_time", "reason"]
    assert "10:00 AM CST" in plain(fields["appointment_time"])
    assert "11:00 AM EST" in plain(fields["appointment_time"])
    assert fields["drive_time"] == "30 min"
    assert fields["reason"] == "Client has not received the CSG call yet"


# ---------------------------------------------------------------- urgent / after hours (P9)


def _decide(now: datetime, **kw: object) -> poc.AfterHoursDecision:
    args: dict[str, object] = {
        "urgent": False,
        "poc_override": "yes",
        "sop_confirmed": False,
        "agent_trained": False,
    }
    args.update(kw)
    return poc.after_hours_decision(now=now, **args)  # type: ignore[arg-type]


def test_open_and_not_urgent_schedules_with_csg_P9() -> None:
    decision = _decide(at(ET, 2026, 11, 23, 10, 0))
    assert decision.action == poc.ACTION_SCHEDULE
    assert decision.reasons == (poc.REASON_CSG_OPEN,)


def test_after_hours_trained_agent_gives_code_P9() -> None:
    decision = _decide(at(ET, 2026, 11, 23, 20, 0), urgent=True, agent_trained=True)
    assert decision.action == poc.ACTION_GIVE_CODE
    assert decision.reasons == (poc.REASON_CSG_CLOSED, poc.REASON_URGENT, poc.REASON_TRAINED)
    assert decision.chat is None


def test_closed_but_not_urgent_is_a_future_request_first_P3() -> None:
    sunday = _decide(at(ET, 2026, 11, 22, 12, 0), agent_trained=True)
    assert sunday.action == poc.ACTION_SCHEDULE_NEXT_OPEN
    assert sunday.chat is None
    assert "any time" in poc.decision_text(sunday.action, "en")


def test_after_hours_untrained_agent_asks_the_poc_and_ma_chat_P9_H8_H2() -> None:
    weekday = _decide(at(ET, 2026, 11, 23, 20, 0), urgent=True)
    assert weekday.action == poc.ACTION_ESCALATE
    assert weekday.chat == poc.CHAT_POC
    assert poc.REASON_NOT_TRAINED in weekday.reasons
    sunday = _decide(at(ET, 2026, 11, 22, 12, 0), urgent=True)
    assert sunday.action == poc.ACTION_ESCALATE
    assert sunday.chat == poc.CHAT_WEEKEND


def test_urgent_during_hours_is_p9_too() -> None:
    """SOP P9: urgent requests are handled like after-hours ones even while CSG is open."""
    decision = _decide(at(ET, 2026, 11, 23, 10, 0), urgent=True, agent_trained=True)
    assert decision.action == poc.ACTION_GIVE_CODE
    assert poc.REASON_URGENT in decision.reasons


def test_state_sop_gates_p9_before_training_P9_P4() -> None:
    night = at(ET, 2026, 11, 23, 22, 0)
    assert _decide(night, urgent=True, poc_override="no", agent_trained=True).action == poc.ACTION_NOT_ALLOWED
    unconfirmed = _decide(night, urgent=True, poc_override="check_sop", agent_trained=True)
    assert unconfirmed.action == poc.ACTION_CHECK_SOP
    confirmed = _decide(night, urgent=True, poc_override="check_sop", sop_confirmed=True, agent_trained=True)
    assert confirmed.action == poc.ACTION_GIVE_CODE
    with pytest.raises(ValueError):
        _decide(night, poc_override="maybe")


def test_leadership_assistance_text_asks_a_question_P9_H3() -> None:
    decision = _decide(at(ET, 2026, 11, 23, 20, 0), urgent=True)
    text = poc.leadership_assistance_text(
        cid="100200", state="TX", now=at(ET, 2026, 11, 23, 20, 0), reasons=decision.reasons, language="en"
    )
    assert "100200" in text
    assert "TX" in text
    assert "?" in text
    assert "CSG is closed" in text
    assert text != text.upper()
    for action in poc.DECISION_TEXTS:
        assert poc.decision_text(action, "en")


def test_client_script_in_spanish_P6() -> None:
    plan = plan_poc(
        now=at(ET, 2026, 11, 21, 18, 20), appointment=at(LA, 2026, 11, 23, 5, 45), drive_minutes=30
    )
    text = plain(poc.client_expectation_script(plan, LA, "es"))
    assert text.startswith("Su cita es el lunes, 23 de noviembre de 2026 a las 5:45 a.m. PST.")
    assert "entre las 5:00 a.m. PST y las 5:05 a.m. PST" in text
    assert poc.problem_text(CSG_CLOSED_AT_CALL, "es").startswith("CSG no podría")


def test_escalation_reason_passes_chat_etiquette_P8_H3() -> None:
    from desktop.models.chat import rules as chat

    check = _open_request_check(poc.ESCALATION_NO_CALL, at(CHI, 2026, 11, 24, 9, 25))
    assert check.plan is not None
    for kind in poc.ESCALATION_KINDS:
        reason = poc.escalation_reason(kind, check.plan, CHI, "en")
        assert chat.etiquette_findings(reason) == (), (kind, reason)
        assert "?" in reason
    assert "9:15" in poc.escalation_reason(poc.ESCALATION_NO_CALL, check.plan, CHI, "en")
