"""The window preferences (compact, always on top, clipboard watch): off by default, kept, read tolerantly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.models.store import prefs
from desktop.models.store.prefs import Preferences


def test_all_three_are_off_by_default() -> None:
    p = Preferences()
    assert (p.compact, p.always_on_top, p.watch_clipboard) == (False, False, False)


def test_they_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    prefs.save(path, Preferences(compact=True, always_on_top=True, watch_clipboard=True))
    loaded = prefs.load(path)
    assert (loaded.compact, loaded.always_on_top, loaded.watch_clipboard) == (True, True, True)


def test_a_file_from_before_them_loads_with_them_off(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text(json.dumps({"language": "es", "profile": "check_change"}), encoding="utf-8")
    loaded = prefs.load(path)
    assert loaded.language == "es" and not loaded.compact and not loaded.watch_clipboard


@pytest.mark.parametrize("value", ["yes", 1, None, [True]])
def test_a_value_that_is_not_a_boolean_is_ignored(tmp_path: Path, value: object) -> None:
    path = tmp_path / "prefs.json"
    path.write_text(json.dumps({"compact": value, "watch_clipboard": value, "always_on_top": value}), encoding="utf-8")
    loaded = prefs.load(path)
    assert (loaded.compact, loaded.always_on_top, loaded.watch_clipboard) == (False, False, False)
