"""Render resources/icons/app.svg to the PNGs the window uses and the multi-size ICO of the Windows build.

Run by `make icons` (and `make package`); the outputs are committed so a source run needs no build step.

Why the ICO container is written here rather than by a library: Qt's ICO writer stores a
single image, and the container is a 6-byte header, one 16-byte entry per image and the
images themselves (https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)).
Pillow could write it, but only for these few lines; the SVG rendering needs Qt anyway.
Sizes below 256 px are stored as 32-bit DIBs (every Windows shell and resource tool reads
them); 256 px is stored as PNG, as Windows expects for that size.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path
from typing import cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
# What the Windows shell asks for at 100-200 % scaling (title bar, taskbar, Explorer views).
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# What the window icon offers Qt (it picks the nearest size; PNG needs no image plugin).
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "app.svg")).render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"PNG")).write(image):
        raise SystemExit("could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA DIB as an ICO entry holds it: doubled height, bottom-up rows, AND mask."""
    size = image.width()
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        line = cast(memoryview, argb.constScanLine(y)).tobytes()[: size * 4]  # little-endian ARGB32: B, G, R, A
        rows.append(line)
    mask_row = ((size + 31) // 32) * 4  # 1 bit per pixel, rows padded to 4 bytes; alpha decides
    return header + b"".join(rows) + bytes(mask_row * size)


def ico_bytes(images: list[QImage]) -> bytes:
    blobs = [png_bytes(img) if img.width() >= 256 else dib_bytes(img) for img in images]
    out = [struct.pack("<HHH", 0, 1, len(images))]
    offset = 6 + 16 * len(images)
    for img, blob in zip(images, blobs, strict=True):
        side = img.width() % 256  # 0 means 256
        out.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset))
        offset += len(blob)
    return b"".join(out) + b"".join(blobs)


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    render(256).save(str(ICONS / "app.png"))
    for size in PNG_SIZES:
        render(size).save(str(ICONS / f"app-{size}.png"))
    (ICONS / "app.ico").write_bytes(ico_bytes([render(size) for size in ICO_SIZES]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
