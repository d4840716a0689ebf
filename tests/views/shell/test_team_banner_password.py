"""The team banner names a missing or refused password plainly, apart from "server unreachable"."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import make_url

from desktop.models.team.status import TeamStatus
from desktop.views.context import AppContext
from desktop.views.shell.team_banner import TeamBanners
from desktop.views.shell.team_link import TeamLink

OFFLINE = TeamStatus(
    code="offline", offline_since=datetime(2026, 11, 23, 15, 42, tzinfo=UTC), last_refresh_at=None,
    pending_writes=0, pack_ref=None, role=None, my_open_conflicts=0,
)
SAID = {
    ("no_password", "en"): ("No password for the team server on this computer",
                            "holds no password for ana on team-server"),
    ("no_password", "es"): ("No hay contraseña para el servidor del equipo en esta computadora",
                            "no tiene contraseña para ana en team-server"),
    ("wrong_password", "en"): ("The team server refused the saved password",
                               "The password saved on this computer for ana on team-server is not the right one"),
    ("wrong_password", "es"): ("El servidor del equipo rechazó la contraseña guardada",
                               "La contraseña guardada en esta computadora para ana en team-server no es la correcta"),
}


@pytest.fixture
def link(ctx: AppContext) -> TeamLink:
    made = TeamLink(ctx, desk=None)  # type: ignore[arg-type]  # only what the banner reads of the desk
    made.desk = SimpleNamespace(remote=SimpleNamespace(url=make_url("postgresql+psycopg://ana:pw@team-server/ia")))  # type: ignore[assignment]
    return made


def banner_text(qtbot: Any, link: TeamLink, login: str | None) -> str:
    banners = TeamBanners(link)
    qtbot.addWidget(banners)
    banners.show()
    link.status, link.login_problem = OFFLINE, login
    link.statusChanged.emit(OFFLINE)
    assert banners.offline.isVisible()
    return str(banners.offline.text.text())


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("login", ["no_password", "wrong_password"])
def test_a_password_problem_is_said_as_such_with_what_to_do(
    qtbot: Any, ctx: AppContext, link: TeamLink, login: str, language: str
) -> None:
    ctx.set_language(language)
    said = banner_text(qtbot, link, login)
    headline, body = SAID[(login, language)]
    assert headline in said and body in said
    assert {"en": "Preferences", "es": "Preferencias"}[language] in said
    assert "pw" not in said.replace("pwd", "")  # the password itself is never shown


def test_an_unreachable_server_says_offline_and_nothing_about_a_password(
    qtbot: Any, ctx: AppContext, link: TeamLink
) -> None:
    ctx.set_language("en")
    said = banner_text(qtbot, link, None)
    assert "Offline since" in said and "password" not in said.lower()
