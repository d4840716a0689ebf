"""Account history is append-only (ORM and raw SQL), corrections supersede, notes are searchable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.history import AppendOnlyError, HistoryDraft
from desktop.models.store.note_search import query_words, search_notes, snippet
from desktop.models.store.schema import HistoryEntry
from tests.conftest import make_client


@pytest.fixture
def client(add_client: Callable[..., ClientInfo]) -> ClientInfo:
    return add_client()


def add(store: Store, client: ClientInfo, at: datetime, **kw: object) -> history.HistoryItem:
    with store.sessions() as s, s.begin():
        kind = str(kw.pop("kind", "note"))
        return history.append(s, HistoryDraft(client_id=client.id, kind=kind, created_at=at, **kw))  # type: ignore[arg-type]


def test_timeline_is_newest_first_and_filters_by_kind(store: Store, client: ClientInfo, now: datetime) -> None:
    a = add(store, client, now - timedelta(days=2), summary="old note")
    b = add(store, client, now - timedelta(days=1), kind="courtesy_credit", amount=Decimal("10.00"))
    c = add(store, client, now, summary="new note")
    with store.sessions() as s:
        assert [i.id for i in history.timeline(s, client.id)] == [c.id, b.id, a.id]
        assert [i.id for i in history.timeline(s, client.id, ("note",))] == [c.id, a.id]


def test_orm_update_is_refused(store: Store, client: ClientInfo, now: datetime) -> None:
    item = add(store, client, now, summary="original")
    with store.sessions() as s:
        row = s.get(HistoryEntry, item.id)
        assert row is not None
        row.summary = "edited"
        with pytest.raises(AppendOnlyError):
            s.flush()
        s.rollback()
    with store.sessions() as s:
        assert history.get(s, item.id).summary == "original"


def test_orm_delete_is_refused(store: Store, client: ClientInfo, now: datetime) -> None:
    item = add(store, client, now)
    with store.sessions() as s:
        row = s.get(HistoryEntry, item.id)
        s.delete(row)
        with pytest.raises(AppendOnlyError):
            s.flush()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE history SET summary = 'edited'",
        "UPDATE history SET waived = 0",
        "DELETE FROM history",
    ],
)
def test_raw_sql_update_and_delete_are_refused_by_triggers(
    store: Store, client: ClientInfo, now: datetime, sql: str
) -> None:
    """Even a tool that bypasses the ORM cannot rewrite what the one-time rules read (SOP C1, M9)."""
    item = add(store, client, now, kind="override_given", waived=True, summary="waived")
    with store.engine.connect() as conn:
        with pytest.raises(DatabaseError, match="append-only"):
            conn.execute(text(sql))
        conn.rollback()
    with store.sessions() as s:
        again = history.get(s, item.id)
    assert again.summary == "waived" and again.waived is True


def test_core_bulk_update_and_delete_are_refused(store: Store, client: ClientInfo, now: datetime) -> None:
    add(store, client, now)
    with store.sessions() as s:
        for stmt in (update(HistoryEntry).values(summary="x"), delete(HistoryEntry)):
            with pytest.raises(DatabaseError):
                s.execute(stmt)
            s.rollback()


def test_correction_supersedes_a_courtesy_credit_C1(store: Store, client: ClientInfo, now: datetime) -> None:
    """SOP C1: a credit entered by mistake and corrected no longer counts as the one-time credit."""
    credit = add(store, client, now - timedelta(days=3), kind="courtesy_credit", amount=Decimal("20.00"))
    with store.sessions() as s:
        assert [c.id for c in history.courtesy_credits(s, client.id)] == [credit.id]
    fix = add(store, client, now, kind="correction", corrects_id=credit.id, summary="wrong account")
    with store.sessions() as s:
        assert history.courtesy_credits(s, client.id) == []
        timeline = history.timeline(s, client.id)
    # Both entries stay visible: nothing was edited or deleted.
    assert [i.id for i in timeline] == [fix.id, credit.id]
    assert timeline[0].corrects_id == credit.id


def test_waivers_only_count_waived_override_codes_M9(store: Store, client: ClientInfo, now: datetime) -> None:
    """SOP M9: the waiver is one-time; a paid override code does not use it up."""
    add(store, client, now - timedelta(days=9), kind="override_given", waived=False, amount=Decimal("45.00"))
    with store.sessions() as s:
        assert history.waivers(s, client.id) == []
    waived = add(store, client, now, kind="override_given", waived=True)
    with store.sessions() as s:
        assert [w.id for w in history.waivers(s, client.id)] == [waived.id]


def test_poc_request_status_chain_P8(store: Store, client: ClientInfo, now: datetime) -> None:
    """SOP P8: a change or cancellation is a new entry pointing at the request it replaces."""
    at = now + timedelta(days=1)
    first = add(store, client, now - timedelta(hours=3), kind="poc_request", utr="UTR-1", status="submitted",
                appointment_at=at)
    changed = add(store, client, now - timedelta(hours=2), kind="poc_request", utr="UTR-1", status="changed",
                  appointment_at=at + timedelta(hours=2), corrects_id=first.id)
    with store.sessions() as s:
        assert [r.id for r in history.open_poc_requests(s, client.id)] == [changed.id]
    add(store, client, now, kind="poc_request", utr="UTR-1", status="cancelled", corrects_id=changed.id)
    with store.sessions() as s:
        assert history.open_poc_requests(s, client.id) == []


def test_note_text_is_redacted_before_storage_N1(store: Store, client: ClientInfo, now: datetime) -> None:
    item = add(store, client, now, note_text="Paid with card 4111 1111 1111 1111 today.")
    assert "4111 1111 1111 1111" not in (item.note_text or "")
    with store.sessions() as s:
        assert "4111 1111 1111 1111" not in (history.get(s, item.id).note_text or "")


def test_bad_input_is_refused(session: Session, client: ClientInfo, now: datetime) -> None:
    with pytest.raises(ValueError):
        history.append(session, HistoryDraft(client_id=client.id, kind="gossip", created_at=now))
    with pytest.raises(ValueError):
        history.append(session, HistoryDraft(client_id=client.id, kind="note", created_at=datetime(2026, 1, 1)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=6))
def test_credits_that_stand_are_exactly_the_uncorrected_ones(
    store: Store, now: datetime, plan: list[tuple[bool, bool]]
) -> None:
    """Any mix of credits, some corrected: readers see exactly the uncorrected ones (SOP C1)."""
    with store.sessions() as s, s.begin():
        c = make_client(s, cid=f"P{len(plan)}{abs(hash(tuple(plan))) % 10**8}")
        expected = set()
        for i, (is_credit, corrected) in enumerate(plan):
            kind = "courtesy_credit" if is_credit else "note"
            item = history.append(s, HistoryDraft(client_id=c.id, kind=kind, created_at=now + timedelta(minutes=i),
                                  amount=Decimal("10.00") if is_credit else None))
            if corrected:
                history.append(s, HistoryDraft(client_id=c.id, kind="correction", created_at=now + timedelta(minutes=i, seconds=1),
                               corrects_id=item.id))
            elif is_credit:
                expected.add(item.id)
        assert {x.id for x in history.courtesy_credits(s, c.id)} == expected


# ---------------------------------------------------------------------------
# Note search (FTS5 on SQLite)


def test_search_notes_finds_words_in_any_case_and_accent(store: Store, client: ClientInfo, now: datetime) -> None:
    a = add(store, client, now - timedelta(days=1), note_text="Client asked about the reset fee. Educated.")
    b = add(store, client, now, summary="Cita reprogramada", note_text="Llamó por la cita; habló español.")
    with store.sessions() as s:
        assert [h.history_id for h in search_notes(s, "RESET fee")] == [a.id]
        assert [h.history_id for h in search_notes(s, "espanol")] == [b.id]
        assert [h.history_id for h in search_notes(s, "reprogramada")] == [b.id]  # summary is indexed
        hit = search_notes(s, "reset")[0]
    assert hit.cid == client.cid and hit.client_name == client.name
    assert "reset fee" in hit.snippet


def test_search_notes_prefix_while_typing_and_newest_first(store: Store, client: ClientInfo, now: datetime) -> None:
    old = add(store, client, now - timedelta(days=5), note_text="Calibration scheduled for Friday.")
    new = add(store, client, now, note_text="Calibration moved to Monday.")
    with store.sessions() as s:
        assert [h.history_id for h in search_notes(s, "calib")] == [new.id, old.id]
        assert search_notes(s, "calib ") == []  # a finished word is matched whole
        assert [h.history_id for h in search_notes(s, "calibration mon")] == [new.id]
        assert [h.history_id for h in search_notes(s, "calib", limit=1)] == [new.id]


def test_search_notes_by_client(store: Store, add_client: Callable[..., ClientInfo], now: datetime) -> None:
    one = add_client(cid="1", name="One Person")
    two = add_client(cid="2", name="Two Person")
    add(store, one, now, note_text="tow receipt sent")
    mine = add(store, two, now, note_text="tow receipt missing")
    with store.sessions() as s:
        assert len(search_notes(s, "tow receipt")) == 2
        assert [h.history_id for h in search_notes(s, "tow receipt", client_id=two.id)] == [mine.id]


@pytest.mark.parametrize("text_", ['"', "a*", "NEAR(", "x OR", "-", "", "   ", "'"])
def test_search_notes_query_syntax_is_harmless(store: Store, client: ClientInfo, now: datetime, text_: str) -> None:
    add(store, client, now, note_text="plain note")
    with store.sessions() as s:
        assert search_notes(s, text_) == [] or all(h.client_id == client.id for h in search_notes(s, text_))


def test_query_words_and_snippet() -> None:
    assert query_words("Réset  FEE") == (["reset", "fee"], True)
    assert query_words("fee ") == (["fee"], False)
    assert query_words("ab") == (["ab"], False)  # too short to be a prefix
    long = "x " * 100 + "the reset fee was explained " + "y " * 100
    piece = snippet(long, ["reset"])
    assert "reset fee" in piece and piece.startswith("…") and piece.endswith("…")


def test_search_notes_long_prefix_is_checked_in_full(store: Store, client: ClientInfo, now: datetime) -> None:
    """Prefixes longer than the index's prefix lengths are shortened for FTS5, then re-checked."""
    cal = add(store, client, now - timedelta(days=1), note_text="Calibration moved to Monday.")
    add(store, client, now, note_text="Calibrated the handset.")
    with store.sessions() as s:
        assert [h.history_id for h in search_notes(s, "calibratio")] == [cal.id]
        assert len(search_notes(s, "calibrat")) == 2
        assert [h.history_id for h in search_notes(s, "monday calibration")] == [cal.id]
