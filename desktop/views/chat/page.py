"""Chat templates page: a complete, polite escalation request, to the right chat.

Why a form per template: a lead answering a chat needs the fields of the SOP
template every time (SOP H1, H4); missing ones cost a round-trip while the
client waits.  The page pre-fills what the app already knows (client, the POC
flow's ticket and times), refuses what the SOP forbids (a transfer with a
balance, H5; a mechanic request without its forms, H6), checks the etiquette
of the free-text reason (H3) and says which chat to use right now (H2).

The copied message is always English (see :mod:`desktop.models.chat.rules`); every
text around it follows the UI language.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_money
from desktop.models.chat import rules as chat
from desktop.models.chat.rooms import chat_room
from desktop.models.store.clients import ClientInfo
from desktop.views.chat.template_form import (
    _BLOCK_MARK,
    _CALL_KEYS,
    _FIELD_NAMES,
    _OK_MARK,
    _TAB_TITLES,
    _TEMPLATE_ORDER,
    _WARN_MARK,
    _TemplateForm,
)
from desktop.views.context import AppContext
from desktop.views.page import Page
from desktop.views.widgets.clipboard import copy_text
from desktop.views.widgets.colors import Role, style_text
from desktop.views.widgets.field_row import error_label
from desktop.views.widgets.folding import PaneScroll, page_scroll
from desktop.views.widgets.narrow import stack_when_narrow
from desktop.views.widgets.wrapping import WrapCheckBox


class ChatPage(Page):
    page_id = "chat"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._auto: dict[tuple[str, str], str] = {}  # values we filled in, so we never overwrite the agent's

        self.banner = QLabel()
        self.banner.setObjectName("chatChannelBanner")
        self.banner.setWordWrap(True)
        self.banner.setMargin(8)
        self.no_client = QLabel()
        self.no_client.setObjectName("chatNoClient")
        self.no_client.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("chatTemplates")
        self.forms: dict[str, _TemplateForm] = {}
        for template in _TEMPLATE_ORDER:
            form = _TemplateForm(template)
            self.forms[template] = form
            container = QWidget()
            box = QVBoxLayout(container)
            box.addWidget(form)
            if template == chat.MECHANIC_BYPASS:
                self.affidavit = WrapCheckBox()
                self.affidavit.setObjectName("affidavitOnFile")
                self.work_order = WrapCheckBox()
                self.work_order.setObjectName("workOrderOnFile")
                self.mechanic_error = error_label("mechanicError")
                box.addWidget(self.affidavit)
                box.addWidget(self.work_order)
                box.addWidget(self.mechanic_error)
            if template == chat.STATE_TRANSFER:
                self.balance_error = error_label("balanceError")
                self.credit_reminder = QLabel()
                self.credit_reminder.setObjectName("creditReminder")
                self.credit_reminder.setWordWrap(True)
                form.form.insertRow(form.form.rowCount(), "", self.balance_error)
                box.addWidget(self.credit_reminder)
            box.addStretch(1)
            self.tabs.addTab(PaneScroll(container), "")  # a tall template scrolls inside its tab

        self.etiquette = QLabel()
        self.etiquette.setObjectName("etiquetteCheck")
        self.etiquette.setWordWrap(True)
        self.missing_error = error_label("chatMissingError")
        self.preview_label = QLabel()
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("chatPreview")
        self.preview.setReadOnly(True)
        self.preview_label.setBuddy(self.preview)
        self.english_hint = QLabel()
        self.english_hint.setObjectName("chatEnglishHint")
        self.english_hint.setWordWrap(True)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyChat")
        self.copy_button.setDefault(True)
        self.status = QLabel()
        self.status.setObjectName("chatStatus")
        self.status.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(self.preview_label)
        right.addWidget(self.preview, 1)
        self.preview.setMaximumHeight(self.fontMetrics().lineSpacing() * 14)
        right.addWidget(self.english_hint)
        right.addWidget(self.etiquette)
        right.addWidget(self.missing_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        right.addLayout(buttons)
        right.addWidget(self.status)
        right.addStretch(1)

        body = stack_when_narrow(QHBoxLayout())  # the message under the form when narrow
        body.addWidget(self.tabs, 1)
        body.addLayout(right, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.banner)
        layout.addWidget(self.no_client)
        layout.addLayout(body, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page_scroll(page))  # scrolls once the form and the message are stacked

        for form in self.forms.values():
            for widget in form.inputs.values():
                if isinstance(widget, QPlainTextEdit):
                    widget.textChanged.connect(self._refresh)
                else:
                    widget.textChanged.connect(lambda _t: self._refresh())
        self.affidavit.toggled.connect(lambda _c: self._refresh())
        self.work_order.toggled.connect(lambda _c: self._refresh())
        self.tabs.currentChanged.connect(self._on_tab)
        self.copy_button.clicked.connect(self.copy_message)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.copy_message)
        ctx.callUpdated.connect(self._prefill_call)
        # The banner must turn to "weekend" at midnight Eastern even if nobody types.
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(60_000)
        self._clock_timer.timeout.connect(self._refresh_banner)
        self._clock_timer.start()

        self.finish_init()

    # -- Page API ------------------------------------------------------------
    @staticmethod
    def title() -> str:
        return _("Chat templates")

    def retranslate(self) -> None:
        for index, template in enumerate(_TEMPLATE_ORDER):
            self.tabs.setTabText(index, _(_TAB_TITLES[template]))
            self.forms[template].retranslate()
        self.no_client.setText(
            _("No client is open: fill in the client ID yourself, or open the client first.")
        )
        self.affidavit.setText(_("Current Mechanic &Affidavit on file"))
        self.work_order.setText(_("Current &Work Order on file"))
        self.preview_label.setText(_("Message to paste in the &chat:"))
        self.preview.setAccessibleName(_("Chat message"))
        self.english_hint.setText(
            _(
                "The message stays in English whatever the app language: "
                "leads read the same templates in one chat."
            )
        )
        self.copy_button.setText(_("C&opy message"))
        self.copy_button.setToolTip(_("Copy the message to the clipboard (Ctrl+Enter)"))
        self.status.clear()
        self._refresh()

    def on_client_changed(self, client: ClientInfo | None) -> None:
        self.no_client.setVisible(client is None)
        self._auto.clear()
        for form in self.forms.values():
            for key in form.inputs:
                form.set_text(key, "")
        self.affidavit.setChecked(False)
        self.work_order.setChecked(False)
        if client is not None:
            for template in _TEMPLATE_ORDER:
                self._auto_fill(template, "cid", client.cid)
            self._auto_fill(chat.STATE_TRANSFER, "from_state", client.state)
            # SOP H5: a credit is not a balance; the field shows what is owed.
            owed = client.balance if client.balance > 0 else Decimal("0.00")
            self._auto_fill(chat.STATE_TRANSFER, "account_balance", f"{owed:.2f}")
        self._prefill_call()
        self.status.clear()
        self._refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_banner()

    # -- pre-filling -----------------------------------------------------------
    def _auto_fill(self, template: str, key: str, value: str) -> None:
        """Fill a field unless the agent already typed something of their own in it."""
        form = self.forms[template]
        current = form.text(key)
        if current.strip() and current != self._auto.get((template, key)):
            return
        self._auto[(template, key)] = value
        form.set_text(key, value)

    def _prefill_call(self) -> None:
        """Ticket and times from the POC flow (ctx.call) go to the POC CODE template."""
        for key in _CALL_KEYS:
            value = self.ctx.call.get(key)
            if value:
                self._auto_fill(chat.POC_CODE, key, str(value))

    # -- state -------------------------------------------------------------------
    def current_template(self) -> str:
        return _TEMPLATE_ORDER[self.tabs.currentIndex()]

    def channel(self) -> str:
        return chat.chat_channel(self.ctx.now())

    def _on_tab(self, _index: int) -> None:
        self._refresh()
        self._refresh_banner()  # each template has its own room (SOP H8)

    def room(self) -> str:
        """The chat room the current template goes to right now (SOP H8, H2), as named in the chat tool."""
        return chat_room(chat.TEMPLATE_TOPICS[self.current_template()], self.ctx.now()).name

    def _refresh_banner(self) -> None:
        if self.channel() == chat.WEEKEND:
            self.banner.setText(
                _("{mark} Weekend: post in the Weekend Chat (Saturday and Sunday, US Eastern).").format(
                    mark=_WARN_MARK
                )
            )
            style_text(self.banner, Role.WARN, "border-radius: 4px;", Role.WARN_BG)
        else:
            self.banner.setText(
                _("{mark} Weekday: post in the {room} chat (Monday to Friday, US Eastern).").format(
                    mark=_OK_MARK, room=self.room()
                )
            )
            style_text(self.banner, Role.OK, "border-radius: 4px;", Role.OK_BG)

    def _blockers(self, template: str) -> tuple[str | None, bool]:
        """(missing-fields text or None, whether a field-level error blocks) — SOP H1, H5, H6.

        Field-level problems are shown right under their field; the missing-fields
        summary goes under the preview.
        """
        values = self.forms[template].values()
        blocked = False
        self.balance_error.hide()
        self.mechanic_error.hide()
        missing = chat.missing_fields(template, values)
        summary = None
        if missing:
            summary = _("Still needed: {fields}").format(
                fields=", ".join(_(_FIELD_NAMES[k]) for k in missing)
            )
        if template == chat.STATE_TRANSFER and values["account_balance"].strip():
            try:
                balance = chat.parse_balance(values["account_balance"])
            except ValueError:
                self._show_error(self.balance_error, chat.error_text(chat.INVALID_BALANCE))
                blocked = True
            else:
                if balance != 0:  # SOP H5
                    self._show_error(self.balance_error, chat.error_text(chat.BALANCE_MUST_BE_ZERO))
                    blocked = True
        if template == chat.MECHANIC_BYPASS:
            codes = chat.mechanic_bypass_blockers(
                self.affidavit.isChecked(), self.work_order.isChecked(), values.get("from_contact", "")
            )  # SOP H6
            if codes:
                self._show_error(
                    self.mechanic_error, f"\n{_BLOCK_MARK} ".join(chat.error_text(code) for code in codes)
                )
                blocked = True
        return summary, blocked

    @staticmethod
    def _show_error(label: QLabel, text: str) -> None:
        label.setText(f"{_BLOCK_MARK} {text}")
        label.show()

    def _refresh(self) -> None:
        if not hasattr(self, "copy_button"):
            return
        self._refresh_banner()
        template = self.current_template()
        values = self.forms[template].values()
        summary, _blocked = self._blockers(template)
        self._refresh_credit_reminder()

        if "reason" in values:
            codes = chat.etiquette_findings(values["reason"]) if values["reason"].strip() else ()
            if codes:
                self.etiquette.setText(
                    "\n".join(f"{_WARN_MARK} {chat.etiquette_text(code)}" for code in codes)
                )
            elif values["reason"].strip():
                self.etiquette.setText(_("{mark} The reason reads as a clear request.").format(mark=_OK_MARK))
            else:
                self.etiquette.clear()
            self.etiquette.setVisible(bool(values["reason"].strip()))
        else:
            self.etiquette.hide()

        message = self.message()
        self.preview.setPlainText(message or self._outline(template, values))
        if summary:
            self._show_error(self.missing_error, summary)
        else:
            self.missing_error.hide()
        self.copy_button.setEnabled(message is not None)

    def _refresh_credit_reminder(self) -> None:
        client = self.ctx.client
        if client is not None and client.balance < 0:
            self.credit_reminder.setText(
                _("{mark} The account has a credit of {amount}. A credit does not transfer: "
                  "tell the client before you send the request.").format(
                    mark=_WARN_MARK, amount=format_money(-client.balance)
                )
            )
        else:
            self.credit_reminder.setText(
                _("Reminder: the balance must be $0.00, and an account credit does not transfer "
                  "to the new state; tell the client if they have one.")
            )

    @staticmethod
    def _outline(template: str, values: dict[str, str]) -> str:
        """The template with what is filled so far and "…" for the rest (not copyable)."""
        spec = chat.TEMPLATES[template]
        lines = [spec.title]
        for field in spec.fields:
            value = " ".join(values.get(field.key, "").split())
            if field.required or value:
                lines.append(f"{field.label}: {value or '…'}")
        return "\n".join(lines)

    # -- copy --------------------------------------------------------------------
    def message(self) -> str | None:
        """The message as it would be copied, or ``None`` while something blocks it."""
        template = self.current_template()
        summary, blocked = self._blockers(template)
        if summary or blocked:
            return None
        try:
            return chat.render_chat(template, self.forms[template].values())
        except ValueError:
            return None

    def copy_message(self) -> bool:
        text = self.message()
        if text is None:
            self._refresh()
            return False
        copy_text(text)
        self.status.setText(_("{mark} Copied. Paste it in the {room} chat.").format(mark=_OK_MARK, room=self.room()))
        return True
