"""The step container keeps the keyboard where the agent is, whatever the workflow.

A two-step toy flow inside a window whose first focusable widget is a line edit
standing for the client lookup: the widget focus would fall back to if anything
in the container moved it.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from desktop.models.credits.flow import CreditFlow
from desktop.models.sop import load_default_pack
from desktop.models.workflow import Flow, LinearSteps
from desktop.views.widgets.steps import StepContainer, StepView
from tests import keyboard


class Toy(StrEnum):
    NAME = "name"
    DONE = "done"


class ToyFlow(LinearSteps[Toy]):
    steps = tuple(Toy)

    def __init__(self) -> None:
        super().__init__()
        self.name = ""

    @property
    def outcome(self) -> str | None:
        return None

    def blockers(self, step: Toy | None = None) -> tuple[str, ...]:
        step = self.current if step is None else step
        return ("name_missing",) if step == Toy.NAME and not self.name.strip() else ()

    def note_fields(self, language: str) -> dict[str, object]:
        return {"reason": self.name}


class NameView(StepView):
    """Writes the name into the flow; "hide" hides the extra field (a re-render that hides)."""

    step_id = Toy.NAME

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.name.setObjectName("toyName")
        self.extra = QLineEdit()
        self.extra.setObjectName("toyExtra")
        self.extra.textEdited.connect(self._write_extra)
        self.body.addWidget(self.name)
        self.body.addWidget(self.extra)
        self.name.textEdited.connect(self._write)

    def _write(self, text: str) -> None:
        assert isinstance(self.flow, ToyFlow)
        self.flow.name = text
        self.changed.emit()

    def _write_extra(self, text: str) -> None:
        self.changed.emit()

    def reset(self) -> None:
        self.name.clear()
        self.extra.clear()

    def refresh(self) -> None:
        self.extra.setVisible(self.extra.text() != "hide")


class DoneView(StepView):
    step_id = Toy.DONE

    def __init__(self) -> None:
        super().__init__()
        self.remark = QLineEdit()
        self.remark.setObjectName("toyRemark")
        self.body.addWidget(self.remark)


Setup = tuple[QWidget, QLineEdit, StepContainer, NameView, DoneView]


@pytest.fixture
def setup(qtbot: Any) -> Iterator[Setup]:
    window = QWidget()
    lookup = QLineEdit()
    lookup.setObjectName("lookup")
    first, second = NameView(), DoneView()
    container = StepContainer((first, second), blocker_text=lambda code: f"words for {code}", name="toy")
    layout = QVBoxLayout(window)
    layout.addWidget(lookup)
    layout.addWidget(container)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    container.retranslate()
    container.start(ToyFlow())
    yield window, lookup, container, first, second


def test_typing_that_changes_what_blocks_next_keeps_focus(setup: Setup) -> None:
    _window, lookup, container, first, _second = setup
    assert not container.next_button.isEnabled() and "words for name_missing" in container.blockers.text()
    keyboard.click(first.name)
    keyboard.type_text("ab\b\bAna")  # Next turns on, off and on again while typing
    assert QApplication.focusWidget() is first.name, keyboard.focused_name()
    assert first.name.text() == "Ana" and lookup.text() == ""
    assert container.next_button.isEnabled() and container.blockers.isHidden()


def test_refreshes_from_signals_and_timers_never_move_focus(setup: Setup, qtbot: Any) -> None:
    _window, lookup, container, first, _second = setup
    keyboard.click(first.name)
    ticker = QTimer()
    ticker.setInterval(1)
    ticker.timeout.connect(container.refresh)
    ticker.start()
    for ch in "Maria":
        keyboard.type_text(ch)
        first.changed.emit()
        QTimer.singleShot(0, container.refresh)
        qtbot.wait(5)
    ticker.stop()
    assert QApplication.focusWidget() is first.name, keyboard.focused_name()
    assert first.name.text() == "Maria" and lookup.text() == ""


def test_a_refresh_that_hides_the_focused_field_keeps_focus_in_the_step(setup: Setup) -> None:
    _window, lookup, container, first, _second = setup
    keyboard.click(first.extra)
    keyboard.type_text("hide")
    assert first.extra.isHidden()
    assert container.isAncestorOf(keyboard.focus_target()), keyboard.focused_name()
    keyboard.type_text("x")
    assert lookup.text() == ""


def test_focus_moves_when_a_step_is_entered_and_only_then(setup: Setup, qtbot: Any) -> None:
    _window, lookup, container, first, second = setup
    keyboard.click(first.name)
    keyboard.type_text("Ana")
    keyboard.shortcut("Ctrl+Return")
    assert container.current_view() is second
    assert QApplication.focusWidget() is second.remark
    keyboard.press(Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # "< &Back" (the button animates its click)
    qtbot.waitUntil(lambda: container.current_view() is first)
    assert QApplication.focusWidget() is first.name
    keyboard.press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # "&Next >"
    qtbot.waitUntil(lambda: container.current_view() is second)
    # A new request started behind the agent's back (another client opened) leaves the keyboard alone.
    keyboard.click(lookup)
    container.start(ToyFlow())
    assert QApplication.focusWidget() is lookup and container.current_view() is first


def test_next_is_refused_while_the_step_is_blocked(setup: Setup) -> None:
    _window, _lookup, container, first, _second = setup
    keyboard.click(first.name)
    keyboard.shortcut("Ctrl+Return")
    container.go_next()
    assert container.current_view() is first and QApplication.focusWidget() is first.name


def test_the_last_step_finishes_instead_of_moving_on(setup: Setup, qtbot: Any) -> None:
    _window, _lookup, container, first, _second = setup
    keyboard.click(first.name)
    keyboard.type_text("Ana")
    keyboard.click(container.next_button)
    assert container.next_button.text() == "&Start a new request"
    with qtbot.waitSignal(container.finished):
        keyboard.click(container.next_button)


def test_flows_satisfy_the_protocol() -> None:
    assert isinstance(ToyFlow(), Flow)
    credit = CreditFlow(state="TX", brand="plus", pack=load_default_pack(), prior_courtesy_credits=0)
    assert isinstance(credit, Flow)
    assert credit.current == credit.steps[0] and credit.next() is None and credit.back() is None
