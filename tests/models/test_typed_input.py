"""Typed values at the field: money, drive time and override codes are refused with a reason, never cut or crashed on."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.i18n import MONEY_PROBLEMS, MoneyError, parse_money
from desktop.models import override as rules
from desktop.models.credits.flow import CreditFlow
from desktop.models.credits.flow import blocker_text as problem_text
from desktop.models.poc.drive_time import (
    DriveTimeError,
    drive_time_problem,
    drive_time_problem_text,
    parse_drive_minutes,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("NaN", "not_finite"),
        ("nan", "not_finite"),
        ("Infinity", "not_finite"),
        ("-Infinity", "not_finite"),
        ("sNaN", "not_finite"),
        ("1" * 29, "too_large"),
        ("9" * 5000, "too_large"),
        ("1e999999", "exponent"),
        ("1e3", "exponent"),
        ("1E3", "exponent"),
        ("35e-2", "exponent"),
        ("-0", "negative_zero"),
        ("-0.00", "negative_zero"),
        ("٣٥", "non_ascii_digits"),
        ("３５.００", "non_ascii_digits"),
        ("३५", "non_ascii_digits"),
        ("1000000.00", "too_large"),
        ("35.001", "too_many_decimals"),
        ("0." + "0" * 30 + "1", "too_many_decimals"),
        ("abc", "not_a_number"),
        ("1.2.3", "not_a_number"),
        ("", "empty"),
        ("  $ ", "empty"),
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_bad_amounts_are_refused_with_a_reason(text: str, code: str, language: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_money(text, language)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError keep working
    message = caught.value.text(language)
    assert message and "{" not in message and "Error" not in message


@pytest.mark.parametrize(
    ("text", "language", "amount"),
    [("35.00", "en", "35.00"), ("35,00", "es", "35.00"), ("$1,234.50", "en", "1234.50"), ("0", "en", "0.00"),
     ("999999.99", "en", "999999.99"), ("-5", "en", "-5.00")],
)
def test_plain_amounts_still_parse(text: str, language: str, amount: str) -> None:
    assert parse_money(text, language) == Decimal(amount)


def test_every_money_problem_has_a_spanish_text() -> None:
    for code in MONEY_PROBLEMS:
        assert MoneyError(code).text("es") != MoneyError(code).text("en")


@pytest.mark.parametrize(
    ("text", "problem"),
    [("NaN", "amount_not_plain"), ("1" * 40, "amount_too_large"), ("1e3", "amount_not_plain"),
     ("３５", "amount_not_plain"), ("-0", "amount_not_positive"), ("35.001", "amount_too_many_decimals"),
     ("", "amount_missing"), ("abc", "amount_not_a_number")],
)
def test_credit_amount_field_gets_a_problem_code_not_a_crash_C13(text: str, problem: str) -> None:
    flow = CreditFlow.__new__(CreditFlow)  # only the amount setter is exercised
    flow.amount = None
    flow._amount_problem = None
    flow._reset_decision = lambda: None  # type: ignore[method-assign]
    assert flow.set_amount_text(text, "en") == problem
    assert problem_text(problem, "es") != problem_text(problem, "en")


@settings(max_examples=1500, deadline=None)
@given(text=st.text(max_size=40), language=st.sampled_from(["en", "es"]))
def test_random_text_is_an_amount_or_a_money_error(text: str, language: str) -> None:
    try:
        value = parse_money(text, language)
    except MoneyError as exc:
        assert exc.code in MONEY_PROBLEMS
        return
    assert value.is_finite() and abs(value) <= Decimal("999999.99") and value == value.quantize(Decimal("0.01"))


@settings(max_examples=500, deadline=None)
@given(
    text=st.from_regex(r"\A[-+]?[0-9,.]{0,40}(e[-+]?[0-9]{1,7})?\Z", fullmatch=True),
    language=st.sampled_from(["en", "es"]),
)
def test_number_like_text_never_escapes_as_another_error(text: str, language: str) -> None:
    with contextlib.suppress(MoneyError):
        parse_money(text, language)


# --------------------------------------------------------------------------- drive time (SOP P5, P7)


@pytest.mark.parametrize(
    ("text", "minutes"), [("0", 0), ("45", 45), (" 90 ", 90), ("90 min", 90), ("600", 600)]
)
def test_typed_drive_times_in_range_are_read_in_full_P7(text: str, minutes: int) -> None:
    assert parse_drive_minutes(text) == minutes


@pytest.mark.parametrize("text", ["1440", "9999", "601", "-5", "1.5", "١٠", "9" * 5000, "abc", "1e3"])
def test_out_of_range_drive_time_gets_a_message_not_cut_P7(text: str) -> None:
    with pytest.raises(DriveTimeError) as caught:
        parse_drive_minutes(text)
    assert caught.value.code == "invalid_drive_time"
    assert "600" in caught.value.text("en") and "600" in caught.value.text("es")


def test_empty_drive_time_asks_the_client_P5() -> None:
    assert drive_time_problem("  ") == "drive_time_missing"
    assert drive_time_problem("45") is None
    assert "drive" in drive_time_problem_text("drive_time_missing", "en")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12))
def test_any_typed_drive_time_is_minutes_in_range_or_a_code(text: str) -> None:
    problem = drive_time_problem(text)
    if problem is None:
        assert 0 <= parse_drive_minutes(text) <= 600
    else:
        assert problem in ("drive_time_missing", "invalid_drive_time")


# --------------------------------------------------------------------------- override codes (SOP M7)


@pytest.mark.parametrize(
    ("code", "problem"),
    [("K7QX-9B2M", None), ("K7QX", None), ("7K3Q 9M2X 4T8W 1Z5Y", None), ("K7Q", "code_bad_length"),
     ("A", "code_bad_length"), ("A" * 17, "code_bad_length"), ("A" * 800, "code_bad_length"),
     ("AB!C", "code_invalid"), ("K7QX\x00", "code_invalid"), (" - ", "code_missing"), ("", "code_missing")],
)
def test_override_code_format_M7(code: str, problem: str | None) -> None:
    assert rules.code_format_problem(code) == problem


def test_bad_length_says_what_a_valid_code_looks_like_M7() -> None:
    assert "4 to 16" in rules.blocker_text(rules.CODE_BAD_LENGTH, "en")
    assert "4 a 16" in rules.blocker_text(rules.CODE_BAD_LENGTH, "es")


@pytest.mark.parametrize(("typed", "blocker"), [("K7", "code_bad_length"), ("Z" * 800, "code_too_long"),
                                                ("AB*C", "code_invalid"), ("K7QX-9B2M", "code_not_finished")])
def test_flow_blocks_codes_of_a_bad_length_M7(typed: str, blocker: str) -> None:
    from tests.models.override.test_flow import _flow, _pass_preconditions

    flow = _flow()
    _pass_preconditions(flow)
    flow.price = Decimal("45.00")
    assert flow.set_code(typed) == (blocker,)
    assert (flow.cursor is None) == (blocker != "code_not_finished")  # too long: refused as a paste gone wrong
