"""The call's place in the status bar: how long the call has run, and CSG's call window.

As soon as a POC request taken on this call has CSG's call window (SOP P5, P6),
while it is planned and after it is saved, the agent sees how long until CSG
calls the client, so the client can be told while still on the line.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.models import poc
from desktop.models.call import BEFORE_WINDOW, IN_WINDOW, csg_countdown
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.call import CallController, elapsed_text
from desktop.views.shell.status_bar import duration_text


class CallStatus(QLabel):
    """"Call 4:07 · CSG calls in 1 h 10 min (2:00 PM–2:30 PM EST)", or nothing between calls."""

    def __init__(self, ctx: AppContext, calls: CallController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callStatus")
        # The countdown may not widen the window: it takes the room left and wraps in it.
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.ctx = ctx
        self.calls = calls
        self._tick = QTimer(self)
        self._tick.setInterval(1_000)
        self._tick.timeout.connect(self.refresh)
        calls.changed.connect(self.refresh)
        translate_ui(self, self.refresh)

    def refresh(self) -> None:
        call = self.calls.call
        if call is None:
            self._tick.stop()
            self.clear()
            self.hide()
            return
        if not self._tick.isActive():
            self._tick.start()
        now = self.ctx.now()
        parts = [_("Call {elapsed}").format(elapsed=elapsed_text(int(call.elapsed(now).total_seconds())))]
        window = self.calls.countdown_window()
        if window is not None:
            parts.append(csg_text(*window, now))
        self.setText(" · ".join(parts))
        self.show()


def csg_text(call_from: datetime, call_to: datetime, now: datetime) -> str:
    """Where CSG's call window stands, in words (times in US Eastern, as CSG works, SOP P2)."""
    state = csg_countdown(call_from, call_to, now)
    # The zone once, after the end: "10:45 AM–10:50 AM EST".
    start = i18n.format_time(call_from.astimezone(poc.CSG_TZ), with_zone=False)
    window = f"{start}–{i18n.format_time(call_to.astimezone(poc.CSG_TZ))}"
    if state.state == BEFORE_WINDOW:
        return _("CSG calls in {duration} ({window})").format(duration=duration_text(state.minutes), window=window)
    if state.state == IN_WINDOW:
        return _("CSG call window open, {duration} left ({window})").format(
            duration=duration_text(state.minutes), window=window
        )
    return _("CSG call window passed ({window})").format(window=window)
