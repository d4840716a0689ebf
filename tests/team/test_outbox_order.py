"""Replay keeps the order writes were made in: a correction made offline follows the entry it corrects.

The case from the POC screen (SOP P8): a request is saved while the network is
cut, then escalated while it still waits in the outbox, so the escalation
names the request by its provisional (negative) id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import text

from desktop.models.store import db, history
from desktop.models.team import route
from desktop.models.team.writes import HistoryDraft
from tests.team.conftest import Clock, Desk, ServerDb, add_server_client

pytestmark = pytest.mark.team


def request(desk: Desk, client: int) -> HistoryDraft:
    at = desk.ws.clock()
    return HistoryDraft(client_id=client, kind="poc_request", created_at=at, agent=desk.ws.agent,
                        summary="POC request submitted", utr="UTR-5521", status="submitted",
                        appointment_at=at + timedelta(days=2), details={"client_tz": "America/Chicago"})


def escalation(desk: Desk, item: history.HistoryItem) -> HistoryDraft:
    return HistoryDraft(client_id=item.client_id, kind="poc_request", created_at=desk.ws.clock(),
                        agent=desk.ws.agent, summary="POC request escalated", utr=item.utr, status="escalated",
                        appointment_at=item.appointment_at, details={**item.details, "escalation": "missed_call"},
                        corrects_id=item.id)


def server_chain(server_db: ServerDb) -> list[tuple[int, str, int | None]]:
    engine = db.make_engine(server_db.admin_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, status, corrects_id FROM history ORDER BY id")).all()
    engine.dispose()
    return [(int(r.id), str(r.status), r.corrects_id) for r in rows]


def outcomes(desk: Desk) -> list[str]:
    with desk.store.engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(
            text("SELECT json_extract(result, '$.outcome') FROM outbox ORDER BY seq"))]


def test_an_escalation_of_a_request_still_in_the_outbox_replays_after_it(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client = add_server_client(server_db)
    desk, other = desks("desk-1"), desks("desk-2", "ia_agent2")
    desk.proxy.cut()
    assert desk.ws.tick().code == "offline"
    submitted = route.append(desk.ws.session, desk.ws, request(desk, client))
    assert submitted.id < 0  # provisional: only the desk knows this number
    clock.advance(minutes=40)
    escalated = route.append(desk.ws.session, desk.ws, escalation(desk, submitted))
    with desk.ws.session() as s:  # the agent sees the escalated request at once
        assert [i.status for i in history.open_poc_requests(s, client)] == ["escalated"]

    desk.proxy.restore()
    status = desk.ws.tick()
    assert status.code == "online" and status.pending_writes == 0
    assert outcomes(desk) == ["saved", "saved"]
    (first, s1, c1), (second, s2, c2) = server_chain(server_db)
    assert (s1, c1) == ("submitted", None)
    assert (s2, c2) == ("escalated", first) and second > first
    assert escalated.id < 0

    other.ws.tick()  # another desk sees one open request, escalated, linked to the right entry
    with other.ws.session() as s:
        found = history.open_poc_requests(s, client)
    assert [(i.status, i.corrects_id) for i in found] == [("escalated", first)]

    with desk.store.engine.begin() as conn:  # a lost "sent" mark: the replay changes nothing
        conn.execute(text("UPDATE outbox SET sent_at = NULL"))
    assert desk.ws.replay().sent == 2
    assert len(server_chain(server_db)) == 2


def test_a_save_online_sends_what_waits_in_the_outbox_first(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client = add_server_client(server_db)
    desk = desks("desk-1")
    desk.proxy.cut()
    desk.ws.tick()
    submitted = route.append(desk.ws.session, desk.ws, request(desk, client))
    desk.ws.close()
    desk.proxy.restore()

    again = desks("desk-1", start=False)  # the app starts again and the agent acts before any refresh
    clock.advance(minutes=40)
    route.append(again.ws.session, again.ws, escalation(again, submitted))
    assert outcomes(again) == ["saved", "saved"]
    (first, _s1, _c1), (_second, s2, c2) = server_chain(server_db)
    assert (s2, c2) == ("escalated", first)


def test_an_escalation_of_a_request_the_server_refused_is_kept_aside_too(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    gone = add_server_client(server_db, cid="G1", name="Gone Client")
    kept = add_server_client(server_db, cid="K1", name="Kept Client")
    desk = desks("desk-1")
    desk.proxy.cut()
    desk.ws.tick()
    bad = route.append(desk.ws.session, desk.ws, request(desk, gone))
    route.append(desk.ws.session, desk.ws, escalation(desk, bad))
    note = HistoryDraft(client_id=kept, kind="note", created_at=clock(), agent="a", note_text="called back")
    route.append(desk.ws.session, desk.ws, note)
    engine = db.make_engine(server_db.admin_url)
    with engine.begin() as conn:  # the request can never be taken: its client was removed meanwhile
        conn.execute(text("DELETE FROM clients WHERE id = :i"), {"i": gone})
    engine.dispose()
    desk.proxy.restore()
    assert desk.ws.tick().pending_writes == 0
    assert outcomes(desk) == ["rejected", "rejected", "saved"]
    with desk.store.engine.connect() as conn:
        errors = [str(r[0]) for r in conn.execute(
            text("SELECT json_extract(result, '$.error') FROM outbox ORDER BY seq"))]
    assert "corrects entry" in errors[1] and bad.id < 0
    assert [status for _id, status, _c in server_chain(server_db)] == ["None"]
