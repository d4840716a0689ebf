"""Client flags (SOP N2): recorded once, redacted, kept apart from the roster's flags."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from desktop.models.store import client_flags, clients
from tests.conftest import make_client


def test_flag_is_kept_once_in_one_line(session: Session, now: datetime) -> None:
    client = make_client(session)
    assert client_flags.add_flag(session, client.id, "  Client only\nspeaks Spanish ", at=now) == (
        "Client only speaks Spanish"
    )
    assert client_flags.add_flag(session, client.id, "client only speaks spanish", at=now) is None
    assert client_flags.add_flag(session, client.id, "   ", at=now) is None
    assert client_flags.flags_for(session, client.id) == ["Client only speaks Spanish"]


def test_a_card_number_never_reaches_a_flag(session: Session, now: datetime) -> None:
    client = make_client(session)
    stored = client_flags.add_flag(session, client.id, "Pays with 4111 1111 1111 1111", at=now)
    assert stored is not None and "4111 1111 1111 1111" not in stored


def test_flags_stay_apart_from_the_roster_flags(session: Session, now: datetime) -> None:
    client = make_client(session, critical_flags=["CRM: hard of hearing"])
    client_flags.add_flag(session, client.id, "Client only speaks Spanish", at=now)
    fresh = clients.get(session, client.id)
    assert fresh is not None and fresh.critical_flags == ("CRM: hard of hearing",)
    assert client_flags.flags_for(session, client.id) == ["Client only speaks Spanish"]


def test_naive_time_is_refused(session: Session) -> None:
    client = make_client(session)
    with pytest.raises(ValueError, match="naive"):
        client_flags.add_flag(session, client.id, "x", at=datetime(2026, 11, 23))
