"""The Qt binding must not drop references to ``None`` or ``True``.

A binding release that drops one reference per call makes CPython abort with
``Fatal Python error: none_dealloc`` after enough calls: mid-shift, with no dialog
and nothing logged.  Where ``None`` and ``True`` are immortal (CPython 3.12 and
newer) their count never changes and the bug cannot kill the process.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

CALLS = 20_000
BATCH = 500


def _immortal(obj: object) -> bool:
    is_immortal = getattr(sys, "_is_immortal", None)
    if is_immortal is not None:
        return bool(is_immortal(obj))
    return sys.getrefcount(obj) >= 2**30  # 3.12-3.13 report a huge fixed count


pytestmark = pytest.mark.skipif(
    _immortal(None) and _immortal(True), reason="None and True are immortal on this Python"
)


class _Emitter(QObject):
    changed = Signal(bool)
    done = Signal()


def _counts() -> tuple[int, int]:
    return sys.getrefcount(None), sys.getrefcount(True)


def _assert_kept(before: tuple[int, int], what: str) -> None:
    after = _counts()
    assert after[0] >= before[0], f"{what} dropped {before[0] - after[0]} references to None"
    assert after[1] >= before[1], f"{what} dropped {before[1] - after[1]} references to True"


def _call_in_batches(call: Callable[[int], object], what: str) -> None:
    """CALLS calls, checked every BATCH so a leaking binding fails here before it aborts Python."""
    before = _counts()
    for start in range(0, CALLS, BATCH):
        for i in range(start, start + BATCH):
            call(i)
        _assert_kept(before, what)


def test_setters_keep_references_to_none_and_true(qapp: Any) -> None:
    label, edit, box, text, widget = QLabel(), QLineEdit(), QCheckBox(), QPlainTextEdit(), QWidget()
    setters: dict[str, Callable[[int], object]] = {
        "QLabel.setText": lambda i: label.setText("x"),
        "QLineEdit.setText": lambda i: edit.setText("y"),
        "QWidget.setEnabled": lambda i: widget.setEnabled(i % 2 == 0),
        "QCheckBox.setChecked": lambda i: box.setChecked(True),
        "QPlainTextEdit.setPlainText": lambda i: text.setPlainText(""),
        "QWidget.setToolTip": lambda i: widget.setToolTip("tip"),
    }
    for name, call in setters.items():
        _call_in_batches(call, name)


def test_python_signals_keep_references_to_none_and_true(qapp: Any) -> None:
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.changed.connect(lambda value: seen.append(value) if not seen else None)
    emitter.done.connect(lambda: None)
    _call_in_batches(lambda i: emitter.changed.emit(True), "Signal.emit(True)")
    _call_in_batches(lambda i: emitter.done.emit(), "Signal.emit()")
    assert seen == [True]
