"""Note lint (SOP N1): card numbers, direct quotes, capitals, opinions — and no false alarms."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.models.notes import Finding, finding_text, lint_note, redact_card_numbers
from desktop.models.notes.lint import (
    ALL_CAPS,
    CARD_NUMBER,
    CODES,
    DIRECT_QUOTE,
    FEELINGS,
    luhn_valid,
    mask_while_typing,
)

# Well-known payment-network test numbers (never real accounts).
VISA = "4111 1111 1111 1111"
MASTERCARD = "5555-5555-5555-4444"
AMEX = "378282246310005"




def spans(text: str, code: str) -> list[str]:
    return [text[f.start : f.end] for f in lint_note(text) if f.code == code]


# ---------------------------------------------------------------------------
# card_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Paid with {VISA} today", VISA),
        (f"card {MASTERCARD}.", MASTERCARD),
        (f"Amex {AMEX} declined", AMEX),
        ("Amex grouped 3782 822463 10005 declined", "3782 822463 10005"),
        ("4111111111111111", "4111111111111111"),
        ("Discover 6011-1111-1111-1117 on file", "6011-1111-1111-1117"),
        ("19 digits 4000000000000000006 ok", "4000000000000000006"),
    ],
)
def test_card_numbers_are_found_with_exact_offsets_N1(text: str, expected: str) -> None:
    assert spans(text, CARD_NUMBER) == [expected]
    finding = next(f for f in lint_note(text) if f.code == CARD_NUMBER)
    assert finding.start == text.index(expected)
    assert finding.end == text.index(expected) + len(expected)


def test_card_typed_right_after_a_cid_is_still_caught() -> None:
    text = f"CID 1234567 {VISA}"
    found = spans(text, CARD_NUMBER)
    assert len(found) == 1 and found[0].endswith(VISA)
    assert "4111" not in redact_card_numbers(text).replace("1111", "")


@pytest.mark.parametrize(
    "text",
    [
        "CID 1234567",
        "CID: 100200, UTR 98765432",
        "UTR ticket 2026112300451",  # 13 digits that fail Luhn: an ID, not a card
        "Called (555) 123-4567 and 555-987-6543",
        "Toll free 1-800-555-1212",
        "Charged $49.98, refund $1,234.56 approved",
        "Serviced 06/03/2026 and 2026-06-03 at 14:30",
        "4111 1111 1111 1112",  # one digit off: fails Luhn
        "Serial 41111111111111111111111",  # one block longer than 19 digits
        "Device AMS2000, M9 code 4821",
        "Drive time 45 min, appointment 2:30 PM EST",
        "411111111117",  # 12 digits, Luhn-valid but too short for a card
    ],
)
def test_ordinary_numbers_are_not_card_numbers_N1(text: str) -> None:
    assert spans(text, CARD_NUMBER) == []


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("")
    assert not luhn_valid("41x1")


# ---------------------------------------------------------------------------
# redaction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"card {VISA} ok", "card **** **** **** 1111 ok"),
        (f"card {MASTERCARD}", "card ****-****-****-4444"),
        (f"amex {AMEX}", "amex ***********0005"),
        ("no card 555-123-4567 $49.98", "no card 555-123-4567 $49.98"),
        (f"{VISA} and {AMEX}", "**** **** **** 1111 and ***********0005"),
    ],
)
def test_redaction_keeps_only_last_four(text: str, expected: str) -> None:
    redacted = redact_card_numbers(text)
    assert redacted == expected
    assert len(redacted) == len(text)  # same length: cursor and offsets stay valid
    assert redact_card_numbers(redacted) == redacted


# ---------------------------------------------------------------------------
# all_caps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Client said I AM STILL WAITING ON A SUPERVISOR today", "I AM STILL WAITING ON A SUPERVISOR"),
        ("CLIENT IS VERY UPSET about the fee", "CLIENT IS VERY UPSET"),
        ("PLEASE CALL CSG NOW", "PLEASE CALL CSG NOW"),
        ("El cliente ESTÁ MUY MOLESTO hoy", "ESTÁ MUY MOLESTO"),
        ("I AM STILL WAITING. CID UTR POC.", "I AM STILL WAITING"),
    ],
)
def test_all_caps_runs_are_found_N1(text: str, expected: str) -> None:
    assert spans(text, ALL_CAPS) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "CID UTR POC",
        "Submitted UTR to CSG per SOP, MAF quoted, TL Anna approved",
        "Escalated to TL Anna. Client in TX moving to FL",
        "Device shows PERM lockout on AMS2000 (M9)",
        "Appointment 8 AM ET, CSG hours 8 AM to 7 PM EST",
        "Only TWO WORDS in capitals",
        "VASAP TREDS eligibility checked",
        "Customer info: N/A",
    ],
)
def test_acronyms_and_short_caps_are_fine_N1(text: str) -> None:
    assert spans(text, ALL_CAPS) == []


# ---------------------------------------------------------------------------
# direct_quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Customer said "I will never pay this" and hung up', '"I will never pay this"'),
        ("CT stated: “this is a scam” during the call", "“this is a scam”"),
        ('"I want my money back," the client said.', '"I want my money back,"'),
        ('Client: "you people never call back"', '"you people never call back"'),
        ("El cliente dijo «no voy a pagar eso»", "«no voy a pagar eso»"),
    ],
)
def test_direct_quotes_of_the_customer_are_found_N1(text: str, expected: str) -> None:
    assert spans(text, DIRECT_QUOTE) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'Scheduled as "Other" with Reset in the description',
        'Clicked "Save Invoice" after the coupon',
        'Device displays "PERM lockout" with a code',
        "Client's device is in perm lockout",
        'Unclosed quote " at the end',
    ],
)
def test_quoted_terms_without_attribution_are_fine_N1(text: str) -> None:
    assert spans(text, DIRECT_QUOTE) == []


# ---------------------------------------------------------------------------
# feelings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customer was rude on the call", "rude"),
        ("Very annoying client", "annoying"),
        ("Client is CRAZY", "CRAZY"),
        ("El cliente fue grosero", "grosero"),
        ("cliente estupido", "estupido"),  # accent optional
        ("cliente estúpido", "estúpido"),
        ("a difficult customer again", "difficult customer"),
    ],
)
def test_feelings_are_found_N1(text: str, expected: str) -> None:
    assert spans(text, FEELINGS) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Customer was upset about the reset fee",
        "Client is entitled to a one-time courtesy credit",
        "Spoke with Prudence Crudele",
        "Cable flojo en el vehículo pesado",
        "El cliente estaba molesto por el cargo",
        "Difficult to hear the client, called back",
    ],
)
def test_neutral_descriptions_are_not_feelings_N1(text: str) -> None:
    assert spans(text, FEELINGS) == []


# ---------------------------------------------------------------------------
# combined, explanations, properties


def test_findings_are_ordered_and_typed() -> None:
    text = f'Rude client said "stop calling me" and gave {VISA}. I AM DONE HERE'
    findings = lint_note(text)
    assert [f.code for f in findings] == [FEELINGS, DIRECT_QUOTE, CARD_NUMBER, ALL_CAPS]
    assert all(isinstance(f, Finding) for f in findings)
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_clean_note_has_no_findings() -> None:
    text = (
        "Customer info:\n- Alexander Erickson\n- Account holder's son\n"
        "Reason: Client asked about the $49.98 charge on 06/03/2026.\n"
        "Resolution:\n- Verified UTR 98765432 with CSG per SOP; TL Anna approved.\n"
        "- Called back at 555-123-4567, CC ending in 2320.\n"
        "Additional info: N/A\nFollow up: N/A"
    )
    assert lint_note(text) == ()


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_code_has_an_explanation(code: str, language: str) -> None:
    text = finding_text(code, language)
    assert text and text != code
    if language == "es":
        assert text != finding_text(code, "en")


_RUN = re.compile(r"[0-9]+(?:[ \-][0-9]+)*")


def _luhn_runs(text: str) -> list[str]:
    """Independent oracle: maximal digit runs of 13-19 digits that pass Luhn."""
    found = []
    for match in _RUN.finditer(text):
        digits = re.sub(r"[ \-]", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(match.group())
    return found


_card_text = st.lists(
    st.one_of(
        st.sampled_from([VISA, MASTERCARD, AMEX, "4111111111111111", " ", "-", "CID ", "1234567"]),
        st.text(alphabet="0123456789 -a.", max_size=30),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_card_text)
def test_redaction_never_leaves_a_card_number(text: str) -> None:
    redacted = redact_card_numbers(text)
    assert len(redacted) == len(text)
    assert _luhn_runs(redacted) == []
    assert not [f for f in lint_note(redacted) if f.code == CARD_NUMBER]
    # only digits change, and only into the mask character
    assert all(a == b or (a.isdigit() and b == "*") for a, b in zip(text, redacted, strict=True))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_lint_never_crashes_and_offsets_are_in_range(text: str) -> None:
    for finding in lint_note(text):
        assert finding.code in CODES
        assert 0 <= finding.start < finding.end <= len(text)
    redact_card_numbers(text)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([VISA, MASTERCARD, AMEX, "4111111111111111", "3782 822463 10005", "6011-1111-1111-1117"]),
    st.sampled_from(["", "Card ", "CID 1234567 paid with "]),
    st.sampled_from(["", " declined", ", ok"]),
)
def test_typing_a_card_key_by_key_leaves_only_the_last_four_N1(card: str, before: str, after: str) -> None:
    """What the Notes page does on every keystroke: no moment shows more than the last four digits."""
    text = ""
    for char in before + card + after:
        text = mask_while_typing(text + char)
        assert _luhn_runs(text) == []
    card_part = text[len(before) : len(before) + len(card)]
    assert [c for c in card_part if c.isdigit()] == [c for c in card if c.isdigit()][-4:]
    assert text.endswith(after)


def test_masking_while_typing_leaves_short_masked_numbers_alone() -> None:
    assert mask_while_typing("CC ****1111, call 555-123-4567") == "CC ****1111, call 555-123-4567"
    assert mask_while_typing("**** **** **** 1111 555 1234") == "**** **** **** 1111 555 1234"
