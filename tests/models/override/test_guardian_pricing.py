"""Payment and pricing notices for Guardian M9 clients (SOP M10, M12, C7)."""

from __future__ import annotations

import pytest

from desktop.models.override.guardian_pricing import (
    LDW_ONLY_IF_SHOWN,
    NO_DIRECT_PAY,
    PAID_AT_SERVICE,
    PRICE_FROM_PRE_PAY,
    PRICE_FROM_SOP,
    payment_notices,
    pricing_notices,
)


def test_guardian_clients_are_told_no_direct_pay_or_portal_M10_C7() -> None:
    assert [n.code for n in payment_notices("m9")] == [NO_DIRECT_PAY, PAID_AT_SERVICE]
    assert [n.code for n in payment_notices("plus")] == [PAID_AT_SERVICE]
    assert "portal" in payment_notices("m9")[0].text("en")
    assert payment_notices("m9")[0].text("es") != payment_notices("m9")[0].text("en")


@pytest.mark.parametrize("service", ["final_download", "reset", "missed_appointment_fee"])
def test_sop_priced_services_M12(service: str) -> None:
    assert [n.code for n in pricing_notices("m9", service)] == [PRICE_FROM_SOP]


def test_other_services_come_from_pre_pay_and_ldw_only_if_shown_M12() -> None:
    assert [n.code for n in pricing_notices("m9", "calibration")] == [PRICE_FROM_PRE_PAY, LDW_ONLY_IF_SHOWN]
    assert pricing_notices("monitech", "calibration") == ()
