"""One-time grants (SOP C1, M9) hold when two windows or two threads save at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from desktop.models.credits import grants
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store, open_store
from desktop.models.store.history import HistoryDraft
from desktop.models.store.store_errors import StoreBusyError


@pytest.fixture
def second_store(store: Store) -> Iterator[Store]:
    """Another engine on the same file: what a second window or process has."""
    other = open_store(store.url, migrate=False)
    yield other
    other.engine.dispose()


def _decision(client_id: int, now: datetime, agent: str) -> HistoryDraft:
    return HistoryDraft(client_id=client_id, kind="credit_decision", created_at=now, agent=agent, summary="Credit: allow")


def _courtesy(client_id: int, now: datetime, agent: str, amount: str = "25.00") -> HistoryDraft:
    return HistoryDraft(client_id=client_id, kind="courtesy_credit", created_at=now, agent=agent, amount=Decimal(amount))


def _waiver(client_id: int, now: datetime, agent: str) -> HistoryDraft:
    return HistoryDraft(client_id=client_id, kind="override_given", created_at=now, agent=agent, summary="waived", waived=True)


def _credit(store: Store, client_id: int, now: datetime, agent: str) -> grants.GrantResult:
    """One save, pressed again while the other window holds the write lock (the store waits
    only briefly so the window never freezes: a busy store is reported, and the agent retries)."""
    for _attempt in range(200):
        try:
            with store.sessions() as s, s.begin():
                return grants.record_credit_decision(
                    s, decision=_decision(client_id, now, agent), courtesy=_courtesy(client_id, now, agent)
                )
        except StoreBusyError:
            threading.Event().wait(0.05)
    raise AssertionError("the store stayed busy for 10 s")


def _count(store: Store, client_id: int, kind: str) -> int:
    with store.sessions() as s:
        return len(history.timeline(s, client_id, (kind,)))


def test_first_courtesy_credit_is_recorded_with_its_decision(
    store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    result = _credit(store, client.id, now, "Ana")
    assert result.recorded and result.reason == grants.RECORDED
    assert [e.kind for e in result.entries] == ["credit_decision", "courtesy_credit"]
    assert result.granted is not None and result.granted.amount == Decimal("25.00")
    assert result.entries[1].details["decision_id"] == result.entries[0].id  # the ledger names its decision


def test_second_window_with_stale_history_sees_the_first_grant_and_saves_nothing(
    store: Store, second_store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    # Both windows opened the client before either saved: both read no credit (SOP C1).
    for s in (store, second_store):
        with s.sessions() as session:
            assert history.courtesy_credits(session, client.id) == []
    first = _credit(store, client.id, now, "Ana")
    second = _credit(second_store, client.id, now + timedelta(minutes=1), "Ben")
    assert first.recorded
    assert second.reason == grants.ALREADY_GRANTED and second.entries == ()
    assert second.existing is not None
    assert (second.existing.agent, second.existing.at, second.existing.amount) == ("Ana", now, Decimal("25.00"))
    assert _count(store, client.id, "courtesy_credit") == 1
    assert _count(store, client.id, "credit_decision") == 1  # the stale decision is taken again


def test_a_decision_without_courtesy_is_saved_even_after_a_grant(
    store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client()
    _credit(store, client.id, now, "Ana")
    with store.sessions() as s, s.begin():
        result = grants.record_credit_decision(s, decision=_decision(client.id, now, "Ben"))
    assert result.recorded and result.granted is None
    assert _count(store, client.id, "credit_decision") == 2


def test_waived_override_is_one_time_but_a_paid_one_is_always_saved(
    store: Store, second_store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    client = add_client(brand="m9")
    with store.sessions() as s, s.begin():
        first = grants.record_override_given(s, entry=_waiver(client.id, now, "Ana"))
    with second_store.sessions() as s, s.begin():
        second = grants.record_override_given(s, entry=_waiver(client.id, now, "Ben"))
    with second_store.sessions() as s, s.begin():
        paid = HistoryDraft(client_id=client.id, kind="override_given", created_at=now, agent="Ben",
                            amount=Decimal("75.00"), waived=False)
        third = grants.record_override_given(s, entry=paid)
    assert first.recorded and first.granted is not None and first.granted.rule == grants.WAIVED_OVERRIDE
    assert second.reason == grants.ALREADY_GRANTED
    assert second.existing is not None and second.existing.agent == "Ana"
    assert third.recorded and third.granted is None
    with store.sessions() as s:
        assert len(history.waivers(s, client.id)) == 1  # SOP M9


def test_a_used_session_is_refused(store: Store, add_client: Callable[..., ClientInfo], now: datetime) -> None:
    client = add_client()
    with store.sessions() as s, s.begin():
        history.courtesy_credits(s, client.id)  # the read happened outside the write lock
        with pytest.warns(match="execution_options ignored"), pytest.raises(grants.GrantSessionError):
            grants.record_credit_decision(
                s, decision=_decision(client.id, now, "Ana"), courtesy=_courtesy(client.id, now, "Ana")
            )


def test_the_second_writer_waits_for_the_first_and_then_sees_its_grant(
    store: Store, second_store: Store, add_client: Callable[..., ClientInfo], now: datetime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Thread A is held between its check and its write while thread B tries to grant."""
    client = add_client()
    a_checked, b_started = threading.Event(), threading.Event()
    real = history.courtesy_credits

    def held_check(session: Session, client_id: int) -> list[history.HistoryItem]:
        found = real(session, client_id)
        if threading.current_thread().name == "window-a":
            a_checked.set()
            b_started.wait(10)
            # Give B every chance to read the ledger now, as it could without the lock.
            threading.Event().wait(0.3)
        return found

    monkeypatch.setattr(grants.history, "courtesy_credits", held_check)
    results: dict[str, grants.GrantResult] = {}
    errors: list[BaseException] = []

    def run(name: str, s: Store, agent: str) -> None:
        try:
            if name == "window-b":
                a_checked.wait(10)
                b_started.set()
            results[name] = _credit(s, client.id, now, agent)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=run, name="window-a", args=("window-a", store, "Ana")),
        threading.Thread(target=run, name="window-b", args=("window-b", second_store, "Ben")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert results["window-a"].recorded
    assert results["window-b"].reason == grants.ALREADY_GRANTED
    assert _count(store, client.id, "courtesy_credit") == 1


def test_many_threads_on_many_clients_grant_each_client_once(
    store: Store, second_store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    clients = [add_client(cid=f"7000{i:02d}", name=f"Client {i}") for i in range(12)]
    barrier = threading.Barrier(4)
    outcomes: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(s: Store, agent: str) -> None:
        try:
            for c in clients:
                barrier.wait(10)
                result = _credit(s, c.id, now, agent)
                with lock:
                    outcomes.append((c.id, result.reason))
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    stores = [store, second_store, store, second_store]
    threads = [threading.Thread(target=run, args=(s, f"agent{i}")) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    for c in clients:
        reasons = sorted(r for cid, r in outcomes if cid == c.id)
        assert reasons == [grants.ALREADY_GRANTED] * 3 + [grants.RECORDED]
        assert _count(store, c.id, "courtesy_credit") == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_agent_reads_who_gave_the_grant_when_and_how_much(language: str, now: datetime) -> None:
    grant = grants.Grant(
        rule=grants.COURTESY_CREDIT, entry_id=1, client_id=1, agent="Ana Ruiz", at=now, amount=Decimal("25.00")
    )
    text = grants.already_granted_text(grant, language)
    assert "Ana Ruiz" in text and "25" in text and "2026" in text and "C1" in text
    anonymous = grants.already_granted_text(
        grants.Grant(rule=grants.WAIVED_OVERRIDE, entry_id=1, client_id=1, agent="", at=now, amount=None), language
    )
    assert "M9" in anonymous and "2026" in anonymous
    if language == "es":
        assert text.startswith("No se guardó") and anonymous.startswith("No se guardó")


