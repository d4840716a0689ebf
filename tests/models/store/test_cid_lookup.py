"""The typed-CID fast path answers exactly what the ORM phases answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from desktop.models.store import cid_lookup, client_search
from desktop.models.store.clients import ClientInfo, info
from desktop.models.store.schema import Client
from tests.conftest import make_client


@pytest.fixture
def many(session: Session) -> list[ClientInfo]:
    made = [
        make_client(session, cid="100200", name="Maria Lopez", balance=Decimal("12.34"),
                    critical_flags=["Permanent lockout"]),
        make_client(session, cid="1002001", name="Jose Garcia", balance=Decimal("-5.00")),
        make_client(session, cid="1002002", name="Ana Ruiz", device_model="L250"),
        make_client(session, cid="100300", name="Luis Perez"),
        make_client(session, cid="AB-77", name="Rosa Diaz"),
    ]
    session.commit()
    return made


def slow(session: Session, text: str, limit: int) -> list[ClientInfo]:
    """The ORM phases alone, as the lookup answered before the fast path."""
    ids = client_search.search_ids(session, text, limit)
    rows: dict[int, Any] = {r.id: r for r in session.query(Client).filter(Client.id.in_(ids))}
    return [info(rows[i]) for i in ids if i in rows]


@pytest.mark.parametrize("text", ["100200", " 100200 ", "100200\t", "10020", "1002002", "ab-77", "999", "1003"])
@pytest.mark.parametrize("limit", [1, 2, 8])
def test_fast_path_returns_what_the_slow_path_returns(
    session: Session, many: list[ClientInfo], text: str, limit: int
) -> None:
    fast = cid_lookup.by_cid(session, text, limit)
    assert fast is not None
    assert fast == slow(session, text, limit)
    assert client_search.search(session, text, limit) == fast


def test_money_and_flags_come_back_as_the_orm_gives_them(session: Session, many: list[ClientInfo]) -> None:
    found = cid_lookup.by_cid(session, "100200", 1)
    assert found == [many[0]]
    assert found[0].balance == Decimal("12.34") and found[0].critical_flags == ("Permanent lockout",)


@pytest.mark.parametrize("text", ["maria", "maria lopez", "100 200", "", "   "])
def test_names_and_spaced_text_take_the_orm_phases(session: Session, many: list[ClientInfo], text: str) -> None:
    assert cid_lookup.by_cid(session, text, 8) is None


def test_unsaved_clients_are_left_to_the_orm(session: Session, many: list[ClientInfo]) -> None:
    session.add(Client(cid="555000", name="New Person", name_key="new person", brand="plus", state="TX",
                       time_zone="America/Chicago", balance=Decimal("0.00"), preferred_language="en",
                       critical_flags=[]))
    assert cid_lookup.by_cid(session, "555000", 8) is None
    assert [c.cid for c in client_search.search(session, "555000", 8)] == ["555000"]


def test_warming_leaves_later_lookups_unchanged(session: Session, many: list[ClientInfo]) -> None:
    before = [c.cid for c in client_search.search(session, "mraia lopez", 8)]
    client_search.warm(session)
    assert [c.cid for c in client_search.search(session, "mraia lopez", 8)] == before
    assert before and before[0] == "100200"
