"""Chat escalations: which chat (SOP H2), the templates (H1, H4), balance (H5), mechanic forms (H6), etiquette (H3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import i18n
from desktop.models.chat.rules import (
    AFFIDAVIT_MISSING,
    ALL_CAPS,
    BALANCE_MUST_BE_ZERO,
    ETIQUETTE_CODES,
    INVALID_BALANCE,
    MISSING_FIELDS,
    NO_RESOURCES_CHECKED,
    NOT_A_QUESTION_OR_REQUEST,
    WORK_ORDER_MISSING,
    ChatFieldsError,
    chat_channel,
    error_text,
    etiquette_findings,
    etiquette_text,
    mechanic_bypass_blockers,
    parse_balance,
    render_chat,
)

ET = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# ---------------------------------------------------------------------------
# chat_channel (H2)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (23, "weekday"),  # Monday 2026-11-23
        (24, "weekday"),
        (25, "weekday"),
        (26, "weekday"),
        (27, "weekday"),  # Friday
        (28, "weekend"),  # Saturday
        (29, "weekend"),  # Sunday
    ],
)
def test_channel_across_the_week_H2(day: int, expected: str) -> None:
    assert chat_channel(datetime(2026, 11, day, 12, 0, tzinfo=ET)) == expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # Standard time (EST = UTC-5): Friday -> Saturday at 05:00 UTC.
        (utc(2026, 11, 28, 4, 59, 59), "weekday"),
        (utc(2026, 11, 28, 5, 0, 0), "weekend"),
        # Sunday -> Monday at 05:00 UTC.
        (utc(2026, 11, 30, 4, 59, 59), "weekend"),
        (utc(2026, 11, 30, 5, 0, 0), "weekday"),
        # Spring forward happens Sunday 2026-03-08: Friday night is still EST...
        (utc(2026, 3, 7, 4, 59, 59), "weekday"),
        (utc(2026, 3, 7, 5, 0, 0), "weekend"),
        # ...but Monday 2026-03-09 starts at 04:00 UTC (EDT).
        (utc(2026, 3, 9, 3, 59, 59), "weekend"),
        (utc(2026, 3, 9, 4, 0, 0), "weekday"),
        # Fall back happens Sunday 2026-11-01: Saturday starts at 04:00 UTC (EDT)...
        (utc(2026, 10, 31, 3, 59, 59), "weekday"),
        (utc(2026, 10, 31, 4, 0, 0), "weekend"),
        # ...and Monday 2026-11-02 at 05:00 UTC (EST).
        (utc(2026, 11, 2, 4, 59, 59), "weekend"),
        (utc(2026, 11, 2, 5, 0, 0), "weekday"),
        # The repeated hour on the fall-back Sunday is weekend either way.
        (datetime(2026, 11, 1, 1, 30, tzinfo=ET, fold=0), "weekend"),
        (datetime(2026, 11, 1, 1, 30, tzinfo=ET, fold=1), "weekend"),
    ],
)
def test_channel_switches_at_eastern_midnight_including_dst_days_H2(at: datetime, expected: str) -> None:
    assert chat_channel(at) == expected


def test_pacific_friday_night_is_already_the_weekend_chat_H2() -> None:
    """10 PM Friday in California is 1 AM Saturday in the East."""
    assert chat_channel(datetime(2026, 11, 27, 22, 0, tzinfo=PACIFIC)) == "weekend"
    assert chat_channel(datetime(2026, 11, 27, 20, 59, tzinfo=PACIFIC)) == "weekday"


def test_naive_datetime_is_refused_H2() -> None:
    with pytest.raises(ValueError, match="naive"):
        chat_channel(datetime(2026, 11, 23, 12, 0))


@settings(max_examples=100, deadline=None)
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["America/Chicago", "America/Los_Angeles", "Pacific/Honolulu", "Asia/Tokyo", "UTC"]),
)
def test_channel_depends_only_on_the_instant_H2(naive: datetime, zone: str) -> None:
    at = naive.replace(tzinfo=UTC)
    channel = chat_channel(at)
    assert channel in ("weekday", "weekend")
    assert chat_channel(at.astimezone(ZoneInfo(zone))) == channel
    assert (channel == "weekend") == (at.astimezone(ET).weekday() >= 5)


# ---------------------------------------------------------------------------
# render_chat (H1, H4, H5)

POC = {
    "cid": "100200",
    "utr": "98765432",
    "appointment_time": "Nov 23, 2026, 2:30 PM CST",
    "drive_time": "45 min",
    "reason": "Reviewed account notes; CSG has not called. Can someone give the code?",
}
MECH = {"cid": "100200", "reason": "Checked the client log, affidavit and work order on file. Please approve."}
TRANSFER = {
    "cid": "100200",
    "from_state": "TX",
    "to_state": "FL",
    "new_shop": "Miami Service Center",
    "account_balance": "0.00",
}


def test_poc_code_template_H4() -> None:
    assert render_chat("poc_code", POC) == (
        "POC CODE\n"
        "CID: 100200\n"
        "UTR: 98765432\n"
        "APPOINTMENT TIME: Nov 23, 2026, 2:30 PM CST\n"
        "DRIVE TIME: 45 min\n"
        "REASON: Reviewed account notes; CSG has not called. Can someone give the code?"
    )


def test_mechanic_bypass_template_with_and_without_optional_line_H4() -> None:
    assert render_chat("mechanic_bypass", MECH).splitlines() == ["MECHANIC BYPASS", "CID: 100200", "REASON: " + MECH["reason"]]
    with_contact = render_chat("mechanic_bypass", {**MECH, "from_contact": " shop@example.com "})
    assert with_contact.splitlines()[-1] == "FROM FAX/EMAIL: shop@example.com"


def test_state_transfer_template_H4() -> None:
    assert render_chat("state_transfer", TRANSFER) == (
        "STATE-TO-STATE TRANSFER\n"
        "CID: 100200\n"
        "FROM: TX\n"
        "TO: FL\n"
        "NEW SHOP: Miami Service Center\n"
        "ACCOUNT BALANCE: $0.00"
    )


def test_rendered_message_is_english_whatever_the_ui_language_H4() -> None:
    """Leads share one chat and scan the SOP's English labels (see chat module docstring)."""
    english = render_chat("poc_code", POC)
    i18n.set_language("es")
    assert render_chat("poc_code", POC) == english


