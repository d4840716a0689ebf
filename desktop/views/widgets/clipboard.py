"""The one way the app puts text on the clipboard: redacted first.

Agents paste from the clipboard into the CRM and into chats, and clipboard
managers keep a history: a card number or the call's override code that reached
it would outlive the call.  So every copy goes through
:func:`desktop.models.redaction.clipboard_text`.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from desktop.models.redaction import clipboard_text


def copy_text(text: str) -> bool:
    """Put ``text`` (redacted) on the clipboard; False when there is nothing to copy or no clipboard."""
    clipboard = QGuiApplication.clipboard()
    if clipboard is None or not text:
        return False
    clipboard.setText(clipboard_text(text))
    return True
