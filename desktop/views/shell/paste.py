"""Paste and go: a CID or a UTR number on the clipboard, or dropped on the window, opens its client.

The lookup itself is :mod:`desktop.models.paste_target`; this module only reads
the clipboard or the drop, opens what was found and says in plain words why
nothing was opened.  Junk never changes the open client.  The clipboard watch
is off unless the agent turns it on: it opens a CID copied anywhere, and stays
silent about everything else an agent copies during a call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel

from desktop.i18n import N_, _
from desktop.models import paste_target
from desktop.models.paste_target import PasteReason, PasteTarget
from desktop.views.page import translate_ui

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+V"

REASON_TEXTS: dict[PasteReason, str] = {
    PasteReason.EMPTY: N_("Nothing to open: copy a CID or a UTR number first."),
    PasteReason.TOO_LONG: N_("Nothing opened: the text is too long for a CID or a UTR number. Copy just the number."),
    PasteReason.HAS_SPACES: N_("Nothing opened: “{text}” has spaces in it, and a CID or a UTR number has none."),
    PasteReason.BAD_CHARACTERS: N_("Nothing opened: “{text}” is not a CID or a UTR number (letters, digits and dashes only)."),
    PasteReason.UNKNOWN: N_("Nothing opened: no client has the CID or UTR number “{text}”."),
}


def message(target: PasteTarget) -> str:
    """What the agent reads after a paste or a drop."""
    client = target.client
    if client is not None and target.reason == PasteReason.UTR:
        return _("Opened {name} (CID {cid}): the client of POC request {utr}.").format(
            name=client.name, cid=client.cid, utr=target.utr or target.text
        )
    if client is not None:
        return _("Opened {name} (CID {cid}).").format(name=client.name, cid=client.cid)
    return _(REASON_TEXTS[target.reason]).format(text=target.text)


class PasteAndGo(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last: PasteTarget | None = None
        self.paste_action = QAction(window)
        self.paste_action.setObjectName("pasteAndGoAction")
        self.paste_action.setShortcut(QKeySequence(SHORTCUT))
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.paste_action.triggered.connect(self.paste)
        window.addAction(self.paste_action)
        window.view_menu.addAction(self.paste_action)
        self.watch_action = QAction(window)
        self.watch_action.setObjectName("watchClipboardAction")
        self.watch_action.setCheckable(True)
        self.watch_action.setChecked(window.ctx.prefs.watch_clipboard)
        self.watch_action.toggled.connect(self.set_watching)
        window.view_menu.addAction(self.watch_action)
        self.message_label: QLabel = window.client_bar.lookup_message
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # a pasted text is never markup
        self.message_label.setWordWrap(True)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        clipboard = QGuiApplication.clipboard()
        clipboard.dataChanged.connect(self._clipboard_changed)
        translate_ui(self.message_label, self.retranslate)

    # -- the agent's commands -------------------------------------------------
    def paste(self) -> PasteTarget:
        """Ctrl+Shift+V: open the client named on the clipboard."""
        return self.open_text(QGuiApplication.clipboard().text())

    def open_text(self, text: str, *, quiet: bool = False) -> PasteTarget:
        """Open the client ``text`` names; otherwise say why (unless ``quiet``) and change nothing."""
        with self.window.ctx.session() as session:
            target = paste_target.resolve(session, text)
        self.last = target
        ctx = self.window.ctx
        if target.client is not None:
            if ctx.client is None or ctx.client.id != target.client.id:
                ctx.set_client(target.client)
            if target.reason == PasteReason.UTR:
                self.window.show_page("poc")  # where that request's escalations are (SOP P8)
        if target.client is not None or not quiet:
            self.message_label.setText(message(target))
        return target

    def set_watching(self, on: bool) -> None:
        if self.watch_action.isChecked() != on:
            self.watch_action.setChecked(on)
            return
        if self.window.ctx.prefs.watch_clipboard != on:
            self.window.ctx.update_prefs(watch_clipboard=on)

    def is_watching(self) -> bool:
        return self.watch_action.isChecked()

    def _clipboard_changed(self) -> None:
        if self.is_watching():
            self.open_text(QGuiApplication.clipboard().text(), quiet=True)

    # -- drops ----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDragEnterEvent | QDropEvent):
                if event.mimeData().hasText():
                    event.acceptProposedAction()
                    return True
            elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent) and event.mimeData().hasText():
                event.acceptProposedAction()
                self.open_text(event.mimeData().text())
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.paste_action.setText(_("&Open the client on the clipboard"))
        self.watch_action.setText(_("&Watch the clipboard for a CID"))
