"""Every text field of every step keeps what the agent types, in the real main window.

The walk goes through each workflow built on the step container, on each path
listed in tests/views/walks.py.  In every enabled text or number field it clicks
the field and types several characters through the keyboard helper; it fails
if focus leaves the field (to the client lookup, say) or the text is not all in
that field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop.models.store.clients import ClientInfo
from desktop.views.shell.main_window import MainWindow
from desktop.views.widgets.steps import StepContainer, StepView
from desktop.views.workflows import workflow
from tests import keyboard
from tests.views.walks import Walk, all_walks

TYPED = "4513"


def text_of(field: QWidget) -> str:
    if isinstance(field, QLineEdit):
        return field.text()
    if isinstance(field, QPlainTextEdit | QTextEdit):
        return field.toPlainText()
    if isinstance(field, QAbstractSpinBox):
        return field.text()
    raise TypeError(type(field).__name__)


def text_fields(view: StepView) -> list[QWidget]:
    """The fields of a step the agent can type into right now."""
    found: list[QWidget] = []
    for w in view.findChildren(QWidget):
        if not (w.isVisible() and w.isEnabled()):
            continue
        if (isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit) and not w.isReadOnly()) or (isinstance(w, QAbstractSpinBox) and not w.isReadOnly()):
            found.append(w)
    return [w for w in found if not isinstance(w.parent(), QAbstractSpinBox)]  # the spin box counts once


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    """The main window with no client open: each walk opens its own."""
    return make_window()


@pytest.mark.parametrize("walk", all_walks(), ids=str)
def test_typing_stays_in_every_field_of_every_step(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], walk: Walk
) -> None:
    ctx.set_client(add_client(**walk.client))
    keyboard.shortcut(workflow(walk.page_id).shortcut)
    page = window.pages[walk.page_id]
    container = page.findChild(StepContainer)
    assert container is not None and container.flow is not None, f"{walk.page_id} has no step container"
    visited: list[str] = []
    typed_into = 0
    while True:
        view = container.current_view()
        assert view is not None
        visited.append(str(view.step_id))
        walk.complete(page, view.step_id)  # conditional fields show once the step is filled in
        for field in text_fields(view):
            name = field.objectName() or type(field).__name__
            keyboard.click(field)
            assert QApplication.focusWidget() is field, f"clicking {name} focused {keyboard.focused_name()}"
            before = text_of(field)
            keyboard.type_text(TYPED)
            assert QApplication.focusWidget() is field, f"typing in {name} moved focus to {keyboard.focused_name()}"
            after = text_of(field)
            if not isinstance(field, QDateTimeEdit):
                # (A date or time box takes digits into the section under the cursor, so only
                # where the keys went is checked for it, above.)
                assert TYPED in after and len(after) == len(before) + len(TYPED), f"{name}: {before!r} -> {after!r}"
            assert TYPED not in window.client_bar.lookup.text()
            typed_into += 1
        walk.complete(page, view.step_id)  # back to a complete step after the typing
        if container.flow is None or container.flow.current == container.flow.steps[-1]:
            break
        assert container.next_button.isEnabled(), (visited, container.blockers.text())
        keyboard.click(container.next_button)
    assert visited == [str(step) for step in container.flow.steps] if container.flow else False
    assert typed_into > 0
