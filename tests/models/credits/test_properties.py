"""Property tests over money amounts: Decimal only, two decimals, the $35.00 line (SOP C1, C4, C13)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.i18n import parse_money
from desktop.models import credits
from desktop.models.credits import CreditRequest, decide_credit, paste_amount
from desktop.models.sop import load_default_pack

PACK = load_default_pack()
CENTS = st.integers(min_value=1, max_value=10_000_00).map(lambda c: Decimal(c).scaleb(-2))
COURTESY = st.sampled_from(credits.COURTESY_KINDS)
STATES = st.sampled_from([c for c in PACK.codes() if c != "WV"])


@settings(max_examples=200, deadline=None)
@given(amount=CENTS, kind=COURTESY, state=STATES)
def test_first_courtesy_allowed_iff_at_most_35_C1(amount: Decimal, kind: str, state: str) -> None:
    """SOP C1: up to $35.00 the agent allows; a cent more escalates, and never anything else."""
    decision = decide_credit(CreditRequest(state, kind, amount), prior_courtesy_credits=0, pack=PACK)
    expected = "allow" if amount <= Decimal("35.00") else "escalate"
    assert decision.outcome == expected
    assert decision.max_amount == Decimal("35.00")


@pytest.mark.parametrize(("amount", "outcome"), [("35.00", "allow"), ("35.01", "escalate"), ("0.01", "allow")])
def test_boundary_35_C1(amount: str, outcome: str) -> None:
    decision = decide_credit(CreditRequest("TX", "inconvenience", Decimal(amount)), prior_courtesy_credits=0,
                             pack=PACK)
    assert decision.outcome == outcome


@settings(max_examples=100, deadline=None)
@given(amount=CENTS, kind=COURTESY, prior=st.integers(min_value=1, max_value=20))
def test_second_courtesy_never_allowed_C1(amount: Decimal, kind: str, prior: int) -> None:
    decision = decide_credit(CreditRequest("TX", kind, amount), prior_courtesy_credits=prior, pack=PACK)
    assert decision.outcome == "escalate" and decision.max_amount == 0


@settings(max_examples=100, deadline=None)
@given(amount=CENTS, kind=st.sampled_from(credits.KINDS), prior=st.integers(min_value=0, max_value=5))
def test_wv_never_allows_a_credit_C2(amount: Decimal, kind: str, prior: int) -> None:
    decision = decide_credit(CreditRequest("wv", kind, amount), prior_courtesy_credits=prior, pack=PACK)
    assert decision.outcome != "allow"
    assert decision.reasons  # never empty


@settings(max_examples=150, deadline=None)
@given(
    amount=st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=Decimal("0.001"),
                       max_value=Decimal("1000")),
    kind=st.sampled_from(credits.KINDS),
)
def test_more_than_two_decimals_is_value_error_C13(amount: Decimal, kind: str) -> None:
    """SOP C13 enters amounts as xx.xx: a third significant decimal is rejected, never rounded."""
    request = CreditRequest("TX", kind, amount)
    if amount == amount.quantize(Decimal("0.01")):
        assert decide_credit(request, prior_courtesy_credits=0, pack=PACK).reasons
    else:
        with pytest.raises(ValueError):
            decide_credit(request, prior_courtesy_credits=0, pack=PACK)


@settings(max_examples=100, deadline=None)
@given(value=st.floats(allow_nan=True, allow_infinity=True), kind=st.sampled_from(credits.KINDS))
def test_floats_are_never_accepted_C1(value: float, kind: str) -> None:
    request = CreditRequest("TX", kind, value)  # type: ignore[arg-type]
    with pytest.raises((TypeError, ValueError)):
        decide_credit(request, prior_courtesy_credits=0, pack=PACK)


@settings(max_examples=100, deadline=None)
@given(amount=CENTS)
def test_paste_amount_round_trips_C13(amount: Decimal) -> None:
    text = paste_amount(amount)
    assert Decimal(text) == amount
    assert text.count(".") == 1 and len(text.split(".")[1]) == 2 and "," not in text


@settings(max_examples=100, deadline=None)
@given(amount=CENTS, language=st.sampled_from(["en", "es"]))
def test_typed_amounts_parse_in_both_languages_C4(amount: Decimal, language: str) -> None:
    """What the agent types in their locale is the Decimal the rules see (`35,00` in Spanish)."""
    plain = f"{amount:.2f}"
    assert parse_money(plain, language) == amount
    if language == "es" and amount < 1000:
        assert parse_money(plain.replace(".", ","), "es") == amount


@settings(max_examples=100, deadline=None)
@given(
    amount=CENTS,
    kind=st.sampled_from(credits.KINDS),
    state=st.sampled_from(PACK.codes()),
    prior=st.integers(min_value=0, max_value=3),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
)
def test_decisions_are_always_well_formed_C1_C14(
    amount: Decimal, kind: str, state: str, prior: int, flags: tuple[bool, bool, bool, bool]
) -> None:
    assessed, paid, device, violation = flags
    request = CreditRequest(state, kind, amount, assessed, paid, device, violation)
    decision = decide_credit(request, prior_courtesy_credits=prior, pack=PACK)
    assert decision.outcome in credits.OUTCOMES
    assert decision.reasons and set(decision.reasons) <= set(credits.REASON_CODES)
    assert (decision.route is not None) == (decision.outcome == "route")
    assert decision.max_amount in (Decimal("0.00"), Decimal("35.00"))
    if decision.outcome == "allow":
        assert kind in credits.COURTESY_KINDS and amount <= decision.max_amount  # SOP C1
