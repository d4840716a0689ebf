"""The one seam screens save through: standalone store or team desk, the same answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from desktop.models.credits import grants
from desktop.models.notes import NoteDraft, save_draft
from desktop.models.redaction import CALL_SECRETS
from desktop.models.store import history
from desktop.models.team import route
from tests.team.conftest import Clock, Desk, ServerDb, add_server_client
from tests.team.test_workstation import counts

pytestmark = pytest.mark.team


def unit_of_work(desk: Desk) -> Callable[[], AbstractContextManager[Session]]:
    @contextmanager
    def open_() -> Iterator[Session]:
        with desk.store.sessions() as s, s.begin():
            yield s

    return open_


def server_notes(server_db: ServerDb) -> list[str]:
    engine = create_engine(server_db.admin_url)
    with engine.connect() as conn:
        found = [r[0] for r in conn.execute(text("SELECT note_text FROM history WHERE kind = 'note' ORDER BY id"))]
    engine.dispose()
    return found


def test_a_waived_override_fee_online_is_refused_when_another_desk_waived_first(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client_id = add_server_client(server_db)
    one, two = desks("desk-1", "ia_agent1"), desks("desk-2", "ia_agent2")
    waived = history.HistoryDraft(client_id=client_id, kind="override_given", created_at=clock.now, agent="Ana", waived=True, amount=Decimal("0"))
    first = route.record_override_given(unit_of_work(one), one.ws, entry=waived)
    assert first.recorded and first.granted is not None and first.granted.rule == grants.WAIVED_OVERRIDE
    assert [w.agent for w in route.waivers(unit_of_work(two), two.ws, client_id)] == ["Ana"]  # asked the server
    clock.advance(minutes=2)
    again = history.HistoryDraft(client_id=client_id, kind="override_given", created_at=clock.now, agent="Ben", waived=True, amount=Decimal("0"))
    second = route.record_override_given(unit_of_work(two), two.ws, entry=again)
    assert not second.recorded and second.existing is not None
    assert (second.existing.agent, second.existing.rule) == ("Ana", grants.WAIVED_OVERRIDE)
    assert "Ana already waived" in grants.already_granted_text(second.existing)
    paid = history.HistoryDraft(client_id=client_id, kind="override_given", created_at=clock.now, agent="Ben", waived=False, amount=Decimal("25"))
    assert route.record_override_given(unit_of_work(two), two.ws, entry=paid).recorded
    assert counts(server_db) == {"one_time_grants": 1, "rule_conflicts": 0, "history": 2}


def test_a_note_goes_to_the_server_scrubbed_then_its_draft_is_deleted_and_it_is_copied(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client_id = add_server_client(server_db)
    desk = desks("desk-1", "ia_agent1")
    with unit_of_work(desk)() as s:
        revision = save_draft(s, "note:1", NoteDraft(reason="draft"), clock.now)
    CALL_SECRETS.remember("7K3Q9M2X")
    try:
        copied: list[str] = []
        note = history.HistoryDraft(client_id=client_id, kind="note", created_at=clock.now, agent="ia_agent1",
                                    note_text="Gave code 7K3Q9M2X, card 4111 1111 1111 1111.", summary="Override")
        saved = route.save_note_then_copy(unit_of_work(desk), desk.ws, note, copied.append,
                                          draft_key="note:1", draft_revision=revision)
    finally:
        CALL_SECRETS.forget_all()
    assert saved.draft_discarded and saved.entry.id > 0
    [stored] = server_notes(server_db)
    assert "7K3Q9M2X" not in stored and "4111 1111 1111 1111" not in stored
    assert copied == [stored]
    with desk.ws.session() as s:  # the cache shows it under the server's number
        assert [e.id for e in history.timeline(s, client_id, ("note",))] == [saved.entry.id]


def test_an_entry_saved_offline_waits_in_the_outbox_and_reaches_the_server_on_reconnect(
    server_db: ServerDb, desks: Callable[..., Desk], clock: Clock
) -> None:
    client_id = add_server_client(server_db)
    desk = desks("desk-1", "ia_agent1")
    desk.proxy.cut()
    desk.ws.tick()
    item = route.append(unit_of_work(desk), desk.ws, history.HistoryDraft(
        client_id=client_id, kind="poc_request", created_at=clock.now,
        agent="ia_agent1", summary="POC request submitted", status="submitted"))
    assert item.id < 0  # provisional until the server numbers it
    assert counts(server_db)["history"] == 0
    desk.proxy.restore()
    assert desk.ws.tick().online
    assert counts(server_db)["history"] == 1
