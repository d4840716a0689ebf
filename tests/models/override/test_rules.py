"""Rules for giving an M9 / Monitech override code (SOP M3-M11), without Qt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import i18n
from desktop.models import override as override
from desktop.models.override import (
    appointment_booking,
    blocker_text,
    blocker_title,
    lookalike_warning,
    override_blockers,
    payment_rule,
    price_blockers,
    spell_code,
    waiver_decision,
)

ALL_MET: dict[str, Any] = {
    "perm_lockout": True,
    "lockout_code": "4821",
    "appointment_confirmed": True,
    "inbound_call": True,
    "with_vehicle": True,
    "ready_to_drive": True,
}


# --------------------------------------------------------------------------- preconditions


def test_all_preconditions_met_gives_no_blockers_M3_M4_M5_M6() -> None:
    assert override_blockers(**ALL_MET) == ()


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("perm_lockout", False, "not_perm_lockout"),  # M4
        ("lockout_code", "123", "lockout_code_invalid"),  # M4
        ("appointment_confirmed", False, "no_appointment"),  # M5
        ("inbound_call", False, "outbound_call"),  # M3
        ("with_vehicle", False, "not_with_vehicle"),  # M6
        ("ready_to_drive", False, "not_ready_to_drive"),  # M6
    ],
)
def test_each_unmet_precondition_has_its_code_M3_M4_M5_M6(field: str, value: object, code: str) -> None:
    args: dict[str, Any] = dict(ALL_MET)
    args[field] = value
    assert override_blockers(**args) == (code,)


def test_every_unmet_precondition_is_reported_at_once_M3_M4_M5_M6() -> None:
    assert override_blockers(
        perm_lockout=False,
        lockout_code="",
        appointment_confirmed=False,
        inbound_call=False,
        with_vehicle=False,
        ready_to_drive=False,
    ) == (
        "not_perm_lockout",
        "lockout_code_invalid",
        "no_appointment",
        "outbound_call",
        "not_with_vehicle",
        "not_ready_to_drive",
    )


def test_blockers_are_keyword_only_M4() -> None:
    with pytest.raises(TypeError):
        override_blockers(True, "1234", True, True, True, True)  # type: ignore[call-arg]


@pytest.mark.parametrize("code", ["0000", "1234", "9999", "0427"])
def test_four_ascii_digits_are_a_valid_lockout_code_M4(code: str) -> None:
    assert "lockout_code_invalid" not in override_blockers(**{**ALL_MET, "lockout_code": code})


@pytest.mark.parametrize(
    "code",
    [
        "",
        "123",  # three digits
        "12345",  # five digits
        "12a4",  # a letter
        "abcd",
        "PERM",
        "12 34",  # inner space
        " 1234",  # leading space
        "1234 ",  # trailing space
        "12-34",
        "+123",
        "1.23",
        "١٢٣٤",  # Arabic-Indic digits: isdigit() is True, the device never shows them
        "１２３４",  # full-width digits
        "²³⁴⁵",  # superscripts
        "1234\n",
    ],
)
def test_lockout_code_must_be_exactly_four_ascii_digits_M4(code: str) -> None:
    assert "lockout_code_invalid" in override_blockers(**{**ALL_MET, "lockout_code": code})


@settings(max_examples=200)
@given(st.text(max_size=6))
def test_lockout_code_rule_matches_a_plain_regex_M4(code: str) -> None:
    expected_valid = re.fullmatch(r"[0-9]{4}", code, flags=re.ASCII) is not None
    assert override.is_valid_lockout_code(code) is expected_valid


# --------------------------------------------------------------------------- spelling


def test_spell_code_english_example_M7() -> None:
    spelled = spell_code("b8v5", "en")
    assert [(c.char, c.words) for c in spelled] == [
        ("B", "Bravo"),
        ("8", "eight"),
        ("V", "Victor"),
        ("5", "five"),
    ]
    assert [c.has_lookalike for c in spelled] == [True, True, False, True]


def test_spell_code_spanish_example_M7() -> None:
    assert [c.words for c in spell_code("B8V5", "es")] == [
        "be larga, de burro",
        "ocho",
        "ve corta, de vaca",
        "cinco",
    ]


def test_spell_code_is_case_insensitive_M7() -> None:
    assert spell_code("abc123", "en") == spell_code("ABC123", "en")


@pytest.mark.parametrize("code", ["K7QX-9B2M", "K7QX 9B2M", " k7qx--9b2m ", "K-7-Q-X 9 B 2 M", "K7QX\t9B2M"])
def test_spaces_and_dashes_between_groups_are_ignored_M7(code: str) -> None:
    assert "".join(c.char for c in spell_code(code, "es")) == "K7QX9B2M"


def test_empty_or_separator_only_code_spells_nothing_M7() -> None:
    assert spell_code("", "en") == []
    assert spell_code(" - ", "es") == []


@pytest.mark.parametrize(
    ("code", "bad"),
    [
        ("AB!C", "!"),
        ("A.B", "."),
        ("A_B", "_"),
        ("a/b", "/"),
        ("ÑAB", "Ñ"),
        ("é", "é"),
        ("straße", "ß"),  # upper() would turn it into "SS"
        ("12١", "١"),  # Arabic-Indic digit
        ("AB１", "１"),  # full-width digit
        ("A\nB", "\n"),
    ],
)
def test_other_characters_raise_naming_the_character_M7(code: str, bad: str) -> None:
    with pytest.raises(ValueError) as info:
        spell_code(code, "en")
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("language", ["fr", "EN", "", "es_US", "spanish"])
def test_unknown_language_raises_M7(language: str) -> None:
    with pytest.raises(ValueError, match="language"):
        spell_code("AB12", language)


_CODE_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -", max_size=24)


@settings(max_examples=150)
@given(code=_CODE_TEXT, language=st.sampled_from(["en", "es"]))
def test_spell_code_round_trips_to_the_normalised_input_M7(code: str, language: str) -> None:
    spelled = spell_code(code, language)
    assert "".join(c.char for c in spelled) == code.replace(" ", "").replace("-", "").upper()
    assert all(c.words for c in spelled)


@settings(max_examples=150)
@given(
    prefix=_CODE_TEXT,
    bad=st.characters(exclude_characters="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
)
def test_any_other_character_is_refused_M7(prefix: str, bad: str) -> None:
    if bad in override.phonetics.SEPARATORS:
        assert spell_code(prefix + bad, "en") == spell_code(prefix, "en")
        return
    with pytest.raises(ValueError) as info:
        spell_code(prefix + bad, "en")
    assert repr(bad) in str(info.value)


def test_spelled_char_is_immutable_M7() -> None:
    (spelled,) = spell_code("A", "en")
    with pytest.raises(AttributeError):
        spelled.char = "B"  # type: ignore[misc]


def test_lookalike_warning_names_the_other_characters_M7() -> None:
    (one,) = spell_code("1", "en")
    assert "I / L" in lookalike_warning(one, "en")
    assert "I / L" in lookalike_warning(one, "es")
    assert lookalike_warning(one, "es") != lookalike_warning(one, "en")
    (k,) = spell_code("K", "en")
    assert lookalike_warning(k, "en") == ""


# --------------------------------------------------------------------------- reason texts


@pytest.mark.parametrize("code", override.REASON_CODES)
def test_every_reason_code_has_title_and_advice_in_both_languages_M3_M4_M5_M6(
    code: str,
) -> None:
    assert blocker_title(code, "en") and blocker_text(code, "en")
    assert blocker_text(code, "es") != blocker_text(code, "en")
    assert blocker_title(code, "es") != blocker_title(code, "en")


def test_blocker_texts_say_what_to_tell_the_client_M3_M6() -> None:
    for code in override.BLOCKER_CODES:
        assert "Tell the client" in blocker_text(code, "en")
        assert "Dígale al cliente" in blocker_text(code, "es")


def test_blocker_text_follows_the_ui_language_by_default() -> None:
    i18n.set_language("es")
    assert blocker_text("no_appointment") == blocker_text("no_appointment", "es")


def test_unknown_reason_code_raises() -> None:
    with pytest.raises(ValueError, match="nonsense"):
        blocker_text("nonsense")


# --------------------------------------------------------------------------- payment (M8)


def test_full_service_takes_payment_after_the_code_M8() -> None:
    rule = payment_rule("full_service", Decimal("45.00"))
    assert rule.code == "take_payment_after_code"
    assert rule.needs_confirmation and rule.unconfirmed_code == "payment_not_taken"
    text = rule.text("en")
    assert "$45.00" in text
    assert text.index("code") < text.index("payment")


def test_check_change_bills_and_client_pays_at_service_center_M8() -> None:
    rule = payment_rule("check_change", Decimal("45.00"))
    assert rule.code == "bill_pay_at_service_center"
    assert rule.unconfirmed_code == "amount_not_billed"
    assert "service center" in rule.text("en") and "$45.00" in rule.text("en")
    assert "centro de servicio" in rule.text("es") and "$45.00" in rule.text("es")
    assert "$45.00" in rule.confirmation_text("en")


@pytest.mark.parametrize("profile", ["full_service", "check_change"])
def test_waived_code_needs_no_payment_M8_M9(profile: str) -> None:
    rule = payment_rule(profile, Decimal("45.00"), waived=True)
    assert rule.code == "waived_no_payment"
    assert not rule.needs_confirmation and rule.amount is None
    assert "$" not in rule.text("en")


def test_payment_rule_rejects_unknown_profile_and_floats_M8() -> None:
    with pytest.raises(ValueError, match="manager"):
        payment_rule("manager", Decimal("1"))
    with pytest.raises(TypeError):
        payment_rule("full_service", 45.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "waived", "expected"),
    [
        (None, False, ("price_missing",)),
        (Decimal("0.00"), False, ("price_not_positive",)),
        (Decimal("-5.00"), False, ("price_not_positive",)),
        (Decimal("45.00"), False, ()),
        (None, True, ()),
    ],
)
def test_price_is_required_unless_waived_M8(amount: Decimal | None, waived: bool, expected: tuple[str, ...]) -> None:
    assert price_blockers(amount, waived=waived) == expected


# --------------------------------------------------------------------------- waiver (M9)


@dataclass(frozen=True)
class _Waiver:
    date: date
    note: str


@dataclass(frozen=True)
class _HistoryItem:
    created_at: datetime
    note_text: str | None
    summary: str


def test_first_waiver_with_a_reason_is_allowed_M9() -> None:
    decision = waiver_decision([], "  Client lost job, first lockout  ")
    assert decision.allowed and decision.reasons == ()
    assert decision.reason == "Client lost job, first lockout"


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_waiver_requires_a_reason_M9(reason: str) -> None:
    decision = waiver_decision([], reason)
    assert not decision.allowed
    assert decision.reasons == ("waiver_reason_required",)


def test_earlier_waiver_blocks_with_its_date_and_note_M9() -> None:
    earlier = [_Waiver(date(2025, 3, 14), "Waived as courtesy, hardship")]
    decision = waiver_decision(earlier, "Another good reason")
    assert not decision.allowed
    assert decision.reasons == ("waiver_already_given",)
    assert decision.blocking == override.PastWaiver(date(2025, 3, 14), "Waived as courtesy, hardship")
    (en,) = decision.earlier_texts("en")
    assert "Mar 14, 2025" in en and "hardship" in en
    (es,) = decision.earlier_texts("es")
    assert "2025" in es and "mar" in es and "hardship" in es and es != en


def test_several_earlier_waivers_are_listed_oldest_first_M9() -> None:
    tz = timezone(timedelta(hours=-5))
    earlier = [
        _Waiver(datetime(2025, 6, 1, 9, 0, tzinfo=tz), "second"),
        _Waiver(date(2024, 1, 2), "first"),
    ]
    decision = waiver_decision(earlier, "")
    assert [w.note for w in decision.earlier] == ["first", "second"]
    assert decision.blocking is not None and decision.blocking.note == "first"


def test_history_items_are_accepted_as_earlier_waivers_M9() -> None:
    item = _HistoryItem(datetime(2025, 2, 3, 15, 0, tzinfo=UTC), None, "Override code given (waived)")
    decision = waiver_decision([item], "reason")
    assert not decision.allowed
    assert decision.earlier[0].note == "Override code given (waived)"


def test_naive_waiver_datetime_is_refused_M9() -> None:
    with pytest.raises(ValueError, match="naive"):
        waiver_decision([_Waiver(datetime(2025, 1, 1, 12, 0), "x")], "reason")


def test_waiver_without_note_says_so_M9() -> None:
    decision = waiver_decision([_Waiver(date(2025, 1, 5), "  ")], "reason")
    assert "no note" in decision.earlier_texts("en")[0]


# --------------------------------------------------------------------------- appointments (M11)


@pytest.mark.parametrize(
    ("kind", "name"),
    [("reset", "Reset"), ("final_download", "Final download"), ("interlock_exchange", "Interlock Exchange")],
)
def test_reset_final_download_exchange_are_booked_as_other_M11(kind: str, name: str) -> None:
    booking = appointment_booking(kind)
    assert booking.m9_type == "Other"
    assert booking.description == name
    detailed = appointment_booking(kind, " after PERM lockout ")
    assert detailed.m9_type == "Other"
    assert detailed.description.startswith(name) and detailed.description.endswith("after PERM lockout")


def test_other_kinds_keep_their_own_type_M11() -> None:
    assert appointment_booking("calibration").m9_type == "Calibration"
    assert appointment_booking("removal").m9_type == "Removal"


def test_plain_other_needs_a_description_M11() -> None:
    with pytest.raises(ValueError):
        appointment_booking("other")
    assert appointment_booking("other", "Wiring check").description == "Wiring check"


def test_unknown_appointment_kind_raises_M11() -> None:
    with pytest.raises(ValueError, match="oil_change"):
        appointment_booking("oil_change")
