"""Every input of every built page has an accessible name or a buddy label (screen readers, mnemonics)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
)

from desktop.views.shell.main_window import MainWindow
from desktop.views.workflows import WORKFLOWS

INPUTS = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QListView,
    QTableView,
)


def _unnamed(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    # A combo box's or completer's popup list is named by its owner.
    popups = {id(c.view()) for c in root.findChildren(QComboBox)}
    popups |= {id(e.completer().popup()) for e in root.findChildren(QLineEdit) if e.completer() is not None}
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INPUTS) or id(w) in popups or w.isHidden():
            continue  # explicitly hidden widgets are not reachable until a state shows them
        if isinstance(w.parent(), QLineEdit):
            continue  # the line edit's own clear button
        if isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox | QAbstractSpinBox):
            continue  # the editor inside a combo box or spin box is named by its owner
        if type(w).__module__.startswith("PySide6") and w.objectName().startswith("qt_"):
            continue  # Qt's own internals (scroll-area corners, wizard internals)
        if w.parent() is not None and type(w.parent()).__name__ in ("QCalendarWidget", "QScrollBar"):
            continue
        text = w.text() if isinstance(w, QAbstractButton) else ""
        if w.accessibleName().strip() or text.replace("&", "").strip() or id(w) in buddies:
            continue
        owner = w.parent()
        while owner is not None and not owner.objectName():
            owner = owner.parent()
        where = owner.objectName() if owner is not None else "?"
        missing.append(f"{type(w).__name__}({w.objectName() or '?'}) under {where}")
    return missing


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_input_is_named(qtbot: Any, ctx: Any, add_client: Any, language: str) -> None:
    ctx.set_client(add_client(brand="plus"))
    ctx.set_language(language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    for spec in WORKFLOWS:
        window.show_page(spec.page_id)
    missing = _unnamed(window)
    assert not missing, "inputs without an accessible name or buddy: " + "; ".join(missing[:20])
