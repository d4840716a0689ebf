"""Tell a screen reader that something appeared, without moving the keyboard.

Why: a decision banner or a blocker shows up beside the field the agent is
typing in; a sighted agent sees it, a blind one hears nothing unless the app
announces it.  Qt 6.8+ has ``QAccessibleAnnouncementEvent`` (read out by NVDA,
JAWS and Narrator through UI Automation notifications); older Qt gets an Alert
event on the widget, whose accessible name already holds the words.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

try:
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # Qt before 6.8
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]


def announce(widget: QWidget, message: str, *, urgent: bool = False) -> QAccessibleEvent:
    """Send ``message`` to assistive technology on behalf of ``widget``; returns the event sent.

    ``urgent`` interrupts what the reader is saying (a blocker); otherwise the
    message waits its turn (a decision).
    """
    event: QAccessibleEvent
    if QAccessibleAnnouncementEvent is not None:
        event = QAccessibleAnnouncementEvent(widget, message)
        event.setPoliteness(
            QAccessible.AnnouncementPoliteness.Assertive if urgent else QAccessible.AnnouncementPoliteness.Polite
        )
    else:  # pragma: no cover - PySide6 older than 6.8
        event = QAccessibleEvent(widget, QAccessible.Event.Alert)
    _send(event)
    return event


#: Where events go: Qt's accessibility layer (a test puts a recorder here, since Qt
#: offers Python no hook on the platform bridge).
_send = QAccessible.updateAccessibility
