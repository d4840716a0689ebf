"""What the compact column checks on every screen: nothing wider than the window, no sideways scrolling."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from desktop.views.widgets.wrapping import WrapCheckBox, WrapRadioButton

_WRAPS = (WrapCheckBox, WrapRadioButton)  # their text wraps: narrower than one line is fine

#: Logical window heights of a 1366x768 screen at 100, 125 and 150 % scaling.
HEIGHTS = {"100%": 768, "125%": round(768 / 1.25), "150%": 768 // 1.5}


def _name(w: QWidget) -> str:
    text = ""
    if isinstance(w, QLabel | QAbstractButton):
        text = " " + repr(w.text()[:40])
    elif isinstance(w, QComboBox):
        text = " " + repr(w.currentText()[:40])
    return f"{type(w).__name__}({w.objectName() or '-'}){text}"


def problems(window: QWidget) -> list[str]:
    """Every horizontal scroll bar shown, and every visible widget reaching past the window or its scroll view."""
    found: list[str] = []
    width = window.width()
    for w in window.findChildren(QWidget):
        if w.window() is not window or not w.isVisible():
            continue
        if isinstance(w, QAbstractScrollArea) and w.horizontalScrollBar().isVisible():
            found.append(f"horizontal scroll bar on {_name(w)}")
        left = w.mapTo(window, QPoint(0, 0)).x()
        if left + w.width() > width + 1 or left < -1:
            found.append(f"{_name(w)} spans x {left}..{left + w.width()} in a window {width} wide")
            continue
        area = _scroll_area_of(w)
        if area is not None:
            view = area.viewport()
            view_left = view.mapTo(window, QPoint(0, 0)).x()
            if left + w.width() > view_left + view.width() + 1:
                found.append(f"{_name(w)} reaches x {left + w.width()} past its view's edge {view_left + view.width()}")
        if isinstance(w, QComboBox) and _combo_clips(w):
            found.append(f"{_name(w)} is clipped: {w.width()} px wide")
        if isinstance(w, QPushButton | QCheckBox | QRadioButton) and not isinstance(w, _WRAPS) and w.width() + 1 < w.sizeHint().width():
            found.append(f"{_name(w)} is squeezed: shows {w.width()} px of {w.sizeHint().width()}")
        if isinstance(w, QLabel) and not w.wordWrap() and w.text() and w.minimumSizeHint().width() > w.width() + 1:
            found.append(f"{_name(w)} is clipped: needs {w.minimumSizeHint().width()} px, has {w.width()}")
    return found


def _combo_clips(combo: QComboBox) -> bool:
    """Whether the chosen entry's text is cut off in the closed box."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) > field.width()


def _scroll_area_of(w: QWidget) -> QScrollArea | None:
    """The scroll area whose view holds ``w`` (not its scroll bars), if any."""
    child, parent = w, w.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QScrollArea) and parent is area.viewport() and child is area.widget():
            return area
        child, parent = parent, area
    return None
