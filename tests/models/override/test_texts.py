"""Override texts per brand and per language (SOP P9, P10, M1, M7, M8)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop.models import override as rules
from desktop.models.override import texts
from desktop.models.override.flow import ROUTE_P9, OverrideFlow

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
M9_WORDED = (rules.PRICE_MISSING, rules.PRICE_NOT_POSITIVE, rules.WAIVER_ALREADY_GIVEN, rules.CODE_MISSING,
             rules.CODE_INVALID, rules.AMOUNT_NOT_BILLED)  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("code", M9_WORDED)
def test_other_brands_reasons_do_not_name_m9_P10_M1(language: str, code: str) -> None:
    assert "M9" in texts.blocker_text(code, "m9", "Guardian M9", language) or code == rules.CODE_INVALID
    worded = texts.blocker_title(code, "monitech", language) + texts.blocker_text(code, "monitech", "Monitech", language)
    assert "M9" not in worded


@pytest.mark.parametrize("language", ["en", "es"])
def test_payment_words_name_the_brands_own_account_M8(language: str) -> None:
    for profile in rules.PROFILES:
        rule = rules.payment_rule(profile, Decimal("50.00"))
        for text in (texts.payment_text(rule, "monitech", "Monitech", language),
                     texts.payment_confirmation(rule, "monitech", "Monitech", language)):  # fmt: skip
            assert "M9" not in text and "$50.00" in text
        no_amount = rules.payment_rule(profile)
        assert "M9" not in texts.payment_text(no_amount, "monitech", "Monitech", language)
    assert "M9" in texts.payment_text(rules.payment_rule("check_change", Decimal("50.00")), "m9", "Guardian M9")


def test_client_line_is_the_quoted_sentence_in_the_clients_language() -> None:
    assert texts.client_line(rules.NOT_WITH_VEHICLE, "en").startswith("Please call us back when you are at your vehicle")
    spanish = texts.client_line(rules.NOT_WITH_VEHICLE, "es")
    assert "vehículo" in spanish and not spanish.startswith("Dígale")
    assert texts.client_line(rules.PRICE_MISSING, "es") == ""  # nothing to say to the client
    assert texts.client_line("no_such_code", "en") == ""


def test_a_code_longer_than_sixteen_characters_is_refused_M7() -> None:
    flow = OverrideFlow(brand="plus", profile="full_service", clock=lambda: NOW, route=ROUTE_P9)
    flow.client_confirmed = flow.perm_lockout = flow.inbound_call = flow.with_vehicle = flow.ready_to_drive = True
    flow.lockout_code = "4821"
    from desktop.models.override.flow import Appointment

    flow.appointment = Appointment(at=datetime(2026, 11, 23, 15, 0, tzinfo=NOW.tzinfo))
    flow.price = Decimal("50.00")
    assert flow.set_code("A" * 16 + "-") != (texts.CODE_TOO_LONG,)
    assert flow.set_code("A" * 17) == (texts.CODE_TOO_LONG,) and flow.cursor is None
    assert "16" in texts.blocker_text(texts.CODE_TOO_LONG, "plus", "PLUS", "es")
    assert "A" * 17 not in repr(flow)


def test_a_refused_monitech_code_note_does_not_name_m9_N1_P10() -> None:
    flow = OverrideFlow(brand="monitech", profile="full_service", clock=lambda: NOW)
    flow.client_confirmed = flow.perm_lockout = flow.inbound_call = flow.with_vehicle = flow.ready_to_drive = True
    flow.lockout_code = "4821"
    from desktop.models.override.flow import Appointment

    flow.appointment = Appointment(at=datetime(2026, 11, 23, 15, 0, tzinfo=NOW.tzinfo))
    note = flow.refusal_note_fields("en")  # only the price is missing
    assert "price" in note["resolution"][0] and "M9" not in note["resolution"][0]
