"""Who reaches override coaching, how each brand is worded, and the note when no code is given.

SOP P9 (urgent/after-hours CSG clients with a trained agent), P10/M1 (Monitech is not M9),
N1/N4 (a note and a disposition for every outcome).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop.models.override.flow import (
    DONE,
    ROUTE_P9,
    Appointment,
    OverrideFlow,
)

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 23, 21, 0, tzinfo=CHICAGO)


def _given(brand: str, route: str = "brand", profile: str = "check_change") -> OverrideFlow:
    flow = OverrideFlow(brand=brand, profile=profile, clock=lambda: NOW, route=route)
    flow.client_confirmed = flow.perm_lockout = flow.inbound_call = True
    flow.with_vehicle = flow.ready_to_drive = True
    flow.lockout_code = "4821"
    flow.appointment = Appointment(at=NOW + timedelta(hours=2), kind="calibration")
    assert flow.next()
    flow.price = Decimal("50.00")
    assert flow.next(), flow.blockers()
    flow.set_code("K7QX9B2M")
    assert flow.cursor is not None
    while flow.cursor.next():
        pass
    assert flow.next()
    flow.payment_confirmed = True
    assert flow.current == DONE
    return flow


def test_a_plus_client_reaches_coaching_only_under_p9_P9_P10() -> None:
    with pytest.raises(ValueError, match="plus"):
        OverrideFlow(brand="plus", profile="full_service", clock=lambda: NOW)
    flow = _given("plus", route=ROUTE_P9)
    note = flow.note("en")
    assert any("urgent/after-hours rule" in line for line in note["resolution"])
    assert note["disposition"] == "poc_after_hours"
    entry = flow.history_entry("en")
    assert (entry.route, entry.disposition) == (ROUTE_P9, "poc_after_hours")
    assert flow.entry_steps.steps == () and not flow.entry_steps.reviewed  # no M9 steps borrowed


@pytest.mark.parametrize("language", ["en", "es"])
def test_monitech_is_not_worded_as_m9_P10_M1(language: str) -> None:
    note = _given("monitech").note(language)
    text = " ".join(note["resolution"]) + note["additional_info"]
    assert "M9" not in text
    assert "Monitech" in text
    m9 = " ".join(_given("m9").note(language)["resolution"])
    assert "M9" in m9


def test_refused_code_has_its_own_note_N1_N4() -> None:
    flow = OverrideFlow(brand="m9", profile="full_service", clock=lambda: NOW)
    flow.client_confirmed = flow.perm_lockout = flow.inbound_call = True
    flow.lockout_code = "4821"
    note = flow.refusal_note_fields("en")
    assert note["disposition"] == "override_refused"
    assert note["resolution"][0].startswith("Override code not given:")
    assert len(note["resolution"][0]) > len("Override code not given: ")