@pytest.mark.parametrize(
    ("template", "base", "blank", "missing"),
    [
        ("poc_code", POC, ["cid"], ("cid",)),
        ("poc_code", POC, ["utr", "drive_time"], ("utr", "drive_time")),
        ("poc_code", POC, list(POC), ("cid", "utr", "appointment_time", "drive_time", "reason")),
        ("mechanic_bypass", MECH, ["reason"], ("reason",)),
        ("mechanic_bypass", MECH, list(MECH), ("cid", "reason")),
        ("state_transfer", TRANSFER, ["new_shop"], ("new_shop",)),
        (
            "state_transfer",
            TRANSFER,
            list(TRANSFER),
            ("cid", "from_state", "to_state", "new_shop", "account_balance"),
        ),
    ],
)
@pytest.mark.parametrize("how", ["absent", "blank"])
def test_every_missing_field_is_named_H1_H4(
    template: str, base: dict[str, str], blank: list[str], missing: tuple[str, ...], how: str
) -> None:
    fields = dict(base)
    for key in blank:
        if how == "absent":
            del fields[key]
        else:
            fields[key] = "  \n "
    with pytest.raises(ValueError) as info:
        render_chat(template, fields)
    assert isinstance(info.value, ChatFieldsError)
    assert info.value.fields == missing
    assert info.value.code == MISSING_FIELDS
    for key in missing:
        assert key in str(info.value)


def test_cid_is_always_required_H1() -> None:
    for template, base in (("poc_code", POC), ("mechanic_bypass", MECH), ("state_transfer", TRANSFER)):
        with pytest.raises(ValueError, match="cid"):
            render_chat(template, {**base, "cid": ""})


@pytest.mark.parametrize("balance", ["0", "0.00", "$0.00", "-0.00", " 0 ", "+0", ".00"])
def test_zero_balance_transfers_H5(balance: str) -> None:
    assert render_chat("state_transfer", {**TRANSFER, "account_balance": balance}).endswith(
        "ACCOUNT BALANCE: $0.00"
    )


@pytest.mark.parametrize("balance", ["12.50", "0.01", "$1,234.00", "-5.00", "-$20"])
def test_non_zero_balance_refuses_the_transfer_H5(balance: str) -> None:
    with pytest.raises(ValueError) as info:
        render_chat("state_transfer", {**TRANSFER, "account_balance": balance})
    assert info.value.args == (BALANCE_MUST_BE_ZERO,)


