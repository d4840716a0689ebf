"""The app icon offers every size the title bar, taskbar and switcher ask for."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from desktop.icon import SIZES, app_icon, set_app_icon


def test_icon_has_every_size(qapp: QApplication) -> None:
    sizes = {size.width() for size in app_icon().availableSizes()}
    assert sizes == set(SIZES)


def test_set_app_icon_gives_windows_the_icon(qapp: QApplication) -> None:
    set_app_icon(qapp)
    assert not qapp.windowIcon().isNull()
    assert QSize(16, 16) in qapp.windowIcon().availableSizes()
