"""One widget per step, and the container that pages through them by the flow.

Why not ``QWizard``: placed inside a window, QWizard moves the keyboard focus to
the window's first focusable widget (the client lookup) whenever a page's
completeness changes, so what the agent typed next landed in the lookup.  This
container is a ``QStackedWidget`` plus Back/Next buttons and keeps one rule:
focus moves only when the agent moves it (Tab, a shortcut, a click) or when a
step is entered, to that step's first field.  Rendering never moves it.

The flow decides navigation (:mod:`desktop.models.workflow`): Next calls
``flow.next()``, Back calls ``flow.back()``, and Next is enabled exactly when
the current step has no blockers.  A step view writes what the agent enters
into the flow and emits ``changed``; the container then re-renders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.models.workflow import Flow
from desktop.views.widgets.narrow import set_narrow, too_narrow
from desktop.views.widgets.text import bullets, heading, wrap

_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QAbstractButton)


def focusable(widget: QWidget) -> bool:
    """Whether the agent could put the keyboard on ``widget`` right now."""
    return (
        widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
    )


class StepView(QWidget):
    """One step of a workflow: its inputs, and what the flow says about them.

    Subclasses set ``step_id``, build widgets into ``self.body`` in ``__init__``
    and override the hooks below.  A view writes input into ``self.flow`` and
    emits ``changed``; it never calls its page.
    """

    step_id: ClassVar[StrEnum]
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow: Flow[Any] | None = None
        self.setObjectName(f"step_{self.step_id}")
        outer = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName(f"step_{self.step_id}Title")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title.setWordWrap(True)  # long Spanish titles in a narrow window
        self.subtitle = wrap(QLabel())
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)

    # -- hooks ---------------------------------------------------------------
    def bind(self, flow: Flow[Any]) -> None:
        """A new request starts: forget what was typed for the last one."""
        self.flow = flow
        self.reset()

    def reset(self) -> None:
        """Clear the inputs (called by :meth:`bind`)."""

    def enter(self) -> None:
        """The step is being entered: bring inputs in line with what earlier steps changed."""

    def retranslate(self) -> None:
        """Set every visible text; runs at start and on each language switch."""

    def refresh(self) -> None:
        """Render from the flow.  Never moves focus and never rewrites text being typed."""

    def first_field(self) -> QWidget | None:
        """Where the keyboard goes when the step is entered: the first input the agent can reach."""
        return next((w for w in self.findChildren(QWidget) if isinstance(w, _INPUTS) and focusable(w)), None)

    def shown_blockers(self) -> set[str]:
        """Blocker codes this view already shows at its fields (the container lists the rest)."""
        return set()

    def set_heading(self, title: str, subtitle: str = "") -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))


class StepContainer(QWidget):
    """The steps of one workflow, one at a time, with Back and Next driven by the flow.

    Keys: Alt+B / Alt+N (the buttons' mnemonics) and Ctrl+Enter for Next.  On the
    last step Next becomes ``finish_text`` and emits ``finished`` once the flow
    has no blockers left.
    """

    finished = Signal()
    stepEntered = Signal(str)  # the step id, after focus moved into it

    def __init__(
        self,
        views: Sequence[StepView],
        *,
        blocker_text: Callable[[str], str],
        name: str,
        finish_text: str = N_("&Start a new request"),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.flow: Flow[Any] | None = None
        self.views: dict[str, StepView] = {}
        self._blocker_text = blocker_text
        self._finish_text = finish_text
        self.stack = QStackedWidget()
        self._scrolls: dict[str, QScrollArea] = {}
        for view in views:
            self.views[view.step_id] = view
            # A scroll area per step: long Spanish texts at 150 % scroll instead of clipping.
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            scroll.setWidget(view)
            self.stack.addWidget(scroll)
            self._scrolls[view.step_id] = scroll
            view.changed.connect(self.refresh)

        self.blockers = wrap(QLabel())
        self.blockers.setObjectName(f"{name}Blockers")
        self.back_button = QPushButton()
        self.back_button.setObjectName(f"{name}Back")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton()
        self.next_button.setObjectName(f"{name}Next")
        self.next_button.clicked.connect(self.go_next)
        next_key = QShortcut(QKeySequence("Ctrl+Return"), self)
        next_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        next_key.activated.connect(self._next_by_key)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.blockers)
        layout.addLayout(buttons)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Steps follow the width they get, not only compact mode: the full window at 150 %
        beside the history leaves a column too narrow for two side by side."""
        super().resizeEvent(event)
        narrow = too_narrow(self, event.size().width())
        for view in self.views.values():
            set_narrow(view, narrow)

    # -- the flow ------------------------------------------------------------
    def start(self, flow: Flow[Any], *, focus: bool = False) -> None:
        """Show a new request from its first step; inputs are cleared.

        Focus moves only with ``focus=True`` (the agent asked for a new request),
        never when a client change restarts the steps behind the agent's back.
        """
        self.flow = flow
        for view in self.views.values():
            view.bind(flow)
        self._show(focus=focus)

    def current_view(self) -> StepView | None:
        return None if self.flow is None else self.views[self.flow.current]

    def go_next(self) -> None:
        flow = self.flow
        if flow is None or flow.blockers():
            return
        if flow.current == flow.steps[-1]:
            self.finished.emit()
            return
        if flow.next() is not None:
            self._show(focus=True)

    def go_back(self) -> None:
        if self.flow is not None and self.flow.back() is not None:
            self._show(focus=True)

    def _next_by_key(self) -> None:
        if self.next_button.isEnabled():
            self.go_next()

    def _show(self, *, focus: bool) -> None:
        view = self.current_view()
        if view is None:
            return
        view.enter()
        self.stack.setCurrentWidget(self._scrolls[view.step_id])
        self._render(view)
        if focus:
            target = view.first_field() or (self.next_button if self.next_button.isEnabled() else None)
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.stepEntered.emit(str(view.step_id))

    # -- rendering -----------------------------------------------------------
    def refresh(self) -> None:
        """Re-render the current step and the buttons; the keyboard stays where it is."""
        view = self.current_view()
        if view is None:
            return
        before = QApplication.focusWidget()
        self._render(view)
        after = QApplication.focusWidget()
        if before is None or after is before or not self.isAncestorOf(before):
            return
        # Rendering hid or disabled the focused widget and Qt moved focus on its own
        # (possibly out of the page): put it back in this step.
        if focusable(before):
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            target = view.first_field() or self.next_button
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _render(self, view: StepView) -> None:
        flow = self.flow
        if flow is None:
            return
        view.refresh()
        blockers = flow.blockers()
        last = flow.current == flow.steps[-1]
        self.back_button.setEnabled(flow.can_back())
        self.next_button.setText(_(self._finish_text) if last else _("&Next >"))
        self.next_button.setEnabled(not blockers)
        listed = [self._blocker_text(code) for code in blockers if code not in view.shown_blockers()]
        self.blockers.setText(heading(_("Before you go on:")) + bullets(listed) if listed else "")
        self.blockers.setVisible(bool(listed))

    def retranslate(self) -> None:
        """Texts of the buttons and of every step, then a re-render."""
        self.back_button.setText(_("< &Back"))
        self.next_button.setText(_("&Next >"))
        for view in self.views.values():
            view.retranslate()
        current = self.current_view()
        if current is not None:
            self._render(current)
