"""Compact mode: the whole app as one narrow column beside the CRM.

One column at most :data:`COMPACT_WIDTH` logical pixels wide: the client card on
top, a workflow switcher (a combo box: five titles in Spanish do not fit a tab
row that narrow), the current step, and the account history folded into a
section the agent opens when needed.  Nothing is rebuilt: the same pages and the
same history panel move, so what was typed stays where it is.  The full window's
geometry and dock layout are kept while compact and come back on leaving it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QComboBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.views.page import translate_ui
from desktop.views.widgets.narrow import follow_width, mark_side_by_side, set_narrow, too_narrow
from desktop.views.widgets.steps import StepContainer
from desktop.views.workflows import WORKFLOWS

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

#: Widest the compact column is made (logical pixels, so 550 physical at 125 %).
COMPACT_WIDTH = 440
#: Smallest window in compact mode: 1366x768 at 150 % leaves 512 logical pixels of height.
COMPACT_MIN = (320, 360)
#: Tallest the unfolded history gets, so the current step keeps most of the column.
HISTORY_MAX_HEIGHT = 200
SHORTCUT = "Ctrl+Shift+C"


class CompactMode(QObject):
    """Switches a :class:`MainWindow` between its full layout and the compact column."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._on = False
        self._full_geometry = QByteArray()
        self._full_state = QByteArray()
        self._full_rect: QRect | None = None  # this run's full window, exactly
        self._full_minimum = window.minimumSize()
        self.compact_geometry = QByteArray()
        self._dock_was_visible = True
        self._panel: QWidget | None = None  # the history panel while it is in the column

        self.switcher = QComboBox()
        self.switcher.setObjectName("workflowSwitcher")
        self.switcher.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.switcher.setMinimumContentsLength(12)
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.switcher_label = QLabel()
        self.switcher_label.setBuddy(self.switcher)
        for spec in WORKFLOWS:
            self.switcher.addItem("", spec.page_id)
        self.switcher.activated.connect(self._switch_to)
        window.nav.currentRowChanged.connect(self._follow_nav)
        window.stack.currentChanged.connect(lambda _i: self._narrow_pages())
        self.switcher_row = QWidget()
        self.switcher_row.setObjectName("workflowSwitcherRow")
        row = QVBoxLayout(self.switcher_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.switcher_label)
        row.addWidget(self.switcher)
        self.switcher_row.hide()

        self.history_toggle = QToolButton()
        self.history_toggle.setObjectName("historyToggle")
        self.history_toggle.setCheckable(True)
        self.history_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.history_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.history_toggle.setAutoRaise(True)
        self.history_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.history_toggle.toggled.connect(self._fold_history)
        self.history_section = QWidget()
        self.history_section.setObjectName("historySection")
        self._section = QVBoxLayout(self.history_section)
        self._section.setContentsMargins(0, 0, 0, 0)
        self._section.addWidget(self.history_toggle)
        self.history_section.hide()

        # The column scrolls up and down as a whole when a page needs more height than
        # 768 px at 150 % leaves; it never scrolls sideways.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("compactPageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.hide()
        parent = window.stack.parentWidget()
        #: The workflows list beside the pages (found now, before any page adds a splitter of its own).
        self.splitter = parent if isinstance(parent, QSplitter) else None

        central = window.centralWidget().layout()  # type: ignore[union-attr]  # set in MainWindow
        assert isinstance(central, QBoxLayout)
        central.insertWidget(1, self.switcher_row)
        central.addWidget(self.history_section)

        self.action = QAction(window)
        self.action.setObjectName("compactAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.toggled.connect(self._on_action)
        window.addAction(self.action)  # works with the menu bar hidden, too
        window.view_menu.addAction(self.action)
        translate_ui(self.switcher_row, self.retranslate)

    # -- the switch ----------------------------------------------------------
    def is_compact(self) -> bool:
        return self._on

    def set_compact(self, on: bool) -> None:
        """Enter or leave the compact column; the choice is remembered in the preferences."""
        if on != self.action.isChecked():
            self.action.setChecked(on)  # comes back through _on_action
            return
        self._apply(on)

    def _on_action(self, on: bool) -> None:
        self._apply(on)
        if self.window.ctx.prefs.compact != on:
            self.window.ctx.update_prefs(compact=on)

    def _apply(self, on: bool) -> None:
        if on == self._on:
            return
        window = self.window
        self._on = on
        if on:
            self._full_rect = window.geometry()
            self._full_geometry = window.saveGeometry()
            self._full_state = window.saveState()
            self._dock_was_visible = not window.history_dock.isHidden()  # (before the first show, too)
        else:
            self.compact_geometry = window.saveGeometry()
        focus = QApplication.focusWidget()
        window.setUpdatesEnabled(False)
        try:
            self._arrange(on)
        finally:
            window.setUpdatesEnabled(True)
        if on:
            window.setMinimumSize(*COMPACT_MIN)
            if self.compact_geometry.isEmpty() or not window.restoreGeometry(self.compact_geometry):
                window.resize(COMPACT_WIDTH, window.height())
        else:
            window.setMinimumSize(self._full_minimum)
            if self._full_rect is not None:
                window.setGeometry(self._full_rect)  # as it was, to the pixel
            elif not self._full_geometry.isEmpty():
                window.restoreGeometry(self._full_geometry)  # as kept from the last run
            if not self._full_state.isEmpty():
                window.restoreState(self._full_state)
            window.history_dock.setVisible(self._dock_was_visible)
        # Moving the pages into the column hid them for a moment, and Qt gave the keyboard
        # to the first field of the window: the agent keeps typing where they were.
        if focus is not None and window.isAncestorOf(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _arrange(self, on: bool) -> None:
        window = self.window
        window.nav.setVisible(not on)
        self.switcher_row.setVisible(on)
        self.history_section.setVisible(on)
        bar = window.client_bar
        bar.lookup_message.setWordWrap(True)
        calls = getattr(window, "calls", None)  # the Today panel shares the history's dock area
        if calls is not None:
            # Out of the dock area while compact (its tab bar would sit beside the column),
            # back as the history's neighbour after.
            today = calls.today_dock
            if on:
                window.removeDockWidget(today)
            elif window.dockWidgetArea(today) == Qt.DockWidgetArea.NoDockWidgetArea:
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, today)
                window.splitDockWidget(window.history_dock, today, Qt.Orientation.Vertical)
        if on:
            window.history_dock.hide()
            self._panel = window.history_dock.widget()
            if self._panel is not None:
                self._section.addWidget(self._panel)
                self._panel.setMaximumHeight(HISTORY_MAX_HEIGHT)
                self._panel.setVisible(self.history_toggle.isChecked())
        elif self._panel is not None:
            panel, self._panel = self._panel, None
            panel.setMaximumHeight(16_777_215)
            window.history_dock.setWidget(panel)
            panel.show()
        splitter = self.splitter
        if splitter is not None:
            splitter.setHandleWidth(0 if on else -1)
            if on:
                self.page_scroll.setWidget(window.stack)
                splitter.insertWidget(1, self.page_scroll)
                self.page_scroll.show()
            else:
                stack = self.page_scroll.takeWidget()
                self.page_scroll.hide()
                self.page_scroll.setParent(None)
                splitter.insertWidget(1, stack)
                stack.show()
            splitter.setStretchFactor(1, 1)
        window.status.setSizeGripEnabled(not on)
        # The column's bar keeps CSG hours, the call and the agent; which chat applies today
        # is said on the Chat page, where it is used (SOP H2).
        window.status.chat.setVisible(not on)
        for label in window.status.findChildren(QLabel):
            label.setWordWrap(on)  # CSG hours and the chat of the day share a narrow bar
        self._follow_nav(window.nav.currentRow())
        self._narrow_pages()

    def _narrow_pages(self) -> None:
        """Pages are built on first visit: each gets the current width's layout when shown."""
        for page in self.window.pages.values():
            if page.findChild(StepContainer) is None and not page.property("narrowMarked"):
                mark_side_by_side(page)  # Notes and Chat: two panes side by side
                page.setProperty("narrowMarked", True)
                follow_width(page)
            set_narrow(page, self._on or too_narrow(page))

    # -- the pieces ------------------------------------------------------------
    def _switch_to(self, index: int) -> None:
        page_id = self.switcher.itemData(index)
        if isinstance(page_id, str):
            self.window.show_page(page_id)

    def _follow_nav(self, row: int) -> None:
        if 0 <= row < self.switcher.count() and self.switcher.currentIndex() != row:
            self.switcher.setCurrentIndex(row)

    def _fold_history(self, unfolded: bool) -> None:
        self.history_toggle.setArrowType(Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow)
        if self._panel is not None:
            self._panel.setVisible(unfolded)

    def full_geometry(self) -> QByteArray:
        """The full window's geometry, kept while compact."""
        return self._full_geometry

    def full_state(self) -> QByteArray:
        """The full window's dock layout, kept while compact."""
        return self._full_state

    def history_panel(self) -> QWidget | None:
        """The history panel while it sits in the compact column (None in the full window)."""
        return self._panel

    def retranslate(self) -> None:
        self.action.setText(_("Com&pact beside the CRM"))
        self.switcher_label.setText(_("Workflow:"))
        self.switcher.setAccessibleName(_("Workflow"))
        for row, spec in enumerate(WORKFLOWS):
            self.switcher.setItemText(row, f"{_(spec.title)}  ({spec.shortcut})")
        self.history_toggle.setText(_("Account history"))
        self.history_toggle.setAccessibleName(_("Show or hide the account history"))
