"""The call workspace: client bar on top, workflows on the left, the chosen one in the centre.

Built in two steps so start-up can paint before the store opens: the frame
(title, menus, size) needs only Qt, and :meth:`MainWindow.attach` adds what reads
the store (client bar, workflows, history, status) once it is open.  Its imports
are inside :meth:`attach` for that reason: the ORM and the screens load after the
first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDockWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.views.context import AppContext
    from desktop.views.page import Page
    from desktop.views.shell.client_bar import ClientBar
    from desktop.views.shell.status_bar import StatusBar
    from desktop.views.shell.store_banner import StoreBanner

_DOCK_BUTTONS = {"qt_dockwidget_closebutton": "Close", "qt_dockwidget_floatbutton": "Float"}


class MainWindow(QMainWindow):
    #: The window painted for the first time (start-up opens the store after it).
    firstPainted = Signal()
    #: Everything :meth:`attach` left for after its own paint is built (lead menus, first page).
    finished = Signal()

    def __init__(self, ctx: AppContext | None = None, *, demo: bool = False) -> None:
        super().__init__()
        self.painted = False
        self.complete = False
        self._demo = demo if ctx is None else ctx.demo
        self.resize(1180, 760)
        self.setMinimumSize(640, 480)  # fits 1366x768 at 150 % (911x512 logical)
        self.pages: dict[str, Page] = {}
        self._build_menus()
        self._retranslate_frame()
        if ctx is not None:
            self.attach(ctx)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            self.firstPainted.emit()

    def attach(self, ctx: AppContext, *, later: bool = False) -> None:
        """Add the parts that read the store.  ``later``: the lead menus and the first
        workflow page are built after this paints (start-up), else at once (tests)."""
        from desktop.views.page import translate_ui
        from desktop.views.shell.client_bar import ClientBar
        from desktop.views.shell.history_panel import HistoryPanel
        from desktop.views.shell.status_bar import StatusBar
        from desktop.views.shell.store_banner import StoreBanner
        from desktop.views.shell.workflow_list import WorkflowList
        from desktop.views.workflows import WORKFLOWS

        self.ctx = ctx
        self.client_bar: ClientBar = ClientBar(ctx)
        self.banner: StoreBanner = StoreBanner()
        self.nav = WorkflowList()
        self.stack = QStackedWidget()
        for spec in WORKFLOWS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.page_id)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # built on first visit: start-up stays fast
        self.nav.currentRowChanged.connect(self._show_row)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.client_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.status: StatusBar = StatusBar(ctx)
        self.setStatusBar(self.status)

        self.history_dock = QDockWidget(self)
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(HistoryPanel(ctx))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)

        # Every shortcut is bound once: two bindings of one key make Qt do nothing.
        for spec in WORKFLOWS:
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.activated.connect(lambda pid=spec.page_id: self.show_page(pid))

        ctx.navigateRequested.connect(self.show_page)
        ctx.noteDraftOffered.connect(self._take_note)
        translate_ui(self, self.retranslate)
        if later:
            QTimer.singleShot(0, self._finish)
        else:
            self._finish()

    def _finish(self) -> None:
        """The lead dialogs' menu entries, then the first workflow page."""
        self._add_optional_actions()
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.retranslate()
        self.nav.setCurrentRow(0)
        from desktop.views.shell import call_window

        self.calls = call_window.install(self)  # F2/F12, call timer, Today panel (Ctrl+Shift+Y)
        # Compact column, always on top, paste and go; the layout kept for this screen.
        from desktop.views.shell.window_shell import install as install_shell

        self.shell = install_shell(self)
        self.complete = True
        self.finished.emit()

    @property
    def attached(self) -> bool:
        return hasattr(self, "ctx")

    # -- menus ------------------------------------------------------------
    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.view_menu = self.menuBar().addMenu("")
        self.help_menu = self.menuBar().addMenu("")
        self.extra_actions: list[tuple[QAction, str]] = []
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.addAction(self.quit_action)  # in the File menu once the lead entries are in
        self.lookup_action = QAction(self)
        self.lookup_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lookup_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.lookup_action.triggered.connect(self.focus_lookup)
        self.addAction(self.lookup_action)  # works with the menu bar hidden, too
        self.view_menu.addAction(self.lookup_action)
        self.sop_action = QAction(self)
        self.sop_action.setShortcut(QKeySequence("F4"))
        self.sop_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.sop_action.triggered.connect(self.show_sop)
        self.view_menu.addAction(self.sop_action)
        self._sop_viewer: QWidget | None = None
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)

    def _add_optional_actions(self) -> None:
        """Menu entries contributed by the lead dialogs (roster import, SOP packs)."""
        from desktop.views.lead import roster_import, sop_packs
        from desktop.views.shell import preferences

        roster_import.install_actions(self)
        sop_packs.install_actions(self)
        preferences.install_actions(self)
        from desktop.views.shell import team_banner

        team_banner.install(self)  # team mode only: offline banner, pack in use, lead's conflicts

    def _retranslate_frame(self) -> None:
        title = _("Interlock Assist")
        if self._demo:
            title = _("{app} — DEMO database").format(app=title)
        self.setWindowTitle(title)
        self.file_menu.setTitle(_("&File"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.quit_action.setText(_("&Quit"))
        self.lookup_action.setText(_("Find &client"))
        self.about_action.setText(_("&About Interlock Assist"))
        self.sop_action.setText(_("&State SOP for this client"))
        for action, text in self.extra_actions:
            action.setText(_(text))

    def retranslate(self) -> None:
        from desktop.views.workflows import WORKFLOWS

        self._retranslate_frame()
        for row, spec in enumerate(WORKFLOWS):
            item = self.nav.item(row)
            item.setText(f"{_(spec.title)}    {spec.shortcut}")
        self.nav.retitled()
        self.nav.setAccessibleName(_("Workflows"))
        self.banner.retranslate()
        self.history_dock.setWindowTitle(_("Account history"))
        # Qt names the dock's own buttons once, at creation; a screen reader would
        # keep announcing them in the old language after a live switch.
        for button in self.history_dock.findChildren(QAbstractButton):
            name = _DOCK_BUTTONS.get(button.objectName())
            if name is not None:
                button.setAccessibleName(QCoreApplication.translate("QDockWidget", name))

    # -- navigation -------------------------------------------------------
    def page(self, page_id: str) -> Page:
        """The page for ``page_id``, built on first use."""
        from desktop.views.workflows import WORKFLOWS, build_page

        row = next(i for i, spec in enumerate(WORKFLOWS) if spec.page_id == page_id)
        if page_id not in self.pages:
            page = build_page(WORKFLOWS[row], self.ctx)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[page_id] = page
        return self.pages[page_id]

    def show_page(self, page_id: str) -> None:
        from desktop.views.workflows import WORKFLOWS

        row = next(i for i, spec in enumerate(WORKFLOWS) if spec.page_id == page_id)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._show_row(row)

    def _show_row(self, row: int) -> None:
        from desktop.views.workflows import WORKFLOWS

        if row < 0:
            return
        page = self.page(WORKFLOWS[row].page_id)
        self.stack.setCurrentWidget(page)

    def show_sop(self) -> None:
        """The client's state SOP entry, from anywhere, in one keystroke (F4)."""
        from desktop.views.shell.sop_viewer import SopViewer

        if not self.attached:
            return
        if self._sop_viewer is None:
            self._sop_viewer = SopViewer(self.ctx, self)
        self._sop_viewer.show()
        self._sop_viewer.raise_()
        self._sop_viewer.activateWindow()

    def _take_note(self, _fields: object) -> None:
        """Build the Notes page as soon as a workflow offers a note, so its draft autosave
        keeps the note even if the agent closes the app before opening Notes."""
        if "notes" not in self.pages:
            self.page("notes")

    def set_compact(self, on: bool) -> None:
        """One narrow column beside the CRM (View → Compact), or back to the full window."""
        self.shell.compact.set_compact(on)

    def is_compact(self) -> bool:
        return self.shell.compact.is_compact()

    def focus_lookup(self) -> None:
        if not self.attached:
            return
        self.client_bar.lookup.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.client_bar.lookup.selectAll()

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop import __version__

        if not self.attached:
            return
        QMessageBox.about(
            self,
            _("About Interlock Assist"),
            _("Interlock Assist {version}\nDatabase: {db}").format(
                version=__version__, db=self.ctx.store.url
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            closer = getattr(page, "save_state", None)
            if callable(closer):
                closer()
        shell = getattr(self, "shell", None)  # none when closed before the screens were built
        if shell is not None:
            shell.state.save()
        super().closeEvent(event)
