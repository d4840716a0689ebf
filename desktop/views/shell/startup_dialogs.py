"""What start-up found, in the agent's words, and the questions it asks.

The decisions are made in :mod:`desktop.startup` (Qt-free, reason codes);
this module only translates them and shows them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import i18n
from desktop.i18n import N_, _, ngettext
from desktop.models.store import backups, sqlite_files
from desktop.startup import (
    BACKUP_SKIPPED,
    CANNOT_OPEN,
    DAMAGED,
    LOCKED,
    MIGRATION_FAILED,
    NEW_EMPTY,
    NEWER_SCHEMA,
    READ_ONLY,
    RESTORED,
    Notice,
    Questions,
    RestoreOffer,
)

DAMAGE_TEXTS = {
    sqlite_files.EMPTY_FILE: N_("The database file is empty (0 bytes)."),
    sqlite_files.EMPTIED: N_("The database holds no clients, history or drafts, although it held data before."),
    sqlite_files.NOT_A_DATABASE: N_("The database file is not a database (its first bytes are wrong)."),
    sqlite_files.TRUNCATED: N_("The database file is cut short: its end is missing."),
    sqlite_files.DAMAGED_PAGES: N_("Parts of the database file are damaged."),
}

BACKUP_SKIP_TEXTS = {
    backups.DISK_FULL: N_("The disk is full, so no backup was made. The app opened anyway; free some space soon."),
    backups.BUSY: N_("Another program was using the database, so no backup was made this time."),
    backups.SKIPPED_DAMAGED: N_("The copy for the backup was damaged, so it was not kept."),
    backups.FAILED: N_("The backup could not be written, so none was made this time."),
}


def _when(value: datetime) -> str:
    return i18n.format_datetime(value.astimezone())


def _found(damage: str) -> str:
    return _(DAMAGE_TEXTS.get(damage, N_("The database file is damaged.")))


def _holder(notice: Notice) -> str:
    holder = notice.details.get("holder")
    if holder:
        return _("It is held by {holder}.").format(holder=holder)
    return _("Close any other copy of Interlock Assist, or any program that opened the database, and try again.")


def offer_text(offer: RestoreOffer) -> str:
    """First what was found and where the file was kept, then the backup on offer."""
    entries = ngettext(
        "{n} history entry", "{n} history entries", offer.contents.history
    ).format(n=i18n.format_number(offer.contents.history))
    clients = ngettext("{n} client", "{n} clients", offer.contents.clients).format(
        n=i18n.format_number(offer.contents.clients)
    )
    return "\n\n".join(
        [
            _found(offer.damage),
            _("The damaged file was kept, not deleted: {path}").format(path=offer.moved_to),
            _("The newest good backup is from {when} and holds {entries} and {clients}. Restore it?").format(
                when=_when(offer.backup.taken_at), entries=entries, clients=clients
            ),
        ]
    )


def notice_text(notice: Notice) -> str:
    d = notice.details
    if notice.code == DAMAGED:
        return "\n\n".join(
            [_found(str(d.get("damage", ""))),
             _("The damaged file was kept, not deleted: {path}").format(path=d.get("moved_to"))]
        )
    if notice.code == RESTORED:
        return _("Restored the backup from {when} ({history} history entries, {clients} clients).").format(
            when=_when(d["taken_at"]), history=d["history"], clients=d["clients"]
        )
    if notice.code == NEW_EMPTY:
        if d.get("backup_offered"):
            return _("No backup was restored; the app started with a new, empty database.")
        return _("No good backup was found; the app started with a new, empty database.")
    if notice.code == LOCKED:
        return " ".join(
            [_("Another program is using the database, so Interlock Assist cannot open it: {path}").format(
                path=d.get("path")), _holder(notice)]
        )
    if notice.code == NEWER_SCHEMA:
        return _(
            "This database was written by a newer version of Interlock Assist (database version {revision}; "
            "this version knows up to {head}). Update Interlock Assist to open it. Nothing was changed in it."
        ).format(revision=d.get("revision"), head=d.get("head"))
    if notice.code == READ_ONLY:
        return _(
            "The database cannot be written (the file or its folder is read-only): {path}. "
            "You can look things up and copy notes, but nothing is saved: drafts stay only until you close the app."
        ).format(path=d.get("path"))
    if notice.code == BACKUP_SKIPPED:
        return _(BACKUP_SKIP_TEXTS.get(str(d.get("reason")), BACKUP_SKIP_TEXTS[backups.FAILED]))
    if notice.code == CANNOT_OPEN:
        return _("The database cannot be opened ({detail}): {path}").format(
            detail=d.get("detail") or d.get("damage", ""), path=d.get("path")
        )
    if notice.code == MIGRATION_FAILED:
        return _("The database could not be updated to this version; it was left as it was ({detail}).").format(
            detail=d.get("detail", "")
        )
    return notice.code


def ask_restore(offer: RestoreOffer) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Database damaged"), offer_text(offer))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_retry_locked(notice: Notice) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Database in use"), notice_text(notice))
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
    return box.exec() == QMessageBox.StandardButton.Retry


def dialog_questions() -> Questions:
    return Questions(confirm_restore=ask_restore, retry_locked=ask_retry_locked)


def show_fatal(notice: Notice) -> None:
    QMessageBox.critical(None, _("Interlock Assist cannot start"), notice_text(notice))


def show_notices(parent: QWidget | None, notices: list[Notice]) -> None:
    for notice in notices:
        QMessageBox.warning(parent, _("Database"), notice_text(notice))
