"""Preferences load field by field: a bad value falls back to its default, the others stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.models.store import prefs
from desktop.models.store.prefs import Preferences, client_script_language


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_new_fields_round_trip(tmp_path: Path) -> None:
    saved = Preferences(
        agent_name="Ana Ruiz", client_language="es", compact=True, always_on_top=True, profile="check_change"
    )
    prefs.save(tmp_path / "p.json", saved)
    assert prefs.load(tmp_path / "p.json") == saved


def test_defaults_of_the_new_fields() -> None:
    fresh = Preferences()
    assert (fresh.client_language, fresh.compact, fresh.always_on_top) == ("", False, False)


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("client_language", "fr"),
        ("client_language", 1),
        ("compact", "yes"),
        ("compact", 1),
        ("always_on_top", None),
        ("always_on_top", [True]),
        ("language", "de"),
        ("profile", "boss"),
        ("agent_name", 42),
        ("trained_override", "true"),
        ("server_url", {"host": "x"}),
    ],
)
def test_a_bad_value_falls_back_alone(tmp_path: Path, field: str, bad: object) -> None:
    good = {
        "language": "es", "agent_name": "Ana", "profile": "check_change", "trained_override": True,
        "server_url": "postgresql://a@h/db", "server_sslmode": "require", "client_language": "es",
        "compact": True, "always_on_top": True,
    }
    loaded = prefs.load(write(tmp_path / "p.json", {**good, field: bad}))
    assert getattr(loaded, field) == getattr(Preferences(), field)
    for other, value in good.items():
        if other != field:
            assert getattr(loaded, other) == value, other


@pytest.mark.parametrize("content", ["", "[1, 2]", "{not json", "null"])
def test_an_unreadable_file_gives_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    assert prefs.load(path) == Preferences()


def test_a_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert prefs.load(tmp_path / "none.json") == Preferences()


@pytest.mark.parametrize(
    ("record", "default", "ui", "expected"),
    [
        ("es", "en", "en", "es"),  # the client's own language wins
        ("en", "es", "es", "en"),
        ("", "es", "en", "es"),  # the record does not say: the agent's default
        ("fr", "", "es", "es"),  # no default either: the interface language
        (None, "", "en", "en"),
    ],
)
def test_client_script_language(record: str | None, default: str, ui: str, expected: str) -> None:
    assert client_script_language(Preferences(client_language=default), record, ui) == expected
