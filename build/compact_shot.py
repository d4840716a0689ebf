"""Render the README's compact-mode picture: the 440 px column beside a browser-sized blank.

Run by ``make screenshots`` (offscreen, on a throwaway demo database):
``python -m build.compact_shot docs/screenshots/compact.png [en|es]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INTERLOCK_ASSIST_HOME", tempfile.mkdtemp(prefix="ia-shot-"))

SCREEN = (1366, 768)
COLUMN = 440


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from desktop.models.store import clients, demo
    from desktop.models.store.db import open_store
    from desktop.views.context import AppContext
    from desktop.views.shell.main_window import MainWindow

    out = Path(argv[0] if argv else "docs/screenshots/compact.png")
    language = argv[1] if len(argv) > 1 else "en"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="ia-shot-db-"))
    store = open_store(f"sqlite:///{folder / 'demo.sqlite3'}")
    ctx = AppContext(store, prefs_path=folder / "prefs.json", demo=True)
    ctx.set_language(language)
    with ctx.session() as session:
        demo.seed_if_empty(session, ctx.now())
    window = MainWindow(ctx)
    window.show()
    window.set_compact(True)
    window.resize(COLUMN, SCREEN[1] - 40)
    with ctx.session() as session:
        found = clients.get_by_cid(session, "300201")
    if found is not None:
        ctx.set_client(found)
    window.show_page("poc")
    for _ in range(20):
        app.processEvents()
    shot = window.grab()

    canvas = QPixmap(*SCREEN)
    canvas.fill(QColor("#d9dde3"))
    painter = QPainter(canvas)
    browser = QRect(0, 0, SCREEN[0] - COLUMN, SCREEN[1])
    painter.fillRect(browser.adjusted(8, 8, -8, -8), QColor("#ffffff"))
    painter.setPen(QColor("#8a9099"))
    painter.drawText(browser, Qt.AlignmentFlag.AlignCenter, "CRM (browser)")
    painter.drawPixmap(SCREEN[0] - COLUMN, 0, shot.scaled(COLUMN, SCREEN[1], Qt.AspectRatioMode.KeepAspectRatio))
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(str(out))
    window.close()
    store.engine.dispose()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
