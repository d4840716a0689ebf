"""Today: this agent's calls of the day, and any of them back on screen in one click or Enter.

Why: a client calls back, a lead asks about a call an hour ago, an escalation is
still waiting for CSG.  The agent finds the call by client and time instead of
searching, sees whether its note reached the clipboard and what is still open,
and reopens the client.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.models.call_log import CallRecord, calls_between
from desktop.models.store import clients
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.call_entry import workflows_text


def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Midnight to midnight of ``now``'s day on this desk's clock (the agent's day)."""
    local = now.astimezone()
    start = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    return start, start + timedelta(days=1)


def record_text(record: CallRecord) -> str:
    """One call as a list row: when, who, what ran, whether its note was copied, what is open."""
    when = i18n.format_time(record.ended_at.astimezone())
    workflows = workflows_text(record.workflows)  # the words of the call's row in the history
    copied = _("note copied") if record.copied else _("note not copied")
    lines = [
        _("{time} · {name} (CID {cid})").format(time=when, name=record.client_name, cid=record.cid),
        f"{workflows} · {copied}",
    ]
    if record.open_escalations:
        lines.append(
            i18n.ngettext(
                "{count} escalation still open", "{count} escalations still open", record.open_escalations
            ).format(count=record.open_escalations)
        )
    return "\n".join(lines)


class TodayPanel(QWidget):
    """The day's calls, newest first; click or Enter reopens the call's client."""

    #: The history entry of the call just chosen (the history panel shows that call's row).
    callReopened = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPanel")
        self.ctx = ctx
        self.records: list[CallRecord] = []
        self._stale = True  # the calls are read when the panel shows (a hidden list follows no save)
        self._read_for: str | None = None  # the agent whose calls were read
        self.heading = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("todayList")
        self.list.setWordWrap(True)
        self.heading.setBuddy(self.list)
        self.status = QLabel()
        self.status.setObjectName("todayStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.list.itemClicked.connect(self._reopen)
        self.list.itemActivated.connect(self._reopen)  # Enter
        ctx.historyChanged.connect(self.reload)
        ctx.prefsChanged.connect(self._on_prefs)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.heading.setText(_("&Today's calls:"))
        self.list.setAccessibleName(_("Today's calls"))
        self._show_records()  # the same calls in the new language: nothing to read again

    def _on_prefs(self) -> None:
        if self.ctx.prefs.agent_name != self._read_for:  # another agent's day (the language is retranslate's)
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self, *_args: object) -> None:
        """Read the day's calls again; while the panel is hidden, only note that they changed."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        start, end = day_bounds(self.ctx.now())
        self._read_for = self.ctx.prefs.agent_name
        with self.ctx.session() as s:
            self.records = calls_between(s, self._read_for, start, end)
        self._show_records()

    def _show_records(self) -> None:
        row = max(0, self.list.currentRow())
        self.list.clear()
        for record in self.records:
            item = QListWidgetItem(record_text(record))
            item.setData(Qt.ItemDataRole.UserRole, record.entry_id)
            self.list.addItem(item)
        if self.records:
            self.list.setCurrentRow(min(row, len(self.records) - 1))
            self.status.setText(
                i18n.ngettext("{count} call today", "{count} calls today", len(self.records)).format(
                    count=len(self.records)
                )
            )
        else:
            self.status.setText(_("No calls ended today yet. F12 ends a call."))

    def _reopen(self, item: QListWidgetItem) -> None:
        entry_id = item.data(Qt.ItemDataRole.UserRole)
        record = next((r for r in self.records if r.entry_id == entry_id), None)
        if record is None:
            return
        if self.ctx.client is not None and self.ctx.client.id == record.client_id:
            self.callReopened.emit(record.entry_id)
            return  # already open: the call on screen goes on
        with self.ctx.session() as s:
            client = clients.get(s, record.client_id)
        if client is None:
            self.status.setText(_("This client is no longer in the database."))
            return
        self.ctx.set_client(client)
        self.status.setText(_("{name} is open again.").format(name=client.name))
        self.callReopened.emit(record.entry_id)

    def focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
