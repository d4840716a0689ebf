"""Unhandled exceptions: logged, then shown with a "copy details" button.

The app never vanishes silently.  The dialog says what was saved and what was
not (from the store's :class:`~desktop.models.store.store_errors.WriteLedger`) and
where the log file is; a store that is busy, read-only or full gets its own
plain message instead of "something went wrong".
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models.store.store_errors import BUSY, DISK_FULL, READ_ONLY, StoreWriteError, WriteLedger

log = logging.getLogger("desktop")

STORE_TEXTS = {
    BUSY: N_(
        "Another program is using the database (or an import is still writing to it), so this was not saved. "
        "Wait a moment and try again."
    ),
    READ_ONLY: N_("The database is read-only, so this was not saved. Copying to the clipboard still works."),
    DISK_FULL: N_("The disk is full, so this was not saved. Free some space and try again."),
}


def store_reason(exc: StoreWriteError) -> str:
    """Why a save failed, in the words the agent reads at the field or in the status line."""
    return _(STORE_TEXTS[exc.reason]) if exc.reason in STORE_TEXTS else str(exc)


def details_text(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb))


def store_error(exc: BaseException) -> StoreWriteError | None:
    """The typed store error behind ``exc`` (itself or a cause), if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, StoreWriteError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def saved_text(ledger: WriteLedger | None, failed: StoreWriteError | None) -> str:
    """What was saved and what was not, in one or two sentences."""
    parts: list[str] = []
    last_failed = failed is not None or (ledger is not None and ledger.last_save_failed)
    if last_failed:
        parts.append(_("The last save failed: what you were saving then is not in the database."))
    else:
        parts.append(_("What you were doing when this happened may not have been saved."))
    if ledger is not None and ledger.last_saved is not None:
        parts.append(
            _("The last successful save was at {time}; everything saved until then is kept.").format(
                time=i18n.format_time(ledger.last_saved.astimezone())
            )
        )
    elif ledger is not None:
        parts.append(_("Nothing was saved in this session yet; earlier sessions are kept."))
    return " ".join(parts)


def message_text(
    exc: BaseException | None, ledger: WriteLedger | None = None, log_file: Path | None = None
) -> str:
    failed = store_error(exc) if exc is not None else None
    if failed is not None and failed.reason in STORE_TEXTS:
        head = _(STORE_TEXTS[failed.reason])
    else:
        head = _("An unexpected error happened. You can keep working; please send the details to your team lead.")
    body = [head, saved_text(ledger, failed)]
    if log_file is not None:
        body.append(_("The log file is: {path}").format(path=log_file))
    return "\n\n".join(body)


def show_error(
    details: str,
    parent: QWidget | None = None,
    *,
    text: str | None = None,
    store_problem: bool = False,
) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if store_problem else QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Not saved") if store_problem else _("Something went wrong"))
    box.setText(text or message_text(None))
    box.setDetailedText(details)
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.exec()


def install_excepthook(
    interactive: bool = True, *, log_file: Path | None = None, ledger: WriteLedger | None = None
) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = details_text(exc_type, exc, tb)
        problem = store_error(exc)
        if problem is not None:
            log.warning("store write failed (%s)\n%s", problem.reason, details)
        else:
            log.error("unhandled exception\n%s", details)
        if interactive and QApplication.instance() is not None:
            show_error(details, text=message_text(exc, ledger, log_file), store_problem=problem is not None)

    sys.excepthook = hook
