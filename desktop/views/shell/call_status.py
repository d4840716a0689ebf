"""The call's place in the status bar: how long the call has run, and CSG's call window.

As soon as a POC request taken on this call has CSG's call window (SOP P5, P6),
while it is planned and after it is saved, the agent sees how long until CSG
calls the client, so the client can be told while still on the line.

The line takes a second row only in a tall window: in a short or compact one a
wrapped status bar would take its height from the client card.  There, what does
not fit gives way in order of use on a call (the call's own clock first, then the
window's clock times: "CSG in 45 min"), the bar always leaves room for that
shortest form, and the whole line stays in the tooltip and for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.models import poc
from desktop.models.call import BEFORE_WINDOW, IN_WINDOW, csg_countdown
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.call import CallController, elapsed_text
from desktop.views.shell.status_bar import duration_text

#: Shortest window (logical pixels) whose status bar may take a second row (never more) for the line.
TALL_WINDOW = 700


class CallStatus(QLabel):
    """"Call 4:07 · CSG calls in 1 h 10 min (2:00 PM–2:30 PM EST)", or nothing between calls."""

    def __init__(self, ctx: AppContext, calls: CallController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callStatus")
        # The line takes the room the bar leaves, at least its shortest form's width.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._forms: list[str] = []  # the line, longest form first
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
            self._forms = []
            self.clear()
            self.hide()
            return
        if not self._tick.isActive():
            self._tick.start()
        now = self.ctx.now()
        clock = _("Call {elapsed}").format(elapsed=elapsed_text(int(call.elapsed(now).total_seconds())))
        window = self.calls.countdown_window()
        self._forms = [clock]
        if window is not None:
            whole, short = csg_text(*window, now), csg_text(*window, now, short=True)
            self._forms = [f"{clock} · {whole}", whole, f"{clock} · {short}", short]
        # The bar leaves room for the shortest form: the call's clock, or CSG's countdown, never gives way.
        least = self.fontMetrics().horizontalAdvance(self._forms[-1]) + 2
        if self.minimumWidth() != least:
            self.setMinimumWidth(least)
        self._fit()
        self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Show the longest form of the line that fits the label's width on one row."""
        if not self._forms:
            return
        full = self._forms[0]

        def fits(text: str) -> bool:
            return self.fontMetrics().horizontalAdvance(text) <= self.width()

        # A second row for the whole line where the window can spare it, else shorter forms.
        wrap = not fits(full) and self.window().height() >= TALL_WINDOW and self._rows(full) <= 2
        shown = full if wrap else fitted(self._forms, fits)
        if shown is None:
            shown = self.fontMetrics().elidedText(self._forms[-1], Qt.TextElideMode.ElideRight, self.width())
        if self.wordWrap() != wrap:
            self.setWordWrap(wrap)
        if self.text() != shown:
            self.setText(shown)
        tip = full if shown != full else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)
        if self.accessibleName() != full:
            self.setAccessibleName(full)

    def _rows(self, text: str) -> int:
        """How many rows ``text`` takes wrapped at the label's width."""
        if self.width() <= 0:
            return 0 if not text else 1_000
        flags = int(Qt.TextFlag.TextWordWrap.value)
        height = self.fontMetrics().boundingRect(QRect(0, 0, self.width(), 100_000), flags, text).height()
        return -(-height // max(1, self.fontMetrics().lineSpacing()))


def fitted(forms: list[str], fits: Callable[[str], bool]) -> str | None:
    """The first (longest) form of the line that fits, else None (the caller wraps or elides).

    The forms give way in the order of their use on a call: the call's clock first, then
    CSG's window times (kept in the tooltip); the countdown itself stays to the last.
    """
    return next((form for form in forms if fits(form)), None)


def csg_text(call_from: datetime, call_to: datetime, now: datetime, *, short: bool = False) -> str:
    """Where CSG's call window stands, in words (times in US Eastern, as CSG works, SOP P2).

    ``short``: the countdown alone, for a narrow status bar ("CSG in 45 min").
    """
    state = csg_countdown(call_from, call_to, now)
    if short:
        if state.state == BEFORE_WINDOW:
            return _("CSG in {duration}").format(duration=duration_text(state.minutes))
        if state.state == IN_WINDOW:
            return _("CSG now, {duration} left").format(duration=duration_text(state.minutes))
        return _("CSG window passed")
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
