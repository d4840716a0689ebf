"""Window layouts per screen: kept, read back tolerantly, and a lost window brought back on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models import window_layouts as wl
from desktop.models.window_layouts import Layouts, Rect, ScreenLayout

LAPTOP = Rect(0, 0, 1366, 728)  # 1366x768 less the task bar
MONITOR = Rect(1366, 0, 1920, 1040)


def test_layouts_survive_a_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "layouts.json"
    kept = Layouts(
        last="DELL 1920x1080",
        screens={
            "eDP-1 1366x768": ScreenLayout(geometry=b"\x01\x02", state=b"\x00", compact=True, compact_geometry=b"c"),
            "DELL 1920x1080": ScreenLayout(geometry=b"g", state=b"s", splitter=b"p"),
        },
    )
    wl.save(path, kept)
    assert wl.load(path) == kept


@pytest.mark.parametrize(
    "content",
    ["", "not json", "[]", '{"screens": []}', '{"screens": {"a": 5}}', '{"screens": {"a": {"geometry": "%%%"}}}'],
)
def test_a_broken_file_is_ignored_not_fatal(tmp_path: Path, content: str) -> None:
    path = tmp_path / "layouts.json"
    path.write_text(content, encoding="utf-8")
    layouts = wl.load(path)
    assert all(entry.geometry == b"" for entry in layouts.screens.values())


def test_a_missing_file_gives_no_layouts(tmp_path: Path) -> None:
    assert wl.load(tmp_path / "none.json") == Layouts()


def test_the_last_screen_wins_when_it_is_present() -> None:
    layouts = Layouts(last="b", screens={"a": ScreenLayout(compact=True), "b": ScreenLayout()})
    assert wl.pick(layouts, ["a", "b"]) == ("b", ScreenLayout())
    assert wl.pick(layouts, ["a"]) == ("a", ScreenLayout(compact=True))
    assert wl.pick(layouts, ["c"]) is None


def test_only_the_newest_screens_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "layouts.json"
    screens = {f"s{i}": ScreenLayout() for i in range(wl.MAX_SCREENS + 5)}
    wl.save(path, Layouts(last="s0", screens=screens))
    kept = wl.load(path).screens
    assert len(kept) == wl.MAX_SCREENS and "s0" in kept and f"s{wl.MAX_SCREENS + 4}" in kept


def test_a_window_on_a_screen_stays_where_it_is() -> None:
    frame = Rect(1500, 100, 440, 700)
    assert wl.rescue(frame, [LAPTOP, MONITOR]) == frame


def test_a_window_left_on_an_unplugged_monitor_comes_back_onto_the_primary_screen() -> None:
    moved = wl.rescue(Rect(2000, 100, 440, 900), [LAPTOP])
    assert wl.reachable(moved, [LAPTOP])
    assert LAPTOP.x <= moved.x and moved.right <= LAPTOP.right and moved.bottom <= LAPTOP.bottom
    assert moved.height == LAPTOP.height  # shrunk to fit


def test_a_window_whose_title_bar_is_above_the_screen_comes_back() -> None:
    assert not wl.reachable(Rect(100, -500, 440, 520), [LAPTOP])
    assert wl.rescue(Rect(100, -500, 440, 520), [LAPTOP]).y >= 0


def test_a_sliver_on_screen_is_not_enough_to_grab() -> None:
    assert not wl.reachable(Rect(1366 - 20, 100, 440, 600), [LAPTOP])
    assert wl.reachable(Rect(1366 - 200, 100, 440, 600), [LAPTOP])


def test_screen_keys_tell_monitors_and_resolutions_apart() -> None:
    assert wl.screen_key("DELL", 1920, 1080) != wl.screen_key("DELL", 2560, 1440)
    assert wl.screen_key("", 1366, 768) == "screen 1366x768"
