"""A dialog opens at the size it asks for, or at its screen's usable size when that is smaller."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog

from desktop.views.widgets.screen_fit import FRAME, fit_to_screen


def test_a_dialog_larger_than_the_screen_is_bounded_by_it_and_a_smaller_one_keeps_its_size(qapp: Any) -> None:
    screen = qapp.primaryScreen().availableGeometry().size()
    big, small = QDialog(), QDialog()
    fit_to_screen(big, screen + QSize(300, 300))
    assert big.size() == screen - FRAME
    fit_to_screen(small, QSize(320, 200))
    assert small.size() == QSize(320, 200)
