"""The bundled monospace font registers, resolves by name and ships with its licence."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.fonts import FILES, MONO_FAMILY, register_bundled_fonts


def test_bundled_font_registers_and_resolves(qapp: QApplication) -> None:
    assert MONO_FAMILY in register_bundled_fonts()
    info = QFontInfo(QFont(MONO_FAMILY))
    assert info.family() == MONO_FAMILY
    assert info.fixedPitch()


def test_font_files_ship_with_their_licence() -> None:
    folder = paths.resources_dir() / "fonts"
    for name in FILES:
        assert (folder / name).stat().st_size > 100_000
    assert "Bitstream Vera" in (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
