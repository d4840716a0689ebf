"""Every colour the app draws itself, as a light/dark pair chosen by the system colour scheme.

Why one module: agents work in dark mode on some shifts, and a colour picked for
a white window (dark grey text, dark red) all but vanishes on a dark one.  Each
role here has a colour for each scheme, chosen for at least 4.5:1 contrast (WCAG
AA for text) against the background it is drawn on; tests/views/widgets/
test_colors.py measures every pair in both schemes.  Anything not listed here
(plain text, window and field backgrounds) comes from the palette.

Widgets that set a colour call :func:`follow_scheme` with a function that
applies it; that function runs again when the system switches between light and
dark while the app is open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget


class Scheme(StrEnum):
    LIGHT = "light"
    DARK = "dark"


class Role(StrEnum):
    """What a colour is for.  ``*_BG`` roles are backgrounds; the rest are drawn on one."""

    OK = "ok"
    OK_BG = "ok_bg"
    STOP = "stop"
    STOP_BG = "stop_bg"
    WARN = "warn"
    WARN_BG = "warn_bg"
    ROUTE = "route"
    ROUTE_BG = "route_bg"
    ERROR = "error"  # the one error red: messages under fields, lint underlines
    MUTED = "muted"  # secondary text: placeholders, timeline ticks and outline
    BAND_BG = "band_bg"  # timeline: CSG opening hours
    BAND = "band"  # timeline: the band's edge and its words
    CALL_BG = "call_bg"  # timeline: a call window that works
    CALL_BAD_BG = "call_bad_bg"  # timeline: a call window with a problem
    CALL_EDGE = "call_edge"
    LEAVE = "leave"
    APPOINTMENT = "appointment"
    NOW = "now"


@dataclass(frozen=True)
class Pair:
    light: str
    dark: str

    def for_scheme(self, scheme: Scheme) -> str:
        return self.light if scheme is Scheme.LIGHT else self.dark


COLORS: dict[Role, Pair] = {
    Role.OK: Pair("#1e6b34", "#7ee2a0"),
    Role.OK_BG: Pair("#e6f4ea", "#10301b"),
    Role.STOP: Pair("#a01c1c", "#ff9e97"),
    Role.STOP_BG: Pair("#fdecea", "#3d1515"),
    Role.WARN: Pair("#7a4900", "#ffc870"),
    Role.WARN_BG: Pair("#fff4e0", "#3a2a08"),
    Role.ROUTE: Pair("#1a4f9c", "#a8c8ff"),
    Role.ROUTE_BG: Pair("#e8f0fe", "#13284a"),
    Role.ERROR: Pair("#a01c1c", "#ff9e97"),
    Role.MUTED: Pair("#595959", "#b4b4b4"),
    Role.BAND_BG: Pair("#d6efd9", "#183a22"),
    Role.BAND: Pair("#1e5e2e", "#92dca4"),
    Role.CALL_BG: Pair("#f0a020", "#a86a10"),
    Role.CALL_BAD_BG: Pair("#e57373", "#8e2a2a"),
    Role.CALL_EDGE: Pair("#7a4900", "#ffcc80"),
    Role.LEAVE: Pair("#1a4f9c", "#a8c8ff"),
    Role.APPOINTMENT: Pair("#6a1b9a", "#e0a8f5"),
    Role.NOW: Pair("#b71c1c", "#ff9e97"),
}

#: (foreground, background) pairs drawn in the app; ``None`` stands for the palette's
#: window and field backgrounds.  The contrast test measures each of them.
DRAWN_ON: tuple[tuple[Role, Role | None], ...] = (
    *((fg, None) for fg in (Role.OK, Role.STOP, Role.WARN, Role.ROUTE, Role.ERROR, Role.MUTED)),
    (Role.OK, Role.OK_BG),
    (Role.STOP, Role.STOP_BG),
    (Role.WARN, Role.WARN_BG),
    (Role.ROUTE, Role.ROUTE_BG),
    (Role.BAND, Role.BAND_BG),
    (Role.BAND, None),
    (Role.CALL_EDGE, None),
    (Role.LEAVE, None),
    (Role.APPOINTMENT, None),
    (Role.NOW, None),
)


def scheme() -> Scheme:
    """The system's colour scheme; when the platform does not say, the palette's lightness."""
    hint = QGuiApplication.styleHints().colorScheme()
    if hint == Qt.ColorScheme.Dark:
        return Scheme.DARK
    if hint == Qt.ColorScheme.Light:
        return Scheme.LIGHT
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return Scheme.DARK if window.lightness() < 128 else Scheme.LIGHT


def css(role: Role) -> str:
    """``role``'s colour for the current scheme, as ``#rrggbb`` (style sheets, rich text)."""
    return COLORS[role].for_scheme(scheme())


def color(role: Role) -> QColor:
    return QColor(css(role))


class _Follower(QObject):
    """Runs ``apply`` again on a scheme change; a child of the widget, so it dies with it."""

    def __init__(self, widget: QWidget, apply: Callable[[], None]) -> None:
        super().__init__(widget)
        self._apply = apply
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.changed)

    @Slot()
    def changed(self) -> None:
        self._apply()


def follow_scheme(widget: QWidget, apply: Callable[[], None]) -> None:
    """Call ``apply`` now and after every light/dark switch, for as long as ``widget`` lives."""
    apply()
    _Follower(widget, apply)


def style_text(widget: QWidget, role: Role, extra: str = "", background: Role | None = None) -> None:
    """Colour ``widget``'s text with ``role`` (on ``background``), now and across scheme switches.

    Call it again to change the role (a status that turns from open to closed):
    the widget keeps one follower, which applies the latest role.
    """
    widget.setProperty("colorRole", role.value)
    widget.setProperty("colorExtra", extra)
    widget.setProperty("colorBackground", background.value if background else "")
    _apply_text(widget)
    if widget.findChild(_Follower, _TEXT_FOLLOWER, Qt.FindChildOption.FindDirectChildrenOnly) is None:
        _Follower(widget, lambda: _apply_text(widget)).setObjectName(_TEXT_FOLLOWER)


_TEXT_FOLLOWER = "textColorFollower"


def _apply_text(widget: QWidget) -> None:
    role = Role(str(widget.property("colorRole")))
    extra = str(widget.property("colorExtra") or "")
    name = widget.objectName()
    background = str(widget.property("colorBackground") or "")
    fill = f"background: {css(Role(background))}; " if background else ""
    rule = f"{fill}color: {css(role)}; {extra}".strip()
    widget.setStyleSheet(f"{type(widget).__name__}#{name} {{ {rule} }}" if name else rule)
