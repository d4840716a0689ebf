"""The layout probe sees what an agent would: clipped words, sideways scrolling, controls out of reach."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from tests.layout_probe import probe


def _window(qtbot: Any, *widgets: QWidget) -> QWidget:
    window = QWidget()
    layout = QVBoxLayout(window)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.resize(300, 200)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_fitting_window_has_no_problems(qtbot: Any) -> None:
    window = _window(qtbot, QLabel("Short"), QPushButton("Next"))
    assert probe(window, QSize(300, 200)) == []


def test_a_label_narrower_than_its_words_is_clipped(qtbot: Any) -> None:
    label = QLabel("A label far too long for the narrow space it was given here")
    label.setObjectName("longLabel")
    label.setMinimumWidth(10)
    label.setMaximumWidth(60)
    window = _window(qtbot, label)
    kinds = {(p.kind, p.where) for p in probe(window, QSize(300, 200))}
    assert ("clipped", "longLabel") in kinds


def test_sideways_scrolling_and_a_window_bigger_than_the_screen_are_found(qtbot: Any) -> None:
    area = QScrollArea()
    area.setObjectName("steps")
    area.setWidgetResizable(True)
    wide = QWidget()
    wide.setMinimumWidth(900)
    area.setWidget(wide)
    window = _window(qtbot, area)
    kinds = {p.kind for p in probe(window, QSize(200, 150))}
    assert {"h-scroll", "too big"} <= kinds


def test_a_button_below_a_scroll_is_reachable_but_one_cut_off_is_not(qtbot: Any) -> None:
    area = QScrollArea()
    area.setWidgetResizable(True)
    content = QWidget()
    inner = QVBoxLayout(content)
    spacer = QWidget()
    spacer.setMinimumHeight(600)
    inner.addWidget(spacer)
    reachable = QPushButton("Next")
    reachable.setObjectName("reachable")
    inner.addWidget(reachable)
    area.setWidget(content)
    holder = QWidget()
    holder.setFixedHeight(40)
    cut = QPushButton("Hidden", holder)
    cut.setObjectName("cutOff")
    cut.move(0, 30)
    window = _window(qtbot, area, holder)
    found = {(p.kind, p.where) for p in probe(window, QSize(300, 200))}
    assert ("unreachable", "cutOff") in found
    assert not any(where == "reachable" for _kind, where in found)
