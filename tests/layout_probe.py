"""Looks at a rendered window the way an agent would and lists what does not fit.

Used by the layout tests and by ``make screenshots``.  A problem is one of:

- ``too big``: the window cannot shrink to the screen it is given;
- ``h-scroll``: a horizontal scroll bar is showing;
- ``clipped``: a text (label, button, check box, tab, combo box) is narrower or
  shorter than its words, or part of it is cut off by a parent (a text that
  wraps, in a label or a wrapping check box, needs the height for its width);
- ``squeezed``: a text field narrower than about 17 characters that was not
  made small on purpose (a maximum width);
- ``unreachable``: a button or field lies outside the visible area with no
  scroll bar to bring it into view.

Parts reached by scrolling vertically (a step's scroll area) count as
reachable; anything sideways does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTextEdit,
    QWidget,
)

SLACK = 1  # pixels of rounding forgiven


@dataclass(frozen=True)
class Problem:
    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


def name_of(widget: QWidget) -> str:
    """The widget's object name, or its class inside its nearest named parent."""
    parts: list[str] = []
    w: QWidget | None = widget
    while w is not None and len(parts) < 3:
        if w.objectName() and not w.objectName().startswith("qt_"):
            parts.append(w.objectName())
            break
        parts.append(type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(parts))


def _internal(widget: QWidget) -> bool:
    """Parts of Qt's own composite widgets (scroll bars, tab arrows, spin box editors)."""
    w: QWidget | None = widget.parentWidget()
    while w is not None:
        if isinstance(w, QTabBar | QScrollBar | QComboBox | QAbstractSpinBox):
            return True
        w = w.parentWidget()
    return widget.objectName().startswith("qt_")


def visible_part(widget: QWidget) -> QRect:
    """The part of ``widget`` an agent can see, or scroll vertically into view, in window coordinates.

    Each parent clips it, except that a vertically scrolling area's content is
    reachable top to bottom: there only its sideways extent is clipped, and the
    part counts as brought into the viewport.
    """
    win = widget.window()
    rect = QRect(widget.mapTo(win, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        outer = win.rect() if parent is win else QRect(parent.mapTo(win, QPoint(0, 0)), parent.size())
        area = parent.parentWidget()
        scrolls = (
            isinstance(area, QAbstractScrollArea)
            and area.viewport() is parent
            and area.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        if scrolls:
            left, right = max(rect.left(), outer.left()), min(rect.right(), outer.right())
            rect = QRect(QPoint(left, outer.top()), QPoint(right, outer.top() + min(rect.height(), outer.height()) - 1))
        else:
            rect = rect.intersected(outer)
        if rect.isEmpty() or parent is win:
            break
        parent = parent.parentWidget()
    return rect


def _cut(widget: QWidget) -> str | None:
    seen = visible_part(widget)
    full = widget.rect()
    if seen.width() + SLACK < full.width() or seen.height() + SLACK < full.height():
        return f"{seen.width()}x{seen.height()} of {full.width()}x{full.height()} visible"
    return None


def _label_problem(label: QLabel) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"needs {needed}px of height, has {label.height()}"
    else:
        needed = label.sizeHint().width()
        if needed > label.width() + SLACK:
            return f"needs {needed}px of width, has {label.width()}"
    return None


def _combo_problem(combo: QComboBox) -> str | None:
    if combo.isEditable() or not combo.currentText():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    icon = combo.iconSize().width() + 4 if not combo.itemIcon(combo.currentIndex()).isNull() else 0
    needed = combo.fontMetrics().horizontalAdvance(combo.currentText()) + icon
    if needed > field.width() + SLACK:
        return f"shows {combo.currentText()!r} in {field.width()}px, needs {needed}"
    return None


def probe(window: QWidget, screen: QSize) -> list[Problem]:
    """Everything in ``window`` that does not fit a screen of ``screen`` logical pixels."""
    problems: list[Problem] = []
    if window.width() > screen.width() + SLACK or window.height() > screen.height() + SLACK:
        problems.append(
            Problem("too big", name_of(window), f"{window.width()}x{window.height()} on a {screen.width()}x{screen.height()} screen")
        )
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0 or _internal(w):
            continue
        if isinstance(w, QAbstractScrollArea):
            bar = w.horizontalScrollBar()
            if bar.isVisible() and bar.maximum() > 0:
                problems.append(Problem("h-scroll", name_of(w), f"scrolls {bar.maximum()}px sideways"))
        detail: str | None = None
        kind = "clipped"
        if isinstance(w, QLabel):
            detail = _label_problem(w) or (_cut(w) if w.text() else None)
        elif isinstance(w, QAbstractButton):
            if w.text() and w.hasHeightForWidth():  # its text wraps (a WrapCheckBox): judged as a wrapped label
                needed = w.heightForWidth(w.width())
                if needed > w.height() + SLACK:
                    detail = f"needs {needed}px of height, has {w.height()}"
            elif w.text() and w.sizeHint().width() > w.width() + SLACK:
                detail = f"text needs {w.sizeHint().width()}px, has {w.width()}"
            if detail is None:
                kind, detail = "unreachable", _cut(w)
        elif isinstance(w, QComboBox):
            detail = _combo_problem(w)
            if detail is None:
                kind, detail = "unreachable", _cut(w)
        elif isinstance(w, QTabBar):
            needed = sum(w.tabSizeHint(i).width() for i in range(w.count()))
            if needed > w.width() + SLACK:
                detail = f"tabs need {needed}px, have {w.width()}"
        elif isinstance(w, QLineEdit):
            wanted = w.sizeHint().width()
            if w.width() + SLACK < wanted and w.maximumWidth() >= wanted:
                kind, detail = "squeezed", f"{w.width()}px wide, wants {wanted}"
            else:
                kind, detail = "unreachable", _cut(w)
        elif isinstance(w, QAbstractSpinBox | QPlainTextEdit | QTextEdit):
            kind, detail = "unreachable", _cut(w)
        if detail:
            problems.append(Problem(kind, name_of(w), detail))
    return problems
