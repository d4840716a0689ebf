"""The window's place, size, compact state and dock layout, remembered per screen.

Stored by :mod:`desktop.models.window_layouts` (a JSON file beside the
preferences; that module says why not ``QSettings``).  Restored when the window
is built, before it is first shown; a place that no screen shows any more (a
monitor unplugged, a resolution changed) is moved back onto a visible screen.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QSplitter

from desktop.models import window_layouts as wl

if TYPE_CHECKING:
    from desktop.views.shell.compact import CompactMode
    from desktop.views.shell.main_window import MainWindow

FILE_NAME = "window-layouts.json"


def key_for(screen: QScreen) -> str:
    size = screen.size()
    return wl.screen_key(screen.name(), size.width(), size.height())


def _rect(r: QRect) -> wl.Rect:
    return wl.Rect(r.x(), r.y(), r.width(), r.height())


def available_screens() -> list[wl.Rect]:
    """The screens' usable areas, the primary first (where a lost window is brought back)."""
    primary = QGuiApplication.primaryScreen()
    screens = QGuiApplication.screens()
    ordered = ([primary] if primary is not None else []) + [s for s in screens if s is not primary]
    return [_rect(s.availableGeometry()) for s in ordered]


class WindowState(QObject):
    def __init__(self, window: MainWindow, compact: CompactMode) -> None:
        super().__init__(window)
        self.window = window
        self.compact = compact
        self.path = window.ctx.prefs_path.parent / FILE_NAME

    def _splitter(self) -> QSplitter | None:
        return self.compact.splitter

    def restore(self) -> bool:
        """Put the window back as it was on this screen; False when nothing was kept for it."""
        window = self.window
        layouts = wl.load(self.path)
        present = [key_for(s) for s in QGuiApplication.screens()]
        picked = wl.pick(layouts, present)
        compact = window.ctx.prefs.compact
        if picked is not None:
            _key, kept = picked
            if kept.geometry:
                window.restoreGeometry(QByteArray(kept.geometry))
            if kept.state:
                window.restoreState(QByteArray(kept.state))
            splitter = self._splitter()
            if splitter is not None and kept.splitter:
                splitter.restoreState(QByteArray(kept.splitter))
            if kept.compact_geometry:
                self.compact.compact_geometry = QByteArray(kept.compact_geometry)
            compact = kept.compact
        if compact:
            self.compact.set_compact(True)
        self.bring_on_screen()
        return picked is not None

    def bring_on_screen(self, screens: list[wl.Rect] | None = None) -> bool:
        """Move the window onto a visible screen if no screen shows its title strip; True if moved."""
        window = self.window
        frame = _rect(window.frameGeometry())
        target = wl.rescue(frame, available_screens() if screens is None else screens)
        if target == frame:
            return False
        # The frame is what must be on screen; the geometry excludes its title bar and borders.
        inner = window.geometry()
        dx, dy = inner.x() - frame.x, inner.y() - frame.y
        extra_w, extra_h = frame.width - inner.width(), frame.height - inner.height()
        window.setGeometry(target.x + dx, target.y + dy, target.width - extra_w, target.height - extra_h)
        return True

    def save(self) -> None:
        """Keep the full layout (and the compact one, if compact) for the screen the window is on."""
        window = self.window
        screen = window.screen()
        if screen is None:
            return
        key = key_for(screen)
        layouts = wl.load(self.path)
        compact = self.compact
        if compact.is_compact():
            geometry, state = compact.full_geometry(), compact.full_state()
            compact_geometry = window.saveGeometry()
        else:
            geometry, state = window.saveGeometry(), window.saveState()
            compact_geometry = compact.compact_geometry
        splitter = self._splitter()
        layouts.screens.pop(key, None)  # re-inserted last: the newest screens are kept
        layouts.screens[key] = wl.ScreenLayout(
            geometry=bytes(geometry.data()),
            state=bytes(state.data()),
            splitter=b"" if splitter is None else bytes(splitter.saveState().data()),
            compact=compact.is_compact(),
            compact_geometry=bytes(compact_geometry.data()),
        )
        layouts.last = key
        with contextlib.suppress(OSError):  # a read-only profile: the default place next time
            wl.save(self.path, layouts)
