"""The window around the workflows: compact column, always on top, per-screen layout, paste and go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.views.shell.compact import CompactMode
    from desktop.views.shell.main_window import MainWindow
    from desktop.views.shell.on_top import AlwaysOnTop
    from desktop.views.shell.paste import PasteAndGo
    from desktop.views.shell.window_state import WindowState


@dataclass(frozen=True)
class Shell:
    compact: CompactMode
    on_top: AlwaysOnTop
    paste: PasteAndGo
    state: WindowState


def install(window: MainWindow) -> Shell:
    """Add the View menu's window entries to ``window`` and restore its layout for this screen."""
    from desktop.views.shell.compact import CompactMode
    from desktop.views.shell.on_top import AlwaysOnTop
    from desktop.views.shell.paste import PasteAndGo
    from desktop.views.shell.window_state import WindowState

    window.view_menu.addSeparator()
    compact = CompactMode(window)
    on_top = AlwaysOnTop(window)
    paste = PasteAndGo(window)
    state = WindowState(window, compact)
    state.restore()
    return Shell(compact=compact, on_top=on_top, paste=paste, state=state)
