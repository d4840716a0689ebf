"""A window's context on a team desk, for the team GUI tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.models.store import clients
from desktop.models.store.clients import ClientInfo
from desktop.views.context import AppContext
from desktop.views.shell.team_link import TeamLink, link_desk
from tests.team.conftest import Clock, Desk


@dataclass
class TeamWindow:
    ctx: AppContext
    link: TeamLink
    desk: Desk

    def client(self, client_id: int) -> ClientInfo:
        with self.ctx.session() as s:
            found = clients.get(s, client_id)
        assert found is not None, "the client is not in this desk's cache"
        return found


@pytest.fixture
def team_window(
    qapp: Any, desks: Callable[..., Desk], tmp_path: Path, clock: Clock
) -> Iterator[Callable[..., TeamWindow]]:
    """``team_window(name, login)``: a desk with the context and link a window of that desk has."""
    made: list[TeamWindow] = []

    def make(name: str, user: str = "ia_agent1") -> TeamWindow:
        desk = desks(name, user)
        ctx = AppContext(desk.store, clock=clock, prefs_path=tmp_path / f"{name}-prefs.json")
        ctx.set_language("en")
        ctx.update_prefs(agent_name=user)
        link = link_desk(ctx, desk.ws, interval_ms=3_600_000, start=False)
        made.append(TeamWindow(ctx, link, desk))
        return made[-1]

    yield make
    for window in made:
        window.link.close()
