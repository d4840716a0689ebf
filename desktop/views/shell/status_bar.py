"""Status bar: is CSG open right now (US Eastern), until when, and which chat applies today."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.models import poc
from desktop.models.chat import rules as chat
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.agent_badge import AgentBadge
from desktop.views.widgets.colors import Role, style_text


def duration_text(minutes: int) -> str:
    hours, mins = divmod(max(0, minutes), 60)
    if hours and mins:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=mins)
    if hours:
        return _("{hours} h").format(hours=hours)
    return _("{minutes} min").format(minutes=mins)


def csg_status_text(now: datetime) -> str:
    """E.g. "CSG open — closes 7:00 PM EST (in 2 h 5 min)" (SOP P2)."""
    change = poc.csg_next_change(now)
    # Subtract in UTC: two datetimes sharing a ZoneInfo subtract by wall clock,
    # which is an hour off across a DST change.
    minutes = int((change.astimezone(UTC) - now.astimezone(UTC)).total_seconds() // 60)
    when = i18n.format_time(change.astimezone(poc.CSG_TZ))
    if poc.csg_is_open(now):
        return _("CSG open — closes {time} (in {duration})").format(
            time=when, duration=duration_text(minutes)
        )
    day = i18n.format_date(change.astimezone(poc.CSG_TZ).date(), fmt="EEEE")
    return _("CSG closed — opens {day} {time} (in {duration})").format(
        day=day, time=when, duration=duration_text(minutes)
    )


def chat_text(now: datetime) -> str:
    """Which escalation chat to use today (SOP H2)."""
    if chat.chat_channel(now) == "weekend":
        return _("Escalations: Weekend Chat")
    return _("Escalations: weekday chat")


class StatusBar(QStatusBar):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.csg = QLabel()
        self.csg.setObjectName("csgStatus")
        self.chat = QLabel()
        self.chat.setObjectName("chatChannel")
        self.addPermanentWidget(self.csg)
        self.addPermanentWidget(self.chat)
        self.agent = AgentBadge(ctx)  # profile (SOP M8) and training (SOP P9), set in Preferences
        self.addPermanentWidget(self.agent)
        self._timer = QTimer(self)
        self._timer.setInterval(15_000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        translate_ui(self, self.refresh)

    def refresh(self) -> None:
        now = self.ctx.now()
        self.csg.setText(csg_status_text(now))
        open_now = poc.csg_is_open(now)
        style_text(self.csg, Role.OK if open_now else Role.STOP, "font-weight: bold;")
        self.chat.setText(chat_text(now))
