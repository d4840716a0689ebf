"""Team mode against a real PostgreSQL: one-time grants across desks, outbox, cache, leads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import text

from desktop.models.store import clients, db, history, sop_store
from desktop.models.team import cache, outbox, server
from desktop.models.team.status import status_text
from desktop.models.team.writes import GrantDraft, HistoryDraft, Write
from tests.models.store.test_sop_store import pack_text
from tests.team.conftest import Clock, Desk, ServerDb, add_server_client

pytestmark = pytest.mark.team


def courtesy_write(desk: Desk, client_id: int, amount: str = "25.00") -> Write:
    """What the credit screen saves for an allowed courtesy credit (SOP C1)."""
    ws = desk.ws
    at = ws.clock()
    entry = HistoryDraft(client_id=client_id, kind="courtesy_credit", created_at=at, agent=ws.agent,
                         summary="Courtesy credit", amount=Decimal(amount))
    grant = GrantDraft(client_id=client_id, kind="courtesy_credit", granted_at=at, amount=Decimal(amount),
                       agent=ws.agent, workstation=ws.workstation, history_uuid=entry.uuid)
    return Write(entries=(entry,), grant=grant)


def counts(server_db: ServerDb) -> dict[str, int]:
    engine = db.make_engine(server_db.admin_url)
    with engine.connect() as conn:
        found = {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
                 for t in ("one_time_grants", "rule_conflicts", "history")}
    engine.dispose()
    return found


def test_online_second_grant_is_refused_with_the_first_one(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client = add_server_client(server_db)
    one, two = desks("desk-1", "ia_agent1"), desks("desk-2", "ia_agent2")
    assert one.ws.save(courtesy_write(one, client, "25.00")).outcome == "saved"
    clock.advance(minutes=3)
    check = two.ws.check_one_time(client, "courtesy_credit")
    assert not check.provisional and check.grant is not None and check.grant.agent == "ia_agent1"
    refused = two.ws.save(courtesy_write(two, client, "30.00"))
    assert refused.outcome == "refused"
    assert refused.winner is not None
    assert (refused.winner.agent, refused.winner.amount) == ("ia_agent1", Decimal("25.00"))
    assert refused.winner.granted_at == clock.now.replace(minute=clock.now.minute - 3)
    assert counts(server_db) == {"one_time_grants": 1, "rule_conflicts": 0, "history": 1}
    with two.store.engine.connect() as conn:
        assert outbox.count_pending(conn) == 0


def test_two_offline_desks_both_grant_then_one_grant_and_one_conflict_for_a_lead(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client = add_server_client(server_db)
    one, two, boss = desks("desk-1", "ia_agent1"), desks("desk-2", "ia_agent2"), desks("lead", "ia_lead1")
    one.proxy.cut()
    two.proxy.cut()
    for desk in (one, two):
        assert desk.ws.tick().code == "offline"
        check = desk.ws.check_one_time(client, "courtesy_credit")
        assert check.provisional and not check.taken
        assert desk.ws.save(courtesy_write(desk, client)).outcome == "queued"
        clock.advance(minutes=1)
        with desk.ws.session() as s:  # the agent sees the provisional entry at once (SOP C1)
            assert len(history.courtesy_credits(s, client)) == 1
        assert desk.ws.check_one_time(client, "courtesy_credit").taken
    one.proxy.restore()
    two.proxy.restore()
    assert one.ws.tick().code == "online"
    status = two.ws.tick()
    assert status.code == "online" and status.my_open_conflicts == 1
    assert "a lead will review it" in status_text(status)
    assert counts(server_db) == {"one_time_grants": 1, "rule_conflicts": 1, "history": 2}

    conflicts = boss.ws.open_conflicts()
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.winner.agent, c.loser_agent, c.loser_workstation) == ("ia_agent1", "ia_agent2", "desk-2")
    assert c.loser_at > c.winner.granted_at and c.client_cid == "100200"

    # Replaying everything again (e.g. a lost "sent" mark on both desks) changes nothing.
    for desk in (one, two):
        with desk.store.engine.begin() as conn:
            conn.execute(text("UPDATE outbox SET sent_at = NULL"))
        assert desk.ws.replay().sent == 1
        assert desk.ws.replay().sent == 0
    assert counts(server_db) == {"one_time_grants": 1, "rule_conflicts": 1, "history": 2}

    # The agent cannot resolve it; the lead can, and the note becomes history.
    assert two.ws.resolve_conflict(c.id, "ok").code == "not_lead"
    assert boss.ws.resolve_conflict(c.id, "  ").code == "empty_note"
    assert boss.ws.resolve_conflict(c.id, "Second credit reversed in CRM").ok
    assert boss.ws.resolve_conflict(c.id, "again").code == "already_resolved"
    assert boss.ws.open_conflicts() == []
    assert two.ws.tick().my_open_conflicts == 0
    with two.ws.session() as s:
        notes = history.timeline(s, client, ("note",))
    assert [n.note_text for n in notes] == ["Second credit reversed in CRM"]


def test_kill_after_server_commit_before_outbox_mark_replays_harmlessly(
    server_db: ServerDb, desks: Callable[..., Desk], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = add_server_client(server_db)
    desk = desks("desk-1")

    def killed(*_args: object, **_kw: object) -> None:
        raise KeyboardInterrupt("process killed")

    monkeypatch.setattr(outbox, "mark_sent", killed)
    with pytest.raises(KeyboardInterrupt):
        desk.ws.save(courtesy_write(desk, client))
    monkeypatch.undo()
    assert counts(server_db) == {"one_time_grants": 1, "rule_conflicts": 0, "history": 1}

    restarted = desks("desk-1")  # same cache file: the app started again
    status = restarted.ws.tick()
    assert status.pending_writes == 0 and status.my_open_conflicts == 0
    assert counts(server_db) == {"one_time_grants": 1, "rule_conflicts": 0, "history": 1}
    with restarted.ws.session() as s:
        assert len(history.courtesy_credits(s, client)) == 1


def test_fifty_concurrent_online_grants_for_one_client_give_exactly_one(
    server_db: ServerDb, clock: Clock
) -> None:
    client = add_server_client(server_db)
    engine = server.make_engine(server_db.url("ia_agent1"), pool_size=50)
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    winners: set[int] = set()

    def agent(n: int) -> None:
        at = clock()
        entry = HistoryDraft(client_id=client, kind="courtesy_credit", created_at=at, agent=f"a{n}")
        write = Write((entry,), GrantDraft(client_id=client, kind="courtesy_credit", granted_at=at,
                                            amount=Decimal("20.00"), agent=f"a{n}", history_uuid=entry.uuid))
        with engine.connect() as conn:
            barrier.wait()
            with conn.begin():
                result = server.apply_write(conn, write, replay=False, detected_at=at)
        outcomes.append(result.outcome)
        winners.add(result.winner.id if result.winner else result.grant.id)  # type: ignore[union-attr]

    threads = [threading.Thread(target=agent, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    assert sorted(outcomes).count("saved") == 1
    assert outcomes.count("refused") == 49
    assert len(winners) == 1  # every refused agent is shown the same first grant
    assert counts(server_db) == {"one_time_grants": 1, "rule_conflicts": 0, "history": 1}


def test_stale_cache_banner_appears_and_clears(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    desk = desks("desk-1")
    assert desk.ws.status().code == "online"
    assert status_text(desk.ws.status()) == ""
    desk.proxy.cut()
    clock.advance(minutes=1)
    status = desk.ws.tick()
    assert status.code == "offline" and status.provisional
    assert status_text(status, "en").startswith("Offline since 3:01 PM — one-time checks are provisional")
    clock.advance(minutes=10)
    assert desk.ws.tick().offline_since == status.offline_since  # still the first moment it failed
    desk.proxy.restore()
    back = desk.ws.tick()
    assert back.code == "online" and status_text(back) == ""
    clock.advance(minutes=6)
    assert desk.ws.status().code == "stale"  # a desk that stops refreshing says so too
    assert desk.ws.tick().code == "online"


def test_lead_publishes_a_pack_and_every_desk_uses_it(
    server_db: ServerDb, desks: Callable[..., Desk]
) -> None:
    stations = [desks(f"desk-{n}", "ia_agent1") for n in range(3)]
    boss = desks("lead", "ia_lead1")
    result = boss.ws.publish_pack(pack_text("2026.12.5"))
    assert result.ok and result.pack is not None
    for desk in stations:
        status = desk.ws.tick()
        assert status.pack_ref == result.pack.ref
        with desk.ws.session() as s:
            pack = sop_store.active_pack(s)
        assert pack is not None and pack.version == "2026.12.5"
    second = boss.ws.publish_pack(pack_text("2026.12.6"))
    assert second.ok
    assert boss.ws.publish_pack(pack_text("2026.12.6")).code == "duplicate_version"
    for desk in stations:
        assert desk.ws.tick().pack_ref == second.pack.ref  # type: ignore[union-attr]
        with desk.ws.session() as s:
            assert [p.version for p in sop_store.list_packs(s) if p.is_active] == ["2026.12.6"]


def test_agent_role_cannot_publish_a_pack(server_db: ServerDb, desks: Callable[..., Desk]) -> None:
    desk = desks("desk-1", "ia_agent1")
    assert desk.ws.status().role == "agent"
    assert desk.ws.publish_pack(pack_text("2026.12.9")).code == "not_lead"
    assert desk.ws.tick().pack_ref is None
    assert desks("lead", "ia_lead1").ws.status().role == "lead"


def test_refresh_is_incremental(server_db: ServerDb, desks: Callable[..., Desk]) -> None:
    for n in range(5):
        add_server_client(server_db, cid=f"C{n}", name=f"Client {n}")
    desk = desks("desk-1")
    with desk.ws.session() as s:
        assert [c.cid for c in clients.search(s, "C3")][:1] == ["C3"]
    engine = db.make_engine(server_db.admin_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE clients SET balance = 1234 WHERE cid = 'C1'"))
    engine.dispose()


    result = cache.refresh(desk.store.engine, desk.ws.remote, now=desk.ws.clock())
    assert (result.rows, result.full) == (1, False)
    with desk.ws.session() as s:


        found = clients.get_by_cid(s, "C1")
    assert found is not None and found.balance == Decimal("12.34")


def test_a_write_the_server_can_never_take_is_kept_aside_not_blocking(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    gone = add_server_client(server_db, cid="G1", name="Gone Client")
    kept = add_server_client(server_db, cid="K1", name="Kept Client")
    desk = desks("desk-1")
    desk.proxy.cut()
    desk.ws.tick()
    for client in (gone, kept):
        note = HistoryDraft(client_id=client, kind="note", created_at=clock(), agent="a", note_text="called")
        assert desk.ws.save(Write((note,))).outcome == "queued"
    engine = db.make_engine(server_db.admin_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM clients WHERE id = :i"), {"i": gone})
    engine.dispose()
    desk.proxy.restore()
    assert desk.ws.tick().code == "online"
    with desk.store.engine.connect() as conn:
        assert outbox.count_pending(conn) == 0
        outcomes = [r[0] for r in conn.execute(text("SELECT json_extract(result, '$.outcome') FROM outbox ORDER BY seq"))]
    assert outcomes == ["rejected", "saved"]
    assert counts(server_db)["history"] == 1