@pytest.mark.parametrize("balance", ["abc", "NaN", "Infinity", "1e3", "1.2.3", "$", "--1", "12,50 USD"])
def test_unreadable_balance_is_refused_H5(balance: str) -> None:
    with pytest.raises(ValueError) as info:
        render_chat("state_transfer", {**TRANSFER, "account_balance": balance})
    assert info.value.args == (INVALID_BALANCE,)


def test_missing_fields_reported_before_balance() -> None:
    with pytest.raises(ChatFieldsError):
        render_chat("state_transfer", {**TRANSFER, "cid": "", "account_balance": "25"})


def test_parse_balance_values() -> None:
    from decimal import Decimal

    assert parse_balance("$1,234.50") == Decimal("1234.50")
    assert parse_balance("-0.00") == 0


def test_unknown_template_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown_template"):
        render_chat("gossip", {"cid": "1"})


def test_single_line_fields_are_flattened_reason_keeps_lines() -> None:
    text = render_chat("poc_code", {**POC, "cid": " 100\n200 ", "reason": "Line one\n\nCan you help?  "})
    assert "CID: 100 200" in text
    assert text.endswith("REASON: Line one\n\nCan you help?")


# ---------------------------------------------------------------------------
# mechanic bypass prerequisites (H6)


@pytest.mark.parametrize(
    ("affidavit", "work_order", "contact", "expected"),
    [
        (True, True, "", ()),
        (False, True, "", (AFFIDAVIT_MISSING,)),
        (True, False, "", (WORK_ORDER_MISSING,)),
        (False, False, "", (AFFIDAVIT_MISSING, WORK_ORDER_MISSING)),
        (False, False, "fax 555-123-4567", ()),  # forms sent but not on file: lead traces them
        (True, False, "shop@example.com", ()),
        (False, False, "   ", (AFFIDAVIT_MISSING, WORK_ORDER_MISSING)),
    ],
)
def test_mechanic_request_needs_affidavit_and_work_order_H6(
    affidavit: bool, work_order: bool, contact: str, expected: tuple[str, ...]
) -> None:
    assert mechanic_bypass_blockers(affidavit, work_order, contact) == expected


# ---------------------------------------------------------------------------
# etiquette (H1, H3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reviewed the account notes and SOP. Can someone give a POC code?", ()),
        ("Checked the client log and invoices; is it possible to credit the MAF?", ()),
        ("Per the state SOP an override is allowed, please assist with the code.", ()),
        ("Revisé las notas de la cuenta y el SOP. ¿Me pueden ayudar con el código?", ()),
        ("Client needs POC", (NOT_A_QUESTION_OR_REQUEST, NO_RESOURCES_CHECKED)),
        ("Client can't start the car. Reviewed the notes.", (NOT_A_QUESTION_OR_REQUEST,)),
        ("Can you check the account?", (NO_RESOURCES_CHECKED,)),
        ("PLEASE HELP ME NOW", (ALL_CAPS, NO_RESOURCES_CHECKED)),
        ("CLIENT IS WAITING. Reviewed the notes, can someone help?", (ALL_CAPS,)),
        ("Client WAITING, reviewed the notes, can someone help?", ()),  # one word of emphasis
        ("I AM STILL WAITING ON A SUPERVISOR, reviewed notes, can you help?", (ALL_CAPS,)),
        ("Reviewed account notes per SOP, UTR 98765432 exists, CSG has not called: can a lead help?", ()),
        ("", (NOT_A_QUESTION_OR_REQUEST, NO_RESOURCES_CHECKED)),
    ],
)
def test_etiquette_findings_H1_H3(text: str, expected: tuple[str, ...]) -> None:
    assert etiquette_findings(text) == expected


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_etiquette_and_error_code_has_a_translated_text(language: str) -> None:
    codes_texts = [etiquette_text(c, language) for c in ETIQUETTE_CODES]
    codes_texts += [
        error_text(c, language)
        for c in (MISSING_FIELDS, BALANCE_MUST_BE_ZERO, INVALID_BALANCE, AFFIDAVIT_MISSING, WORK_ORDER_MISSING)
    ]
    assert all(codes_texts)
    if language == "es":
        english = [etiquette_text(c, "en") for c in ETIQUETTE_CODES]
        assert not set(codes_texts) & set(english)
    i18n.set_language(language)
    assert etiquette_text(ALL_CAPS) == etiquette_text(ALL_CAPS, language)


def test_week_table_covers_every_weekday() -> None:
    start = datetime(2026, 11, 23, 12, tzinfo=ET)
    assert [chat_channel(start + timedelta(days=d)) for d in range(7)] == ["weekday"] * 5 + ["weekend"] * 2
