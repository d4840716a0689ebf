"""The agent's day: this agent's calls, newest first, with what is still open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from desktop.models import call_log
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.history import HistoryDraft


def _call(store: Store, client: ClientInfo, at: datetime, agent: str, **details: object) -> int:
    with store.sessions() as s, s.begin():
        return history.append(
            s, HistoryDraft(client_id=client.id, kind="call", created_at=at, agent=agent, summary="Call",
                            note_text="Customer info:", details=dict(details)),
        ).id


def test_the_day_lists_this_agents_calls_newest_first(
    store: Store, add_client: Callable[..., ClientInfo], now: datetime
) -> None:
    ana = add_client(cid="300201", name="Ana Ruiz")
    bo = add_client(cid="300202", name="Bo Diaz")
    first = _call(store, ana, now - timedelta(hours=2), "Maria",
                  workflows=[{"workflow": "credit"}, {"workflow": "credit"}, {"workflow": "poc"}], copied=True)
    second = _call(store, bo, now - timedelta(hours=1), "Maria", workflows=[{"workflow": "override"}])
    _call(store, bo, now - timedelta(minutes=30), "Ben")  # another agent
    _call(store, ana, now - timedelta(days=1), "Maria")  # yesterday
    with store.sessions() as s:
        request = history.append(
            s, HistoryDraft(client_id=ana.id, kind="poc_request", created_at=now, status="escalated", utr="UTR-1")
        )
        s.commit()
        assert request.id
        day = call_log.calls_between(s, "Maria", now - timedelta(hours=12), now + timedelta(hours=1))
    assert [c.entry_id for c in day] == [second, first]
    assert day[1].workflows == ("credit", "poc") and day[1].copied and day[1].client_name == "Ana Ruiz"
    assert day[1].open_escalations == 1 and day[0].open_escalations == 0
    assert day[0].workflows == ("override",) and not day[0].copied and day[0].cid == "300202"
