"""Client flags in team mode (SOP N2): sent with their note, replayed once, seen on every desk."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from desktop.models.store import client_flags, db
from desktop.models.team import route
from desktop.models.team.writes import HistoryDraft
from tests.team.conftest import Clock, Desk, ServerDb, add_server_client

pytestmark = pytest.mark.team

SPANISH = "Client only speaks Spanish"


def critical_note(desk: Desk, client: int, flag: str = SPANISH) -> HistoryDraft:
    return HistoryDraft(client_id=client, kind="note", created_at=desk.ws.clock(), agent=desk.ws.agent,
                        note_text=f"CRITICAL: {flag}.", details={"critical": True, "client_flag": flag})


def save(desk: Desk, note: HistoryDraft) -> None:
    copied: list[str] = []
    route.save_note_then_copy(desk.ws.session, desk.ws, note, copied.append)
    assert copied == [note.note_text]


def flags_on(desk: Desk, client: int) -> list[str]:
    with desk.ws.session() as s:
        return client_flags.flags_for(s, client)


def server_flags(server_db: ServerDb) -> list[tuple[str, str, str]]:
    engine = db.make_engine(server_db.admin_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT f.text, f.created_by, h.uuid FROM client_flags f LEFT JOIN history h ON h.uuid = f.history_uuid"
            " ORDER BY f.id")).all()
    engine.dispose()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def test_a_flag_set_online_goes_to_the_server_and_reaches_the_other_desks(
    server_db: ServerDb, desks: Callable[..., Desk]
) -> None:
    client = add_server_client(server_db)
    one, two = desks("desk-1", "ia_agent1"), desks("desk-2", "ia_agent2")
    save(one, critical_note(one, client))
    assert flags_on(one, client) == [SPANISH]  # on the card at once
    assert [(t, by) for t, by, _h in server_flags(server_db)] == [(SPANISH, "ia_agent1")]
    assert server_flags(server_db)[0][2] != "None"  # linked to the note that set it
    assert flags_on(two, client) == []
    two.ws.tick()  # the incremental refresh brings it
    assert flags_on(two, client) == [SPANISH]
    save(two, critical_note(two, client, "client only  speaks spanish"))  # already there: not again
    assert len(server_flags(server_db)) == 1


def test_a_flag_set_offline_is_replayed_once_and_card_numbers_stay_on_the_desk(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client = add_server_client(server_db)
    one, two = desks("desk-1", "ia_agent1"), desks("desk-2", "ia_agent2")
    one.proxy.cut()
    assert one.ws.tick().code == "offline"
    save(one, critical_note(one, client, "Pays only with card 4111 1111 1111 1111"))
    [provisional] = flags_on(one, client)
    assert "4111 1111 1111 1111" not in provisional
    assert server_flags(server_db) == []
    one.proxy.restore()
    assert one.ws.tick().pending_writes == 0
    assert [t for t, _by, _h in server_flags(server_db)] == [provisional]
    with one.store.engine.begin() as conn:  # a lost "sent" mark: the replay changes nothing
        conn.execute(text("UPDATE outbox SET sent_at = NULL"))
    assert one.ws.replay().sent == 1
    assert len(server_flags(server_db)) == 1
    one.ws.tick()
    assert flags_on(one, client) == [provisional]  # the server's copy does not show twice
    two.ws.tick()
    assert flags_on(two, client) == [provisional]


def test_two_offline_desks_set_the_same_flag_and_every_card_shows_it_once(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client = add_server_client(server_db)
    one, two = desks("desk-1", "ia_agent1"), desks("desk-2", "ia_agent2")
    for desk in (one, two):
        desk.proxy.cut()
        desk.ws.tick()
        save(desk, critical_note(desk, client))
        clock.advance(minutes=1)
    for desk in (one, two):
        desk.proxy.restore()
        desk.ws.tick()
    one.ws.tick()
    assert len(server_flags(server_db)) == 2  # both agents' facts are kept, as their notes are
    assert flags_on(one, client) == flags_on(two, client) == [SPANISH]
