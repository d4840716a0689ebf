"""The monospace font the override coaching shows codes in, shipped with the app.

Why bundle it: agents read override codes aloud and clients type them; ``0`` and ``O``
must not look alike when the coaching page shows a code character by character.  DejaVu
Sans Mono has a dotted zero and an open licence (Bitstream Vera licence, DejaVu
changes in the public domain, see ``resources/fonts/LICENSE-DejaVu.txt``), but it is
not installed on Windows, where the usual fallbacks (Consolas aside) draw a plain zero.
Registering the bundled files makes the family name resolve the same everywhere.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from desktop import paths

MONO_FAMILY = "DejaVu Sans Mono"
FILES = ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf")

log = logging.getLogger(__name__)


def register_bundled_fonts() -> list[str]:
    """Add the bundled fonts to Qt's font database; returns the families now available.

    Needs a ``QGuiApplication``.  A missing or unreadable file is logged, not raised:
    Qt then falls back to the system monospace font.
    """
    families: list[str] = []
    folder = paths.resources_dir() / "fonts"
    for name in FILES:
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        if font_id < 0:
            log.warning("could not load bundled font %s", folder / name)
            continue
        families.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families)
    return families
