"""A decision or a blocker in a banner reaches a screen reader: announced once, readable in words."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel

from desktop.views.widgets import announce
from desktop.views.widgets.banner import Banner
from desktop.views.widgets.outcome import TONES, Tone


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, str, Any]]:
    """What Qt's accessibility layer was sent: (widget, message, politeness)."""
    events: list[tuple[Any, str, Any]] = []

    def record(event: QAccessibleEvent) -> None:
        events.append((event.object(), event.message(), event.politeness()))  # type: ignore[attr-defined]
        QAccessible.updateAccessibility(event)

    monkeypatch.setattr(announce, "_send", record)
    return events


def accessible_text(widget: Any, which: QAccessible.Text) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None and iface.isValid()
    return iface.text(which)


def test_a_decision_is_announced_politely_and_readable(qtbot: Any, heard: list[tuple[Any, str, Any]]) -> None:
    banner = Banner("decision")
    qtbot.addWidget(banner)
    banner.show_message(Tone.OK, "Allowed", "Apply a $10.00 credit.")
    assert heard == [(banner, "Allowed. Apply a $10.00 credit.", QAccessible.AnnouncementPoliteness.Polite)]
    assert accessible_text(banner, QAccessible.Text.Name) == "Allowed"
    assert accessible_text(banner, QAccessible.Text.Description) == "Apply a $10.00 credit."
    assert TONES[Tone.OK].glyph in banner.text.text()  # words and shape, not colour alone


def test_a_blocker_interrupts_and_a_re_render_stays_silent(qtbot: Any, heard: list[tuple[Any, str, Any]]) -> None:
    banner = Banner("stop")
    qtbot.addWidget(banner)
    banner.show_message(Tone.STOP, "Not eligible")
    banner.show_message(Tone.STOP, "Not eligible")  # every keystroke re-renders
    assert heard == [(banner, "Not eligible", QAccessible.AnnouncementPoliteness.Assertive)]
    banner.hide()
    banner.show_message(Tone.STOP, "Not eligible")  # shown again: said again
    banner.show_message(Tone.WARN, "Ask a lead")
    assert [message for _w, message, _p in heard] == ["Not eligible", "Not eligible", "Ask a lead"]
    assert accessible_text(banner, QAccessible.Text.Name) == "Ask a lead"


@pytest.mark.parametrize("tone", list(Tone))
def test_the_outcome_is_shown_once(qtbot: Any, tone: Tone) -> None:
    """One mark per outcome: the glyph in the headline, no picture repeating it beside."""
    banner = Banner("once")
    qtbot.addWidget(banner)
    banner.show_message(tone, "Headline", "Body")
    assert banner.text.text().count(TONES[tone].glyph) == 1
    pictures = [label for label in banner.findChildren(QLabel) if label.pixmap() is not None and not label.pixmap().isNull()]
    assert pictures == []
