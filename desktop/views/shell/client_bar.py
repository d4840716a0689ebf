"""Top of the window: client lookup, the current client's card and the language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models.store import client_flags, clients
from desktop.models.store.clients import ClientInfo
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.widgets.colors import Role, style_text
from desktop.views.widgets.outcome import Tone, marked

BRAND_NAMES = {
    "plus": N_("PLUS (CSG-handled)"),
    "m9": N_("Guardian M9"),
    "monitech": N_("Monitech"),
}


def brand_name(brand: str) -> str:
    return _(BRAND_NAMES[brand]) if brand in BRAND_NAMES else brand


def client_local_time(client: ClientInfo, now: datetime) -> datetime | None:
    try:
        return now.astimezone(ZoneInfo(client.time_zone))
    except (ZoneInfoNotFoundError, ValueError):
        return None


class ClientBar(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._results: list[ClientInfo] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.lookup_label = QLabel()
        self.lookup = QLineEdit()
        self.lookup.setObjectName("clientLookup")
        self.lookup.setClearButtonEnabled(True)
        self.lookup.setMinimumWidth(self.lookup.fontMetrics().averageCharWidth() * 24)  # a full name stays readable
        self.lookup_label.setBuddy(self.lookup)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lookup.setCompleter(self._completer)
        self.lookup.textEdited.connect(self._on_typed)
        self.lookup.returnPressed.connect(self._open_best)
        self._completer.activated[str].connect(self._open_text)  # type: ignore[index]
        self.lookup_message = QLabel()
        self.lookup_message.setObjectName("lookupMessage")

        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.language_label.setBuddy(self.language)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.prefs.language)))
        self.language.currentIndexChanged.connect(self._on_language)
        ctx.languageChanged.connect(self._show_language)  # a switch made in Preferences

        self.card = QLabel()
        self.card.setObjectName("clientCard")
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setWordWrap(True)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags = QLabel()
        self.flags.setObjectName("criticalFlags")
        style_text(self.flags, Role.WARN, "font-weight: bold;")
        self.flags.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.lookup_label)
        top.addWidget(self.lookup, 3)
        top.addSpacing(12)
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        grid = QGridLayout()
        grid.addWidget(self.card, 0, 0)
        grid.addWidget(self.flags, 1, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.lookup_message)
        layout.addLayout(grid)

        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.render_card)
        self._clock.start()

        ctx.clientChanged.connect(lambda _c: self.render_card())
        ctx.historyChanged.connect(lambda _id: self.render_card())  # a critical note may add a flag (SOP N2)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.lookup_label.setText(_("&Client:"))
        self.lookup.setPlaceholderText(_("CID or name — Enter opens"))
        self.lookup.setAccessibleName(_("Client lookup"))
        self.language_label.setText(_("&Language:"))
        self.language.setAccessibleName(_("Language"))
        self.lookup_message.setText("")
        self.render_card()

    def render_card(self) -> None:
        client = self.ctx.client
        if client is None:
            self.card.setText(_("No client open. Type a CID or a name above."))
            self.flags.setText("")
            return
        local = client_local_time(client, self.ctx.now())
        local_text = i18n.format_time(local) if local else _("unknown time zone")
        money = i18n.format_money(abs(client.balance))
        if client.balance > 0:
            balance = _("Balance due {amount}").format(amount=money)
        elif client.balance < 0:
            balance = _("Account credit {amount}").format(amount=money)
        else:
            balance = _("No balance")
        self.card.setText(
            # Two short lines rather than one long one: wraps predictably at 125-150 %
            # scaling and with the history dock open, where long Spanish labels clipped.
            "<b>{name}</b> &nbsp; {cid_label} <b>{cid}</b> &nbsp;·&nbsp; {brand} &nbsp;·&nbsp; {balance}<br>"
            "{state_label} <b>{state}</b> &nbsp;·&nbsp; {tz} ({local_label} <b>{local}</b>)".format(
                name=_escape(client.name),
                cid_label=_("CID"),
                cid=_escape(client.cid),
                brand=_escape(brand_name(client.brand)),
                state_label=_("State of conviction:"),
                state=_escape(client.state),
                tz=_escape(client.time_zone),
                local_label=_("local time"),
                local=_escape(local_text),
                balance=_escape(balance),
            )
        )
        flags = [*client.critical_flags, *(f for f in self._recorded_flags(client) if f not in client.critical_flags)]
        self.flags.setText("  ".join(marked(Tone.WARN, f) for f in flags))

    def _recorded_flags(self, client: ClientInfo) -> list[str]:
        """Flags agents recorded with a critical note, beside the CRM's own (SOP N2)."""
        with self.ctx.session() as s:
            return client_flags.flags_for(s, client.id)

    def warm_up(self) -> None:
        """Build the suggestions' popup now (after the first paint), not on the first keystroke:
        its widget, style and native window (``winId``), without showing it."""
        popup = self._completer.popup()
        if popup is not None:
            popup.ensurePolished()
            popup.winId()

    def _on_typed(self, text: str) -> None:
        with self.ctx.session() as s:
            self._results = clients.search(s, text, limit=8)
        self._model.setStringList([self._label_for(c) for c in self._results])
        if text.strip() and not self._results:
            self.lookup_message.setText(_("No client matches “{text}”.").format(text=text.strip()))
        else:
            self.lookup_message.setText("")

    @staticmethod
    def _label_for(client: ClientInfo) -> str:
        return f"{client.name} — {client.cid} ({client.state})"

    def _open_text(self, text: str) -> None:
        for c in self._results:
            if self._label_for(c) == text:
                self._open(c)
                return

    def _open_best(self) -> None:
        popup = self._completer.popup()
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer's activated signal opens the highlighted row
        if not self._results:
            self._on_typed(self.lookup.text())
        if self._results:
            self._open(self._results[0])

    def _open(self, client: ClientInfo) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()
        self.lookup.clear()
        self._results = []
        self.lookup_message.setText("")
        self.ctx.set_client(client)

    def _on_language(self, index: int) -> None:
        self.ctx.set_language(str(self.language.itemData(index)))

    def _show_language(self, language: str) -> None:
        index = self.language.findData(language)
        if index >= 0 and index != self.language.currentIndex():
            self.language.setCurrentIndex(index)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
