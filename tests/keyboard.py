"""The one way GUI tests type and click: like a person at a keyboard and a mouse.

A real keyboard delivers each key to whatever widget has focus at that moment, so
every helper here looks the target up again for every key (the open popup first,
then ``QApplication.focusWidget()``).  A test that typed into a named widget would
pass even when focus had jumped elsewhere after the first keystroke; these fail.

Shortcuts go through ``QTest.keyClick`` because it runs Qt's shortcut map first,
as a key event from the window system does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

_NAMED_KEYS: dict[str, Qt.Key] = {
    "\n": Qt.Key.Key_Return,
    "\r": Qt.Key.Key_Return,
    "\t": Qt.Key.Key_Tab,
    "\b": Qt.Key.Key_Backspace,
}


_popup: list[QWidget] = []


def focus_target() -> QWidget:
    """Where the next key goes: the open popup, else the focused widget."""
    popup = QApplication.activePopupWidget()
    # Keep the popup's Python wrapper alive while its child is used: dropping a parent's
    # wrapper invalidates the wrappers of its children ("Internal C++ object already deleted").
    _popup[:] = [] if popup is None else [popup]
    target = popup.focusWidget() or popup if popup is not None else QApplication.focusWidget()
    if target is None:
        raise AssertionError("no widget has keyboard focus: a key typed now would go nowhere")
    return target


def type_text(text: str) -> None:
    """Type ``text`` one key at a time into whatever has focus for each key."""
    for ch in text:
        target = focus_target()
        if ch in _NAMED_KEYS:
            QTest.keyClick(target, _NAMED_KEYS[ch])
        elif ch.isascii():
            QTest.keyClick(target, ch)  # type: ignore[call-overload]  # the char overload
        else:
            # Characters a layout or an input method commits (é, ñ, fullwidth digits,
            # no-break spaces): a key event carrying the text, as the platform sends it.
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
        QApplication.processEvents()


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press one key (with modifiers) where the focus is."""
    QTest.keyClick(focus_target(), key, modifiers)
    QApplication.processEvents()


def shortcut(sequence: str) -> None:
    """Press a documented shortcut such as ``"Ctrl+L"`` or ``"F4"`` from wherever focus is."""
    combo = QKeySequence(sequence)[0]  # type: ignore[index]  # stubs lack __getitem__
    QTest.keyClick(focus_target(), combo.key(), combo.keyboardModifiers())
    QApplication.processEvents()


def click(widget: QWidget, pos: QPoint | None = None, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """Click where a mouse would: on the visible widget (its centre by default)."""
    if not widget.isVisible():
        raise AssertionError(f"cannot click {widget.objectName() or widget!r}: it is not visible")
    if not widget.isEnabled():
        raise AssertionError(f"cannot click {widget.objectName() or widget!r}: it is disabled")
    window = widget.window()
    if not window.isActiveWindow():
        # A real click raises and activates its window (the window manager does it);
        # on a bare X server nobody does, so the click does what the manager would.
        window.raise_()
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 2000)
    QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos or widget.rect().center())
    QApplication.processEvents()


def focused_name() -> str:
    """The object name of the focused widget, for readable assertion messages."""
    widget = QApplication.focusWidget()
    return "<none>" if widget is None else widget.objectName() or type(widget).__name__


def type_into(widget: QWidget, text: str) -> None:
    """Click into ``widget`` as a mouse would (unless it already has focus), go to its end, type ``text``.

    The keys still go wherever focus is after the click, one by one: if the
    widget loses focus half-way, the rest lands elsewhere and the test sees it.
    """
    if QApplication.focusWidget() is not widget:
        click(widget)
    if QApplication.focusWidget() is widget:
        QTest.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(text)
