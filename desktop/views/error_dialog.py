"""Unhandled exceptions: logged, then shown with a "copy details" button.

The app never vanishes silently; what the agent already saved stays saved.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.i18n import _

log = logging.getLogger("desktop")


def details_text(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb))


def show_error(details: str, parent: QWidget | None = None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Something went wrong"))
    box.setText(
        _(
            "An unexpected error happened. What you saved is safe. You can keep working; please send the details to your team lead."
        )
    )
    box.setDetailedText(details)
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.exec()


def install_excepthook(interactive: bool = True) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = details_text(exc_type, exc, tb)
        log.error("unhandled exception\n%s", details)
        if interactive and QApplication.instance() is not None:
            show_error(details)

    sys.excepthook = hook
