"""A center's administrator sets up the server with two commands; the new logins work."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url

from desktop.models.team import admin
from desktop.models.team.settings import ServerSettings, check_server
from tests.migrations.test_migrations import head
from tests.team.conftest import ServerDb

pytestmark = pytest.mark.team


def test_migrate_then_add_users(empty_server_db: ServerDb, monkeypatch: pytest.MonkeyPatch) -> None:
    url = empty_server_db.admin_url
    assert admin.main(["migrate", url]) == 0
    assert admin.migrate(url) == head()  # running it again is harmless
    monkeypatch.setenv("INTERLOCK_ASSIST_NEW_PASSWORD", "pw-maria")
    assert admin.main(["add-user", url, "ia_maria", "--role", "lead"]) == 0
    admin.add_user(url, "ia_jose", "agent", "pw-jose")
    settings = ServerSettings("127.0.0.1", "ia_maria", empty_server_db.name, make_url(url).port or 5432, "disable")
    assert check_server(settings, "pw-maria", head=head()).role == "lead"
    jose = ServerSettings("127.0.0.1", "ia_jose", empty_server_db.name, settings.port, "disable")
    assert check_server(jose, "pw-jose").role == "agent"
    assert check_server(jose, "pw-maria").code == "wrong_password"
