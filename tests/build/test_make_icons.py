"""The Windows icon holds every size from 16 to 256 px, each a readable image."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
ICO = ROOT / "resources" / "icons" / "app.ico"
EXPECTED = {16, 20, 24, 32, 40, 48, 64, 128, 256}


def _entries(data: bytes) -> list[tuple[int, int, int]]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    entries = []
    for i in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        entries.append((width or 256, length, offset))
    return entries


def test_ico_has_every_size() -> None:
    data = ICO.read_bytes()
    entries = _entries(data)
    assert {size for size, _l, _o in entries} == EXPECTED
    for _size, length, offset in entries:
        assert offset + length <= len(data)


def test_ico_images_decode(qapp: QApplication) -> None:
    data = ICO.read_bytes()
    for size, length, offset in _entries(data):
        blob = data[offset : offset + length]
        if blob.startswith(b"\x89PNG"):
            image = QImage.fromData(blob)
            assert image.width() == size
        else:
            width, height, _planes, bits = struct.unpack_from("<iiHH", blob, 4)
            assert (width, height, bits) == (size, 2 * size, 32)
            assert length == 40 + size * size * 4 + ((size + 31) // 32) * 4 * size
