"""Pieces the workflow wizards share: a wizard that restarts instead of closing,
and a step page whose validity comes from the workflow's Qt-free flow."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage


class StepOwner(Protocol):
    def step_complete(self, step: str) -> bool: ...


class RestartingWizard(QWizard):
    """Finishing starts a new request instead of hiding the wizard inside the page."""

    restartRequested = Signal()

    def done(self, result: int) -> None:
        self.restartRequested.emit()


class StepPage(QWizardPage):
    """One wizard step; Next follows the flow's blockers (and any registered ``name*`` field).

    With ``scrolling`` the content sits in ``self.body``/``self.layout_`` inside a scroll
    area, so long Spanish texts at 150 % scaling scroll instead of clipping.
    """

    def __init__(self, owner: StepOwner, step: str, object_prefix: str, *, scrolling: bool = True) -> None:
        super().__init__()
        self.owner = owner
        self.step = step
        self.setObjectName(f"{object_prefix}_{step}")
        if scrolling:
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.body = QWidget()
            self.layout_ = QVBoxLayout(self.body)
            scroll.setWidget(self.body)
            outer.addWidget(scroll)

    def isComplete(self) -> bool:
        # The base check covers registerField("name*"); the flow adds its own blockers.
        return super().isComplete() and self.owner.step_complete(self.step)


def wrap(label: QLabel) -> QLabel:
    """Wrapping, selectable text: agents copy facts from it into the CRM."""
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def error_label(name: str, color: str = "#a01c1c") -> QLabel:
    """The hidden message under a field that shows what is wrong with what was typed."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {color};")
    label.hide()
    return label
