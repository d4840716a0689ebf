"""The application icon shown in the title bar, the taskbar and the Alt+Tab switcher.

Why PNGs at several sizes instead of the ``.ico``: PNG is read by QtGui itself, so the
frozen build needs no image-format plugin, and Qt picks the nearest size for each place
(16 px title bar, 32-48 px taskbar) instead of shrinking one large image.  The ``.ico``
stays for Windows itself (the exe resource and the installer).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QIcon

from desktop import paths

SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """Every size of the app icon that is present (an empty icon if none is)."""
    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in SIZES:
        path = folder / f"app-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon


def set_app_icon(app: QGuiApplication) -> QIcon:
    """Give every window of ``app`` the app icon; returns it (tests look at its sizes)."""
    icon = app_icon()
    app.setWindowIcon(icon)
    return icon
