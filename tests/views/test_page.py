"""The one re-translation registry: called at once and on every switch, never for a destroyed widget."""

from __future__ import annotations

import gc
from typing import Any

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.views import page as page_mod
from desktop.views.page import translate_ui


class Labelled(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(self)
        self.calls = 0

    def retranslate(self) -> None:
        self.calls += 1
        self.label.setText(_("Notes"))


def test_texts_follow_every_switch(qapp: Any) -> None:
    widget = Labelled()
    translate_ui(widget, widget.retranslate)
    assert widget.calls == 1 and widget.label.text() == "Notes"
    i18n.set_language("es")
    assert widget.calls == 2 and widget.label.text() == "Notas"
    i18n.set_language("en")
    assert widget.label.text() == "Notes"


def test_a_destroyed_widget_leaves_the_registry(qapp: Any) -> None:
    widget = Labelled()
    translate_ui(widget, widget.retranslate)
    before = len(page_mod._registry)
    shiboken6.delete(widget)
    assert len(page_mod._registry) == before - 1
    i18n.set_language("es")  # would raise on a deleted label if it were still called


def test_the_registry_does_not_keep_a_widget_alive(qapp: Any) -> None:
    widget = Labelled()
    translate_ui(widget, widget.retranslate)
    label = widget.label
    del widget
    gc.collect()
    assert not shiboken6.isValid(label)  # the widget (and its label) went away
    i18n.set_language("es")
