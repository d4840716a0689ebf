"""The Qt-free override coaching flow (SOP P10, M2-M9, N3-N4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.models.override.flow import (
    COACHING,
    DONE,
    PRECONDITIONS,
    PRICE,
    Appointment,
    CoachingCursor,
    OverrideFlow,
    load_entry_steps,
)

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO)
CODE = "K7QX-9B2M"


@dataclass(frozen=True)
class _Waiver:
    date: date
    note: str


def _flow(profile: str = "full_service", **kwargs: object) -> OverrideFlow:
    return OverrideFlow(brand="m9", profile=profile, clock=lambda: NOW, **kwargs)  # type: ignore[arg-type]


def _pass_preconditions(flow: OverrideFlow) -> None:
    flow.client_confirmed = True
    flow.perm_lockout = True
    flow.lockout_code = "4821"
    flow.inbound_call = True
    flow.with_vehicle = True
    flow.ready_to_drive = True
    flow.appointment = Appointment(at=NOW + timedelta(hours=1, minutes=30), kind="reset")


def _to_done(flow: OverrideFlow, code: str = CODE) -> None:
    _pass_preconditions(flow)
    assert flow.next()
    if not flow.waiver_requested:
        flow.price = Decimal("45.00")
    assert flow.next(), flow.blockers()
    flow.set_code(code)
    assert flow.cursor is not None
    while flow.cursor.next():
        pass
    assert flow.next(), flow.blockers()
    assert flow.current == DONE


# --------------------------------------------------------------------------- preconditions


def test_only_m9_and_monitech_use_this_flow_P10() -> None:
    with pytest.raises(ValueError, match="plus"):
        OverrideFlow(brand="plus", profile="full_service", clock=lambda: NOW)
    assert OverrideFlow(brand="monitech", profile="check_change", clock=lambda: NOW).entry_steps.steps


def test_new_flow_is_blocked_by_every_precondition_M2_M3_M4_M5_M6() -> None:
    flow = _flow()
    assert flow.current == PRECONDITIONS
    assert flow.blockers() == (
        "client_not_confirmed",
        "not_perm_lockout",
        "lockout_code_invalid",
        "no_appointment",
        "outbound_call",
        "not_with_vehicle",
        "not_ready_to_drive",
    )
    assert not flow.can_advance() and not flow.next()
    assert flow.current == PRECONDITIONS


def test_unconfirmed_caller_alone_blocks_M2() -> None:
    flow = _flow()
    _pass_preconditions(flow)
    flow.client_confirmed = False
    assert flow.blockers() == ("client_not_confirmed",)
    assert not flow.next()


def test_past_appointment_blocks_M5() -> None:
    flow = _flow()
    _pass_preconditions(flow)
    flow.appointment = Appointment(at=NOW - timedelta(minutes=1))
    assert flow.blockers() == ("appointment_in_past",)


def test_code_cannot_be_entered_before_preconditions_and_price_pass_M5_M6() -> None:
    flow = _flow()
    with pytest.raises(RuntimeError):
        flow.set_code(CODE)
    _pass_preconditions(flow)
    with pytest.raises(RuntimeError):
        flow.set_code(CODE)  # price still missing
    flow.price = Decimal("45.00")
    assert flow.code_unlocked
    flow.set_code(CODE)


def test_naive_appointment_and_naive_clock_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        Appointment(at=datetime(2026, 11, 23, 10, 0))
    flow = OverrideFlow(brand="m9", profile="full_service", clock=lambda: datetime(2026, 11, 23, 10, 0))
    _pass_preconditions(flow)
    with pytest.raises(ValueError, match="naive"):
        flow.blockers()


def test_appointment_booking_follows_the_other_rule_M11() -> None:
    booking = Appointment(at=NOW + timedelta(hours=2), kind="final_download", scheduled_here=True).booking
    assert booking.m9_type == "Other" and booking.description == "Final download"


# --------------------------------------------------------------------------- price and waiver


def test_price_step_needs_the_m9_amount_M8() -> None:
    flow = _flow()
    _pass_preconditions(flow)
    assert flow.next() and flow.current == PRICE
    assert flow.blockers() == ("price_missing",)
    flow.price = Decimal("0.00")
    assert flow.blockers() == ("price_not_positive",)
    flow.price = Decimal("45.00")
    assert flow.blockers() == ()
    assert flow.payment().code == "take_payment_after_code"


def test_waiver_blocked_by_an_earlier_waiver_M9() -> None:
    flow = _flow(earlier_waivers=[_Waiver(date(2025, 4, 2), "Courtesy waiver, first lockout")])
    _pass_preconditions(flow)
    flow.next()
    assert flow.waiver_blocked
    flow.waiver_requested = True
    flow.waiver_reason = "Client is a hardship case"
    assert flow.blockers() == ("waiver_already_given",)
    assert not flow.next()
    assert "Courtesy waiver, first lockout" in flow.waiver().earlier_texts("en")[0]
    # Quoting the price instead still works.
    flow.waiver_requested = False
    flow.price = Decimal("45.00")
    assert flow.next()


def test_first_waiver_needs_a_reason_M9() -> None:
    flow = _flow()
    _pass_preconditions(flow)
    flow.next()
    flow.waiver_requested = True
    assert flow.blockers() == ("waiver_reason_required",)
    flow.waiver_reason = "First lockout, hardship"
    assert flow.blockers() == ()
    assert flow.waived and flow.payment().code == "waived_no_payment"


# --------------------------------------------------------------------------- coaching cursor


def test_cursor_steps_forward_back_and_repeats_M7() -> None:
    cursor = CoachingCursor(CODE, "en")
    assert cursor.total == 8 and cursor.position == (1, 8)
    assert cursor.current.char == "K" and cursor.current.words == "Kilo"
    assert cursor.back() is False
    assert cursor.next() and cursor.next()
    assert cursor.position_text() == "3 of 8"
    assert cursor.position_text("es") == "3 de 8"
    assert cursor.current.char == "Q"
    assert cursor.repeat().char == "Q" and cursor.repeats == 1 and cursor.position == (3, 8)
    assert cursor.back() and cursor.current.char == "7"


def test_cursor_is_finished_only_after_the_last_character_M7() -> None:
    cursor = CoachingCursor("AB12", "en")
    cursor.next()
    cursor.next()
    assert not cursor.finished
    assert cursor.next() and cursor.at_end and cursor.finished
    assert cursor.next() is False
    cursor.back()
    cursor.back()
    assert cursor.finished  # going back to repeat does not undo having read it all


def test_switching_spelling_language_keeps_the_place_M7() -> None:
    cursor = CoachingCursor("V5B", "en")
    cursor.next()
    cursor.set_language("es")
    assert cursor.position == (2, 3) and cursor.current.words == "cinco"
    cursor.next()
    assert cursor.current.words == "be larga, de burro"


def test_full_code_only_on_demand_is_grouped_M7() -> None:
    assert CoachingCursor(CODE, "en").full_code() == "K7QX 9B2M"


def test_coaching_blockers_and_bad_code_M7() -> None:
    flow = _flow()
    _pass_preconditions(flow)
    flow.next()
    flow.price = Decimal("45.00")
    flow.next()
    assert flow.current == COACHING and flow.blockers() == ("code_missing",)
    assert flow.set_code("AB!C") == ("code_invalid",)
    assert "'!'" in flow.code_error
    assert flow.set_code(" - ") == ("code_missing",)
    assert flow.set_code(CODE) == ("code_not_finished",)
    assert flow.cursor is not None
    for _ in range(7):
        flow.cursor.next()
    assert flow.blockers() == ()


def test_flow_language_toggle_reaches_the_cursor_M7() -> None:
    flow = _flow(client_language="es")
    _pass_preconditions(flow)
    flow.price = Decimal("45.00")
    flow.set_code("B7QX")
    assert flow.cursor is not None and flow.cursor.current.words == "be larga, de burro"
    flow.set_client_language("en")
    assert flow.cursor.current.words == "Bravo"


# --------------------------------------------------------------------------- done and note


@pytest.mark.parametrize(
    ("profile", "code"), [("full_service", "payment_not_taken"), ("check_change", "amount_not_billed")]
)
def test_done_needs_payment_confirmation_per_profile_M8(profile: str, code: str) -> None:
    flow = _flow(profile)
    _to_done(flow)
    assert flow.blockers() == (code,)
    assert not flow.complete
    with pytest.raises(ValueError):
        flow.mark_saved()  # SOP M8: payment first
    flow.payment_confirmed = True
    assert flow.done_blockers() == () and flow.blockers() == ("note_not_saved",)
    assert flow.outcome is None
    flow.mark_saved()
    assert flow.blockers() == () and flow.complete and flow.outcome == "override_given"


def test_waived_code_needs_no_payment_confirmation_M9() -> None:
    flow = _flow()
    flow.waiver_requested = True
    flow.waiver_reason = "First lockout"
    _to_done(flow)
    assert flow.done_blockers() == () and flow.blockers() == ("note_not_saved",)


def test_done_cannot_be_undone_and_records_the_time() -> None:
    flow = _flow()
    _to_done(flow)
    assert flow.code_given_at == NOW
    assert flow.back() is None and flow.current == DONE


def test_next_and_back_follow_the_blockers() -> None:
    flow = _flow()
    _pass_preconditions(flow)
    assert not flow.can_back()
    assert flow.next() == PRICE and flow.current == PRICE
    assert flow.next() is None and flow.current == PRICE  # price missing
    assert flow.blockers() == ("price_missing",) and flow.blockers(COACHING) == ("code_missing",)
    assert flow.back() == PRECONDITIONS and flow.current == PRECONDITIONS


@pytest.mark.parametrize("language", ["en", "es"])
def test_note_fields_outline_and_disposition_N3_N4(language: str) -> None:
    flow = _flow("check_change")
    _to_done(flow)
    flow.payment_confirmed = True
    fields = flow.note(language)
    assert set(fields) == {"reason", "resolution", "additional_info", "follow_up", "disposition"}
    assert fields["disposition"] == "override_given"
    assert isinstance(fields["resolution"], list) and len(fields["resolution"]) >= 5
    text = "\n".join([fields["reason"], *fields["resolution"], fields["additional_info"], fields["follow_up"]])
    assert "$45.00" in text and "Guardian M9" in text
    if language == "es":
        assert "centro de servicio" in text and "Restablecimiento" in text
    else:
        assert "service center" in text and "Reset" in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_note_and_history_never_contain_the_code_M7(language: str) -> None:
    flow = _flow()
    flow.waiver_requested = True
    flow.waiver_reason = "Agent pasted k7qx 9b2m here by mistake"  # must be scrubbed
    _to_done(flow)
    fields = flow.note(language)
    entry = flow.history_entry(language)
    everything = " ".join(
        [
            *fields["resolution"],
            fields["reason"],
            fields["additional_info"],
            fields["follow_up"],
            entry.summary,
            entry.waiver_reason,
            repr(entry),
            repr(flow),
            repr(flow.cursor),
        ]
    ).upper()
    for form in ("K7QX9B2M", "K7QX-9B2M", "K7QX 9B2M", "K7QX", "9B2M"):
        assert form not in everything
    assert "4821" not in everything  # nor the device's lockout code
    assert entry.waived and entry.amount is None and entry.disposition == "override_given"


def test_history_entry_for_a_paid_code_M8_M9() -> None:
    flow = _flow()
    _to_done(flow)
    entry = flow.history_entry("en")
    assert not entry.waived and entry.amount == Decimal("45.00") and entry.waiver_reason == ""
    assert entry.summary == "Override code given"
    assert entry.at == NOW and entry.appointment_kind == "reset"


_CODES = st.text(alphabet="ABCDEFGHJKMNPQRTUVWXY0123456789", min_size=6, max_size=10).filter(
    lambda c: any(ch.isdigit() for ch in c) and any(ch.isalpha() for ch in c)
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=_CODES, language=st.sampled_from(["en", "es"]), waived=st.booleans())
def test_note_never_contains_any_code_property_M7(code: str, language: str, waived: bool) -> None:
    flow = _flow()
    if waived:
        flow.waiver_requested = True
        flow.waiver_reason = f"reason mentioning {code.lower()}"
    _to_done(flow, code)
    flow.payment_confirmed = True
    fields = flow.note(language)
    text = " ".join([fields["reason"], *fields["resolution"], fields["additional_info"], fields["follow_up"]])
    assert code not in text.upper()


# --------------------------------------------------------------------------- entry steps data


@pytest.mark.parametrize("brand", ["m9", "monitech"])
def test_default_entry_steps_exist_in_both_languages_M7(brand: str) -> None:
    steps = load_entry_steps(brand)
    assert steps.brand == brand and len(steps.steps) >= 5
    for step in steps.steps:
        assert step.text("en").strip() and step.text("es").strip()
        assert step.text("en") != step.text("es")
    assert any(s.id == "code" for s in steps.steps)


def test_unknown_brand_has_no_steps() -> None:
    with pytest.raises(KeyError):
        load_entry_steps("plus")


def test_broken_steps_file_lists_the_problem(tmp_path: Path) -> None:
    bad = {"version": 1, "brands": {"m9": {"label": "M9", "steps": [{"id": "seat", "text": {"en": "x"}}]}}}
    path = tmp_path / "steps.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match="brands/m9/steps/0/text"):
        load_entry_steps("m9", path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read"):
        load_entry_steps("m9", path)


def test_entry_checklist_toggles_M7() -> None:
    flow = _flow()
    assert flow.toggle_entry_step("seat") is True and "seat" in flow.checked_steps
    assert flow.toggle_entry_step("seat") is False and not flow.checked_steps
    with pytest.raises(KeyError):
        flow.toggle_entry_step("nope")
