"""Where the window was, per screen, and how to bring it back where the agent can see it.

Why a JSON file beside the preferences and not ``QSettings``: the layouts belong
to this desk like the preferences do, live in the same folder (so a test's or a
portable install's folder holds everything), and are a cache: an unreadable file
is simply ignored.  ``QSettings`` would write to the registry on Windows, outside
that folder, where a test run would also leave its traces in the real profile.

Each screen (its name and size, so a laptop docked to a different monitor gets
its own entry) keeps the window's ``saveGeometry``/``saveState`` bytes (base64),
the splitter state and whether the window was compact.  Nothing here imports Qt:
the geometry rescue works on plain rectangles.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: How much of the window's top strip must be on a screen to count as reachable.
GRAB_WIDTH = 120
GRAB_HEIGHT = 24
#: Screens kept in the file (docking stations come and go; the oldest are forgotten).
MAX_SCREENS = 12


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def overlap(self, other: Rect) -> tuple[int, int]:
        """Width and height of the part both rectangles share (0 when they do not meet)."""
        w = min(self.right, other.right) - max(self.x, other.x)
        h = min(self.bottom, other.bottom) - max(self.y, other.y)
        return max(0, w), max(0, h)


@dataclass(frozen=True)
class ScreenLayout:
    geometry: bytes = b""
    state: bytes = b""
    splitter: bytes = b""
    compact: bool = False
    compact_geometry: bytes = b""


@dataclass
class Layouts:
    last: str = ""
    screens: dict[str, ScreenLayout] = field(default_factory=dict)


def screen_key(name: str, width: int, height: int) -> str:
    """E.g. ``"DELL U2419H 1920x1080"``: one entry per monitor and resolution."""
    return f"{name or 'screen'} {width}x{height}"


def reachable(frame: Rect, screens: list[Rect]) -> bool:
    """Whether the agent can grab the window: enough of its title strip is on some screen."""
    strip = Rect(frame.x, frame.y, frame.width, min(frame.height, GRAB_HEIGHT * 2))
    for screen in screens:
        w, h = strip.overlap(screen)
        if w >= min(GRAB_WIDTH, frame.width) and h >= min(GRAB_HEIGHT, frame.height):
            return True
    return False


def rescue(frame: Rect, screens: list[Rect]) -> Rect:
    """``frame`` if reachable, else moved (and shrunk if needed) onto the first screen.

    ``screens`` are the available areas (task bar excluded), the primary first.
    """
    if not screens or reachable(frame, screens):
        return frame
    target = screens[0]
    width = min(frame.width, target.width)
    height = min(frame.height, target.height)
    x = target.x + (target.width - width) // 2
    y = target.y + (target.height - height) // 2
    return Rect(x, y, width, height)


def _bytes(value: Any) -> bytes:
    if not isinstance(value, str):
        return b""
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return b""


def load(path: Path) -> Layouts:
    """Whatever of the file can be read; a broken file or entry is skipped, never fatal."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Layouts()
    if not isinstance(raw, dict):
        return Layouts()
    screens: dict[str, ScreenLayout] = {}
    found = raw.get("screens")
    for key, entry in (found.items() if isinstance(found, dict) else ()):
        if not isinstance(entry, dict):
            continue
        screens[str(key)] = ScreenLayout(
            geometry=_bytes(entry.get("geometry")),
            state=_bytes(entry.get("state")),
            splitter=_bytes(entry.get("splitter")),
            compact=entry.get("compact") is True,
            compact_geometry=_bytes(entry.get("compact_geometry")),
        )
    last = raw.get("last")
    return Layouts(last=last if isinstance(last, str) else "", screens=screens)


def save(path: Path, layouts: Layouts) -> None:
    """Atomic write, as for the preferences; the newest screens are kept."""
    keys = [k for k in layouts.screens if k != layouts.last][-(MAX_SCREENS - 1):]
    if layouts.last in layouts.screens:
        keys.append(layouts.last)
    data = {
        "last": layouts.last,
        "screens": {
            key: {
                "geometry": base64.b64encode(layouts.screens[key].geometry).decode("ascii"),
                "state": base64.b64encode(layouts.screens[key].state).decode("ascii"),
                "splitter": base64.b64encode(layouts.screens[key].splitter).decode("ascii"),
                "compact": layouts.screens[key].compact,
                "compact_geometry": base64.b64encode(layouts.screens[key].compact_geometry).decode("ascii"),
            }
            for key in keys
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def pick(layouts: Layouts, present: list[str]) -> tuple[str, ScreenLayout] | None:
    """The layout to restore: the last screen used if it is still there, else the first present one known."""
    if layouts.last in present and layouts.last in layouts.screens:
        return layouts.last, layouts.screens[layouts.last]
    for key in present:
        if key in layouts.screens:
            return key, layouts.screens[key]
    return None
