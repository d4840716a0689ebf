"""Every colour the app draws itself reads at 4.5:1 or better, in the light and the dark scheme."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from desktop.views.widgets import colors
from desktop.views.widgets.colors import COLORS, DRAWN_ON, Role, Scheme

# The window and field backgrounds agents' systems use: Windows 11 and Qt's Fusion,
# light and dark (the darkest and the lightest of each, so every real one lies between).
PALETTE_BACKGROUNDS = {
    Scheme.LIGHT: ("#ffffff", "#f3f3f3", "#efefef"),
    Scheme.DARK: ("#1c1c1c", "#202020", "#2b2b2b", "#353535", "#3c3c3c"),
}


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance."""
    colour = QColor(hex_colour)

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#202020", "#202020") == pytest.approx(1.0)


CASES = [
    (scheme, fg, bg, background)
    for scheme in Scheme
    for fg, bg in DRAWN_ON
    for background in ((COLORS[bg].for_scheme(scheme),) if bg else PALETTE_BACKGROUNDS[scheme])
]


@pytest.mark.parametrize(("scheme", "fg", "bg", "background"), CASES, ids=lambda v: str(v))
def test_each_custom_colour_reads_on_its_background(scheme: Scheme, fg: Role, bg: Role | None, background: str) -> None:
    ratio = contrast(COLORS[fg].for_scheme(scheme), background)
    assert ratio >= 4.5, f"{fg} on {bg or 'window'} {background} in {scheme}: {ratio:.2f}:1"


def test_every_foreground_role_is_measured() -> None:
    measured = {fg for fg, _bg in DRAWN_ON}
    drawn = {role for role in Role if not role.endswith("_bg")}
    assert drawn <= measured


@pytest.fixture
def dark_palette(qapp: Any) -> Any:
    """The application palette turned dark, as the platform does when the system switches."""
    before = QApplication.palette()
    dark = QPalette(before)
    for role, value in ((QPalette.ColorRole.Window, "#202020"), (QPalette.ColorRole.Base, "#2b2b2b"),
                        (QPalette.ColorRole.Text, "#f0f0f0"), (QPalette.ColorRole.WindowText, "#f0f0f0")):
        dark.setColor(role, QColor(value))
    QApplication.setPalette(dark)
    yield dark
    QApplication.setPalette(before)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)


def test_error_text_follows_a_switch_to_dark(qtbot: Any, dark_palette: QPalette) -> None:
    from desktop.views.widgets.field_row import error_label

    QApplication.setPalette(QPalette(QColor("#f0f0f0")))
    label = error_label("amountError")
    qtbot.addWidget(label)
    assert COLORS[Role.ERROR].light in label.styleSheet()
    QApplication.setPalette(dark_palette)
    if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Unknown:
        QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert colors.scheme() is Scheme.DARK
    assert COLORS[Role.ERROR].dark in label.styleSheet()


def test_a_deleted_widget_does_not_break_the_next_switch(qtbot: Any, dark_palette: QPalette) -> None:
    label = QLabel()
    colors.style_text(label, Role.MUTED)
    label.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # no crash, no error
