"""F12 in team mode: the call's entry goes through the desk, so every desk's history has the call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from sqlalchemy import text

from desktop.models.store import history
from desktop.models.store.db import make_engine
from desktop.views.shell import team_jobs
from desktop.views.shell.call import CallController
from tests.models.test_call import CREDIT
from tests.team.conftest import ServerDb, add_server_client
from tests.team.gui import TeamWindow

pytestmark = pytest.mark.team


def server_kinds(server_db: ServerDb, client_id: int) -> list[str]:
    engine = make_engine(server_db.admin_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT kind FROM history WHERE client_id = :c"), {"c": client_id})
        found = [str(row[0]) for row in rows]
    engine.dispose()
    return found


def test_f12_saves_the_call_on_the_server_off_the_gui_thread_then_copies_it(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow]
) -> None:
    client_id = add_server_client(server_db)
    team = team_window("desk-1", "ia_agent1")
    calls = CallController(team.ctx)
    team.ctx.set_client(team.client(client_id))  # the call starts
    team.ctx.offer_note(dict(CREDIT))
    QGuiApplication.clipboard().setText("before")

    team.desk.proxy.hold()
    try:
        assert calls.end() is True  # sent: the call is let go at once
        assert calls.call is None and team_jobs.running((calls, "end"))
        assert QGuiApplication.clipboard().text() == "before"  # copied only once saved (SOP N1)
    finally:
        team.desk.proxy.release()
    qtbot.waitUntil(lambda: not team_jobs.running((calls, "end")), timeout=15_000)
    assert "Courtesy credit of $25.00" in QGuiApplication.clipboard().text()
    assert server_kinds(server_db, client_id) == ["call"]  # on the server, for every desk
    with team.ctx.session() as s:
        assert [i.kind for i in history.timeline(s, client_id)] == ["call"]
