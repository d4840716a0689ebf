"""Server settings: bad input gets a reason code at its field; checks never hang; no password on disk."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from sqlalchemy import make_url

from desktop.models.store import prefs
from desktop.models.team import credentials, mode
from desktop.models.team.settings import (
    REASONS,
    ServerSettings,
    check_server,
    parse_server_url,
    reason_text,
    with_timeout,
)
from tests.memory_keyring import MemoryKeyring
from tests.migrations.test_migrations import head
from tests.team.conftest import PASSWORD, ServerDb


@pytest.mark.parametrize(
    ("text", "field", "code"),
    [
        ("", "url", "empty"),
        ("   ", "url", "empty"),
        ("http://team-server/interlock", "url", "http_url"),
        ("https://team-server:5432/interlock", "url", "http_url"),
        ("mysql://u@team-server/interlock", "url", "not_postgresql"),
        ("team-server", "url", "not_postgresql"),
        ("postgresql://team-server/interlock", "url", "missing_user"),
        ("postgresql://agent@team-server", "url", "missing_database"),
        ("postgresql://agent@team-server:99999/interlock", "url", "bad_port"),
        ("postgresql://agent@team-server:port/interlock", "url", "invalid_url"),
        ("postgresql://agent@team-server/interlock?sslmode=sometimes", "sslmode", "bad_sslmode"),
    ],
)
def test_bad_server_addresses_get_a_reason_at_the_field(text: str, field: str, code: str) -> None:
    parsed = parse_server_url(text)
    assert parsed.settings is None
    assert [(p.field, p.code) for p in parsed.problems] == [(field, code)]
    assert reason_text(code)


def test_every_reason_has_a_message_in_both_languages() -> None:
    for code in REASONS:
        assert reason_text(code, "en") != reason_text(code, "es")


def test_a_password_typed_in_the_address_is_taken_out_of_it() -> None:
    parsed = parse_server_url("postgres://agent:pw%40x@team-server:6432/interlock?sslmode=require")
    assert parsed.password == "pw@x"
    s = parsed.settings
    assert s == ServerSettings("team-server", "agent", "interlock", 6432, "require")
    assert "pw" not in s.address
    assert s.address == "postgresql://agent@team-server:6432/interlock?sslmode=require"
    assert s.url("pw@x").startswith("postgresql+psycopg://agent:pw%40x@team-server:6432/interlock")


def test_password_goes_to_the_credential_store_not_the_preferences_file(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    parsed = parse_server_url("postgresql://agent:hunter2@team-server/interlock", sslmode="verify-full")
    assert parsed.settings is not None and parsed.password is not None
    assert credentials.save_password(parsed.settings, parsed.password)
    path = tmp_path / "prefs.json"
    prefs.save(path, prefs.Preferences(server_url=parsed.settings.address, server_sslmode="verify-full"))
    assert "hunter2" not in path.read_text(encoding="utf-8")
    loaded = prefs.load(path)
    assert loaded.server_sslmode == "verify-full"
    url = mode.team_server_url(loaded, env={})
    assert url == parsed.settings.url("hunter2")
    credentials.forget_password(parsed.settings)
    assert credentials.load_password(parsed.settings) is None


def test_standalone_without_a_server_and_the_environment_wins() -> None:
    assert mode.team_server_url(prefs.Preferences(), env={}) is None
    assert mode.team_server_url(prefs.Preferences(), env={"INTERLOCK_ASSIST_DB_URL": "sqlite:///x"}) is None
    env = {"INTERLOCK_ASSIST_DB_URL": "postgresql://a:b@h/d"}
    assert mode.team_server_url(prefs.Preferences(server_url="postgresql://x@y/z"), env=env) == (
        "postgresql+psycopg://a:b@h/d"
    )


def test_preferences_file_with_odd_server_values_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text(json.dumps({"server_url": 5, "server_sslmode": None}), encoding="utf-8")
    loaded = prefs.load(path)
    assert (loaded.server_url, loaded.server_sslmode) == ("", "prefer")


def _settings(db: ServerDb, user: str = "ia_agent1", **changes: object) -> ServerSettings:
    parsed = parse_server_url(f"postgresql://{user}@127.0.0.1:{db.port}/{db.name}?sslmode=disable")
    assert parsed.settings is not None
    return parsed.settings if not changes else ServerSettings(**{**parsed.settings.__dict__, **changes})


@pytest.mark.team
def test_server_checks_give_reason_codes(server_db: ServerDb) -> None:
    assert check_server(_settings(server_db), PASSWORD, head=head()) == check_server(
        _settings(server_db), PASSWORD
    )
    assert check_server(_settings(server_db), PASSWORD).role == "agent"
    assert check_server(_settings(server_db, "ia_lead1"), PASSWORD).role == "lead"
    wrong = check_server(_settings(server_db), "not-the-password")
    assert (wrong.ok, wrong.code, wrong.field) == (False, "wrong_password", "password")
    assert check_server(_settings(server_db, database="nope"), PASSWORD).code == "unknown_database"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = int(s.getsockname()[1])
    assert check_server(_settings(server_db, port=closed), PASSWORD).code == "unreachable"


@pytest.mark.team
def test_a_database_without_migrations_is_named_as_such(empty_server_db: ServerDb) -> None:
    admin_password = make_url(empty_server_db.admin_url).password
    assert check_server(_settings(empty_server_db, "postgres"), admin_password).code == "schema_missing"


def test_a_silent_server_gives_up_after_the_connect_timeout() -> None:
    """A host that accepts but never answers must not hang the settings dialog."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = int(silent.getsockname()[1])
        settings = with_timeout(ServerSettings("127.0.0.1", "agent", "interlock", port, "disable"), 1)
        check = check_server(settings, "pw")
    assert (check.ok, check.code, check.field) == (False, "unreachable", "url")
