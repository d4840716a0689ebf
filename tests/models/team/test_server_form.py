"""The Preferences server form: address and user merged, each problem at its own field."""

from __future__ import annotations

import pytest

from desktop.models.team.server_form import read_form, split_saved, with_user


@pytest.mark.parametrize(
    ("address", "user", "expected"),
    [
        ("postgresql://srv/interlock", "ana", "postgresql://ana@srv/interlock"),
        ("postgresql://old@srv:5433/interlock", "ana", "postgresql://ana@srv:5433/interlock"),
        ("postgresql://old:pw@srv/interlock", "ana", "postgresql://ana:pw@srv/interlock"),
        ("postgresql://srv/interlock", "", "postgresql://srv/interlock"),
        ("postgresql://srv/interlock", "a b@c", "postgresql://a%20b%40c@srv/interlock"),
        ("srv/interlock", "ana", "srv/interlock"),
    ],
)
def test_with_user(address: str, user: str, expected: str) -> None:
    assert with_user(address, user) == expected


def test_a_good_form_gives_settings_without_the_password_in_the_address() -> None:
    form = read_form(" postgresql://srv:5433/interlock ", "ana", "require", "s3cret")
    assert form.problems == () and form.settings is not None
    assert form.password == "s3cret"
    assert form.settings.address == "postgresql://ana@srv:5433/interlock?sslmode=require"
    assert "s3cret" not in form.settings.address


def test_a_password_typed_in_the_address_is_taken_out() -> None:
    form = read_form("postgresql://ana:pw@srv/interlock", "", "prefer")
    assert form.settings is not None and form.password == "pw" and "pw" not in form.settings.address


@pytest.mark.parametrize(
    ("address", "user", "field", "code"),
    [
        ("", "ana", "url", "empty"),
        ("   ", "", "url", "empty"),
        ("http://srv/interlock", "ana", "url", "http_url"),
        ("https://srv", "", "url", "http_url"),
        ("srv/interlock", "ana", "url", "not_postgresql"),
        ("postgresql://srv/interlock", "", "user", "missing_user"),
        ("postgresql://srv", "ana", "url", "missing_database"),
        ("postgresql://srv:99999/interlock", "ana", "url", "bad_port"),
    ],
)
def test_each_problem_is_at_its_field(address: str, user: str, field: str, code: str) -> None:
    form = read_form(address, user, "prefer")
    assert form.settings is None
    assert [(p.field, p.code) for p in form.problems] == [(field, code)]


def test_an_unknown_sslmode_is_at_the_sslmode_field() -> None:
    form = read_form("postgresql://srv/interlock", "ana", "maybe")
    assert [(p.field, p.code) for p in form.problems] == [("sslmode", "bad_sslmode")]


def test_split_saved_round_trips() -> None:
    saved = read_form("postgresql://srv:5433/interlock", "ana", "require").settings
    assert saved is not None
    address, user = split_saved(saved.address)
    assert (address, user) == ("postgresql://srv:5433/interlock", "ana")
    again = read_form(address, user, "require").settings
    assert again == saved


def test_split_saved_keeps_what_it_cannot_read() -> None:
    assert split_saved("not an address") == ("not an address", "")
