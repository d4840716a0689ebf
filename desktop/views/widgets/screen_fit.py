"""A window's first size: what it asks for, but never more than the screen it opens on.

Why: the main window and the lead dialogs ask for room (the window 1180×760,
the pack editor 1100×680), which a 1366×768 screen at 125 % (1093×614 logical,
less the taskbar) does not have; opened at that size the window's status bar and
the dialogs' buttons sat under the taskbar or off the screen.  Their layouts fit
the smaller size (checked by the layout tests).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room kept for the window's frame and title bar, in logical pixels.
FRAME = QSize(16, 40)


def fit_to_screen(widget: QWidget, wanted: QSize) -> None:
    """Resize ``widget`` to ``wanted``, bounded by the usable area of its parent's screen (or the primary)."""
    parent = widget.parentWidget()
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(wanted)
        return
    room = screen.availableGeometry().size() - FRAME
    widget.resize(wanted.boundedTo(room.expandedTo(widget.minimumSizeHint())))
