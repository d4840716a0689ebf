"""Writes made on a desk: the grant an entry claims, and a lossless outbox payload."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from desktop.models.team.writes import HistoryDraft, from_payload, to_payload, write_for


def test_a_courtesy_credit_claims_the_c1_grant_and_a_waived_override_the_m9_one(now: datetime) -> None:
    credit = HistoryDraft(client_id=1, kind="courtesy_credit", created_at=now, agent="ana", amount=Decimal("25.00"))
    decision = HistoryDraft(client_id=1, kind="credit_decision", created_at=now, agent="ana")
    write = write_for((decision, credit), "desk-1")
    assert write.grant is not None
    assert (write.grant.kind, write.grant.amount, write.grant.history_uuid) == (
        "courtesy_credit", Decimal("25.00"), credit.uuid)
    waived = HistoryDraft(client_id=1, kind="override_given", created_at=now, waived=True, amount=Decimal("0.00"))
    assert write_for((waived,), "desk-1").grant.kind == "m9_waiver"  # type: ignore[union-attr]
    paid = HistoryDraft(client_id=1, kind="override_given", created_at=now, waived=False)
    assert write_for((paid,), "desk-1").grant is None
    with pytest.raises(ValueError, match="at most one"):
        write_for((credit, waived), "desk-1")


def test_outbox_payload_round_trips_and_card_numbers_never_leave_the_desk(now: datetime) -> None:
    note = HistoryDraft(client_id=1, kind="note", created_at=now, note_text="paid with 4111 1111 1111 1111",
                        amount=Decimal("12.34"), details={"k": "v"})
    credit = HistoryDraft(client_id=1, kind="courtesy_credit", created_at=now, amount=Decimal("25.00"))
    write = write_for((note, credit), "desk-1")
    assert "4111 1111 1111 1111" not in str(to_payload(write))
    assert from_payload(to_payload(write)) == write


def test_bad_values_are_refused(now: datetime) -> None:
    with pytest.raises(ValueError):
        HistoryDraft(client_id=1, kind="gossip", created_at=now)
    with pytest.raises(ValueError):
        HistoryDraft(client_id=1, kind="note", created_at=now.replace(tzinfo=None))


def test_flags_and_links_round_trip_and_only_a_critical_note_records_a_flag(now: datetime) -> None:
    from dataclasses import replace

    from desktop.models.team.writes import flag_for

    critical = HistoryDraft(client_id=1, kind="note", created_at=now, note_text="x",
                            details={"critical": True, "client_flag": "  Spanish   only, card 4111 1111 1111 1111 "})
    flag = flag_for(critical)
    assert flag is not None and flag.history_uuid == critical.uuid
    assert flag.text.startswith("Spanish only, card") and "4111 1111 1111 1111" not in flag.text
    assert flag_for(replace(critical, details={"client_flag": "Spanish only"})) is None
    assert flag_for(replace(critical, details={"critical": True, "client_flag": "   "})) is None
    write = replace(write_for((critical,), "desk-1"), flags=(flag,), corrects=((critical.uuid, "other-uuid"),))
    assert from_payload(to_payload(write)) == write
    old = to_payload(write_for((critical,), "desk-1"))
    del old["flags"], old["corrects"]  # a payload queued before flags went through the outbox
    assert from_payload(old).flags == () and from_payload(old).corrects == ()
