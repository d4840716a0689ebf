"""Check boxes and radio buttons whose text wraps, for the long sentences SOP steps tick off.

Qt's ``QCheckBox`` and ``QRadioButton`` draw their text on one line, so one long
Spanish item ("Confirmé que el cliente está con el vehículo…") sets the width of
the whole step and a narrow window scrolls sideways.  These subclasses draw the
indicator with the style and the text wrapped beside it, report a height for
each width, and toggle on a click anywhere on them, as the Qt ones do.  Why
not a label beside a bare box: the text must stay the button's own, for its
mnemonic, for screen readers and for every test and script that reads it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

_FLAGS = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic
#: Narrowest text column: about a dozen characters.
_MIN_TEXT_CHARS = 12


class _Wrapping:
    """Shared by both buttons; ``_element`` and ``_metric`` name the indicator's style parts."""

    _element: QStyle.ControlElement
    _width_metric: QStyle.PixelMetric
    _height_metric: QStyle.PixelMetric
    _spacing_metric: QStyle.PixelMetric

    def _setup(self: QAbstractButton) -> None:  # type: ignore[misc]
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _indicator(self: QAbstractButton) -> tuple[int, int, int]:  # type: ignore[misc]
        style = self.style()
        cls: type[_Wrapping] = type(self)  # type: ignore[assignment]
        return (
            style.pixelMetric(cls._width_metric, None, self),
            style.pixelMetric(cls._height_metric, None, self),
            style.pixelMetric(cls._spacing_metric, None, self),
        )

    def _text_height(self: QAbstractButton, text_width: int) -> int:  # type: ignore[misc]
        box = self.fontMetrics().boundingRect(QRect(0, 0, max(1, text_width), 100_000), int(_FLAGS), self.text())
        return box.height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self: QAbstractButton, width: int) -> int:  # type: ignore[misc]
        ind_w, ind_h, spacing = _Wrapping._indicator(self)
        return max(ind_h, _Wrapping._text_height(self, width - ind_w - spacing)) + 4

    def minimumSizeHint(self: QAbstractButton) -> QSize:  # type: ignore[misc]
        ind_w, _ind_h, spacing = _Wrapping._indicator(self)
        width = ind_w + spacing + self.fontMetrics().averageCharWidth() * _MIN_TEXT_CHARS
        return QSize(width, _Wrapping.heightForWidth(self, width))

    def sizeHint(self: QAbstractButton) -> QSize:  # type: ignore[misc]
        ind_w, _ind_h, spacing = _Wrapping._indicator(self)
        one_line = self.fontMetrics().boundingRect(QRect(0, 0, 100_000, 1000), int(_FLAGS), self.text()).width()
        width = ind_w + spacing + one_line + 2
        return QSize(width, _Wrapping.heightForWidth(self, width))

    def hitButton(self: QAbstractButton, pos: QPoint) -> bool:  # type: ignore[misc]
        return self.rect().contains(pos)

    def paintEvent(self: QAbstractButton, _event: QPaintEvent) -> None:  # type: ignore[misc]
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)  # type: ignore[attr-defined]
        text = option.text
        option.text = ""
        ind_w, ind_h, spacing = _Wrapping._indicator(self)
        line = self.fontMetrics().height()
        # The indicator beside the first line, as Qt places it beside its one line.
        option.rect = QRect(0, max(0, (line - ind_h) // 2) + 2, ind_w, ind_h)
        cls: type[_Wrapping] = type(self)  # type: ignore[assignment]
        painter.drawControl(cls._element, option)
        text_rect = QRect(ind_w + spacing, 2, self.width() - ind_w - spacing, self.height() - 2)
        role = QPalette.ColorRole.WindowText
        painter.drawItemText(text_rect, int(_FLAGS | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                             self.palette(), self.isEnabled(), text, role)
        if self.hasFocus():
            focus = QStyleOptionButton()
            focus.initFrom(self)
            focus.rect = text_rect
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus)


class WrapCheckBox(_Wrapping, QCheckBox):
    _element = QStyle.ControlElement.CE_CheckBox
    _width_metric = QStyle.PixelMetric.PM_IndicatorWidth
    _height_metric = QStyle.PixelMetric.PM_IndicatorHeight
    _spacing_metric = QStyle.PixelMetric.PM_CheckBoxLabelSpacing

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._setup()


class WrapRadioButton(_Wrapping, QRadioButton):
    _element = QStyle.ControlElement.CE_RadioButton
    _width_metric = QStyle.PixelMetric.PM_ExclusiveIndicatorWidth
    _height_metric = QStyle.PixelMetric.PM_ExclusiveIndicatorHeight
    _spacing_metric = QStyle.PixelMetric.PM_RadioButtonLabelSpacing

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._setup()
