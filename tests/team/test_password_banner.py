"""A desk whose saved password is missing or refused says so, not "server unreachable"."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL, make_url

from desktop.models.store.db import open_store
from desktop.models.team.workstation import Workstation
from desktop.views.context import AppContext
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.team_banner import TeamBanners
from desktop.views.shell.team_link import TeamLink, link_desk
from tests.team.conftest import Clock, ServerDb
from tests.team.proxy import Proxy
from tests.team.test_team_views import shown

pytestmark = pytest.mark.team


@pytest.fixture
def window_with_password(
    qapp: Any, server_db: ServerDb, template_db: Path, tmp_path: Path, clock: Clock
) -> Iterator[Callable[[str | None], tuple[AppContext, TeamLink, Proxy]]]:
    """A window's desk logging in as ``ia_agent1`` with the given password (``None``: none saved)."""
    made: list[tuple[TeamLink, Proxy]] = []

    def make(password: str | None) -> tuple[AppContext, TeamLink, Proxy]:
        path = tmp_path / f"desk-{len(made)}.sqlite3"
        shutil.copy(template_db, path)
        store = open_store(f"sqlite:///{path}", migrate=False)
        proxy = Proxy(server_db.port)
        base = make_url(server_db.url("ia_agent1"))
        url = URL.create(base.drivername, "ia_agent1", password, "127.0.0.1", proxy.port, base.database)
        desk = Workstation(store, url.render_as_string(hide_password=False), workstation="desk-1",
                           agent="ia_agent1", clock=clock, connect_timeout=2)
        ctx = AppContext(store, clock=clock, prefs_path=tmp_path / f"prefs-{len(made)}.json")
        ctx.set_language("en")
        link = link_desk(ctx, desk, interval_ms=3_600_000, start=False)
        made.append((link, proxy))
        return ctx, link, proxy

    yield make
    for link, proxy in made:
        link.close()
        proxy.close()


def banner_after_tick(qtbot: Any, ctx: AppContext, link: TeamLink) -> TeamBanners:
    window = ctx.findChild(MainWindow) or shown(qtbot, MainWindow(ctx))
    banners = window.findChild(TeamBanners)
    with qtbot.waitSignal(link.statusChanged, timeout=15_000):
        link.tick_now()
    assert banners is not None and banners.offline.isVisible(), (link.status, link.login_problem)
    return banners


def test_no_saved_password_is_named_in_the_banner(
    qtbot: Any, window_with_password: Callable[[str | None], tuple[AppContext, TeamLink, Proxy]]
) -> None:
    ctx, link, _proxy = window_with_password(None)
    said = banner_after_tick(qtbot, ctx, link).offline.text.text()
    assert "No password for the team server on this computer" in said
    assert "holds no password for ia_agent1 on 127.0.0.1" in said
    assert "Preferences" in said
    assert link.login_problem == "no_password"


def test_a_refused_password_is_named_in_the_banner_and_an_unreachable_server_is_not(
    qtbot: Any, window_with_password: Callable[[str | None], tuple[AppContext, TeamLink, Proxy]]
) -> None:
    ctx, link, proxy = window_with_password("not-the-password")
    banners = banner_after_tick(qtbot, ctx, link)
    said = banners.offline.text.text()
    assert "The team server refused the saved password" in said
    assert "Offline since" in said  # still offline, and still working from the cache

    proxy.cut()  # now the network is away: that is all the desk can tell, and all it says
    with qtbot.waitSignal(link.statusChanged, timeout=15_000):
        link.tick_now()
    said = banners.offline.text.text()
    assert link.login_problem is None
    assert "Offline since" in said and "password" not in said
