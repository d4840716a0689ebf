"""Small rich-text helpers for labels that show facts the agent reads aloud or copies."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy


def wrap(label: QLabel) -> QLabel:
    """Wrapping, selectable text: agents copy facts from it into the CRM."""
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def esc(text: str) -> str:
    """Escape for rich-text labels; quotes stay readable (they are never in attributes)."""
    return html.escape(text, quote=False)


def bullets(lines: list[str] | tuple[str, ...], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return f"<{tag} style='margin-left:-20px'>{items}</{tag}>"


def heading(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def paragraph(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def fit_lines(edit: QPlainTextEdit, lines: int) -> None:
    """Tall enough for ``lines`` lines at any font size, never taller (no fixed pixels)."""
    spacing = edit.fontMetrics().lineSpacing()
    margins = int(edit.document().documentMargin() * 2) + edit.frameWidth() * 2
    edit.setMinimumHeight(spacing * 2 + margins)
    edit.setMaximumHeight(spacing * lines + margins)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
