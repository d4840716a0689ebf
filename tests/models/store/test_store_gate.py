"""Every write to the store is redacted at one gate, whatever API made it (SOP N1, M7)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from desktop.models.notes import NoteDraft, load_draft, save_draft
from desktop.models.redaction import CALL_SECRETS, CODE_MASK
from desktop.models.store import history
from desktop.models.store.history import HistoryDraft
from desktop.models.store.schema import Client, Draft, HistoryEntry
from tests.conftest import make_client

CARD = "4111.1111.1111.1111"
MASKED = "****.****.****.1111"
CODE = "7Q4K9X2M"


@pytest.fixture(autouse=True)
def call_code() -> Iterator[None]:
    CALL_SECRETS.remember(CODE)
    yield
    CALL_SECRETS.forget_all()


def _raw(session: Session, sql: str) -> list[tuple[object, ...]]:
    """What is really in the table, read back without the ORM."""
    return [tuple(r) for r in session.execute(text(sql))]


def test_history_entries_are_redacted_in_every_text_N1(session: Session, now: datetime) -> None:
    client = make_client(session)
    item = history.append(
        session,
        HistoryDraft(
            client_id=client.id,
            kind="courtesy_credit",
            created_at=now,
            agent="Ana",
            summary=f"Credit; card {CARD}",
            note_text=f"Card {CARD}, code {CODE}",
            amount=Decimal("12.50"),
            utr=CARD,
            details={"reason": f"code {CODE.lower()}", "items": [CARD]},
        )
    )
    session.commit()
    assert item.note_text == f"Card {MASKED}, code {CODE_MASK}"  # what the screen shows next is what was kept
    row = _raw(session, "SELECT summary, note_text, utr, details, amount, created_at FROM history")[0]
    assert row[:3] == (f"Credit; card {MASKED}", f"Card {MASKED}, code {CODE_MASK}", MASKED)
    assert CODE not in str(row[3]) and "4111.1111" not in str(row[3])
    assert row[4] == 1250 and str(row[5]).startswith("2026-11-23")  # numbers and dates untouched


def test_drafts_are_redacted_even_half_typed_N1(session: Session, now: datetime) -> None:
    save_draft(session, "note:1", NoteDraft(reason="Card 4111 1111 1111 111", additional_info=CODE), now, {"x": CARD})
    session.commit()
    stored = load_draft(session, "note:1")
    assert stored is not None
    draft, extra = stored
    assert draft.reason == "Card **** **** ***1 111"
    assert draft.additional_info == CODE_MASK
    assert extra == {"x": MASKED}


def test_orm_updates_are_redacted(session: Session, now: datetime) -> None:
    client = make_client(session)
    row = session.get(Client, client.id)
    assert row is not None
    row.service_center_address = f"Paid {CARD}"
    session.commit()
    assert _raw(session, "SELECT service_center_address FROM clients") == [(f"Paid {MASKED}",)]


def test_core_statements_are_redacted_with_values_bound_or_passed(session: Session, now: datetime) -> None:
    client = make_client(session)
    session.execute(update(Client).where(Client.id == client.id).values(service_center_name=f"code {CODE}"))
    session.execute(update(Client), [{"id": client.id, "service_center_address": CARD}])  # bulk, by key
    session.execute(insert(Draft).values(key="chat", content={"m": CARD}, updated_at=now))
    session.execute(
        insert(Draft),
        [{"key": f"k{i}", "content": {"m": f"{CODE} {i}"}, "updated_at": now} for i in range(3)],
    )
    session.execute(text("INSERT INTO drafts (key, content, updated_at) VALUES (:k, :c, :u)"),
                    {"k": "raw", "c": f'"{CARD}"', "u": "2026-11-23 15:00:00"})
    session.execute(text("update clients set name = :n where id = :i"), {"n": f"Rosa {CODE}", "i": client.id})
    session.commit()
    assert _raw(session, "SELECT name, service_center_name, service_center_address FROM clients") == [
        (f"Rosa {CODE_MASK}", f"code {CODE_MASK}", MASKED)
    ]
    contents = {k: json.loads(str(v)) for k, v in _raw(session, "SELECT key, content FROM drafts")}
    assert contents == {
        "chat": {"m": MASKED},
        "k0": {"m": f"{CODE_MASK} 0"},
        "k1": {"m": f"{CODE_MASK} 1"},
        "k2": {"m": f"{CODE_MASK} 2"},
        "raw": MASKED,
    }


def test_searches_are_not_rewritten(session: Session, now: datetime) -> None:
    """Only writes pass the gate: looking a number up must still send that number."""
    make_client(session, cid="4111111111111111", name="Odd Import")  # stored masked
    found = session.scalar(select(func.count()).select_from(Client).where(Client.cid == "************1111"))
    assert found == 1
    assert session.scalar(select(func.count()).select_from(Client).where(Client.cid == "4111111111111111")) == 0
    statement = str(select(HistoryEntry).where(HistoryEntry.note_text.like(f"%{CODE}%")).compile())
    assert "note_text LIKE" in statement


def test_nothing_else_changes_without_secrets(session: Session, now: datetime) -> None:
    CALL_SECRETS.forget_all()
    client = make_client(session, name="José Núñez", service_center_address="1 Main St, Suite 4111")
    history.append(session, HistoryDraft(client_id=client.id, kind="note", created_at=now, note_text=f"Code {CODE}; CID 1234567; $49.98"))
    session.commit()
    assert _raw(session, "SELECT name, service_center_address FROM clients") == [
        ("José Núñez", "1 Main St, Suite 4111")
    ]
    assert _raw(session, "SELECT note_text FROM history") == [(f"Code {CODE}; CID 1234567; $49.98",)]
