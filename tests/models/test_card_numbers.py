"""Card numbers are found however they are typed, and ordinary numbers are left alone (SOP N1)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.models.card_numbers import card_spans, luhn_valid, mask_while_typing, redact_card_numbers
from desktop.models.notes.lint import CARD_NUMBER, lint_note
from tests.models.store.test_secrets_at_rest import CARD_FORMATS
from tests.secrets_probe import text_holds

# Luhn-valid test numbers of every length a card can have, grouped as cards print them.
CARDS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("4222222222222", (4, 4, 5)),  # Visa, 13
    ("30569309025904", (4, 6, 4)),  # Diners, 14
    ("378282246310005", (4, 6, 5)),  # Amex, 15
    ("4111111111111111", (4, 4, 4, 4)),  # Visa, 16
    ("6011000990139424", (4, 4, 4, 4)),  # Discover, 16
    ("5555555555554444", (4, 4, 4, 4)),  # Mastercard, 16
    ("6759649826438453", (4, 4, 4, 4)),  # Maestro, 16
    ("4000000000000000006", (4, 4, 4, 4, 3)),  # Visa, 19
)

SEPARATORS = (
    " ", "-", ".", "/", "_", "\t", "  ", "\u00a0", "\u202f", "\u3000", "–", "—", "‐", "−", "\\",
    " - ", " / ", "．", "／", "＿", "－",
)
# Digit forms: ASCII, fullwidth, Arabic-Indic, Devanagari, mathematical bold.
DIGIT_FORMS = ("0", "０", "٠", "०", "𝟎")


def _form(digit: str, zero: str) -> str:
    return chr(ord(zero) + int(digit))


def _typed(number: str, groups: tuple[int, ...], seps: list[str], forms: list[str]) -> str:
    out, i = [], 0
    for k, size in enumerate(groups):
        if k:
            out.append(seps[k - 1])
        out.append("".join(_form(d, forms[(i + j) % len(forms)]) for j, d in enumerate(number[i : i + size])))
        i += size
    return "".join(out)


@pytest.mark.parametrize(("name", "typed"), sorted(CARD_FORMATS.items()))
def test_fourteen_ways_of_typing_a_card_are_found_and_masked_N1(name: str, typed: str) -> None:
    text = f"Paid with {typed} today"
    spans = [text[f.start : f.end] for f in lint_note(text) if f.code == CARD_NUMBER]
    assert spans == [typed]
    redacted = redact_card_numbers(text)
    assert len(redacted) == len(text)
    assert not text_holds(typed, redacted)
    assert redacted.startswith("Paid with ") and redacted.endswith(" today")
    kept = [c for c in redacted if c.isdigit()]
    assert len(kept) == 4  # the last four digits, in the form they were typed


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CARDS),
    st.lists(st.sampled_from(SEPARATORS), min_size=4, max_size=4),
    st.lists(st.sampled_from(DIGIT_FORMS), min_size=1, max_size=3),
    st.sampled_from(["", "Card ", "CID 1234567 paid with ", "ticket 98765432, "]),
    st.sampled_from(["", " declined", ". Call back 555-123-4567", "/12"]),
)
def test_any_separators_and_digit_forms_are_masked_N1(
    card: tuple[str, tuple[int, ...]], seps: list[str], forms: list[str], before: str, after: str
) -> None:
    number, groups = card
    typed = _typed(number, groups, seps, forms)
    text = before + typed + after
    redacted = redact_card_numbers(text)
    assert not text_holds(number, redacted)
    assert len(redacted) == len(text)
    assert [f for f in lint_note(text) if f.code == CARD_NUMBER]
    assert redacted.startswith(before.split("1234567")[0])
    # unbroken, or typed with the same separator throughout, is found too
    assert not text_holds(number, redact_card_numbers(_typed(number, groups, [seps[0]] * 4, forms)))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CARDS),
    st.lists(st.sampled_from(SEPARATORS), min_size=4, max_size=4),
    st.sampled_from(DIGIT_FORMS),
)
def test_redaction_changes_only_digits_and_is_stable_N1(
    card: tuple[str, tuple[int, ...]], seps: list[str], zero: str
) -> None:
    text = "x " + _typed(card[0], card[1], seps, [zero]) + " y"
    redacted = redact_card_numbers(text)
    assert all(a == b or (b == "*" and a != b) for a, b in zip(text, redacted, strict=True))
    assert all(a.isdigit() for a, b in zip(text, redacted, strict=True) if a != b)
    assert redact_card_numbers(redacted) == redacted


@pytest.mark.parametrize(
    "text",
    [
        "Serviced 06/03/2026 1234567",  # a date and a CID
        "Serviced 06.03.2026 at 2026.06.03 12:30",
        "Balance 1.234.567,89 then 2.345.678,90",
        "Host 192.168.100.200 port 8080 then 10.0.0.1",
        "Version 2026.11.23.1 build 4521",
        "Paid $49.98 on 06/03/2026, CID 1234567, UTR 98765432",
        "Called 555.123.4567 and 555/987/6543",
        "Form 06_03_2026_1234",
        "UTR ticket 2026112300451",  # 13 digits failing Luhn
    ],
)
def test_ordinary_numbers_with_the_new_separators_are_not_cards_N1(text: str) -> None:
    assert list(card_spans(text)) == []
    assert redact_card_numbers(text) == text


def test_a_card_after_a_date_is_masked_but_not_the_date() -> None:
    text = "06/03/2026 4111.1111.1111.1111"
    assert redact_card_numbers(text) == "06/03/2026 ****.****.****.1111"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("4111 1111 1111 111", "**** **** ***1 111"),  # 15 of 16 digits: the check digit gives the rest
        ("4111-1111-1111-11", "****-****-**11-11"),
    ],
)
def test_a_card_caught_half_typed_is_masked_in_progress(typed: str, expected: str) -> None:
    assert redact_card_numbers(typed) == typed  # not a card yet
    assert redact_card_numbers(typed, in_progress=True) == expected


def test_in_progress_leaves_ticket_numbers_and_phones_alone() -> None:
    for text in ("UTR ticket 2026112300451", "Call 555-123-4567 or 1-800-555-1212", "CID 1234567"):
        assert redact_card_numbers(text, in_progress=True) == text


@pytest.mark.parametrize("card", ["4111.1111.1111.1111", "4111\t1111\t1111\t1111", "４１１１－１１１１－１１１１－１１１１"])
def test_typing_key_by_key_never_shows_more_than_four_digits(card: str) -> None:
    text = ""
    for char in "Card " + card:
        text = mask_while_typing(text + char)
    assert not text_holds(card, text)
    assert sum(c.isdigit() for c in text) == 4


def test_the_test_numbers_are_cards() -> None:
    assert all(luhn_valid(n) and sum(g) == len(n) for n, g in CARDS)


@given(st.text(alphabet="0123456789", min_size=1, max_size=25))
def test_the_checksum_is_luhn(digits: str) -> None:
    """Against the textbook definition: the check digit makes the doubled sum a multiple of 10."""
    doubled = [int(c) * (2 if i % 2 else 1) for i, c in enumerate(reversed(digits))]
    assert luhn_valid(digits) == (sum(d // 10 + d % 10 for d in doubled) % 10 == 0)


def test_the_checksum_known_values() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert not luhn_valid("４１１１")  # only ASCII digits reach the checksum
