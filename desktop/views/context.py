"""The state one call shares between pages, and the signals that keep pages in step.

Views read the store through ``ctx.session()`` and the time through ``ctx.now()``
(an injected clock, so tests pin it); models never see this object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from sqlalchemy.orm import Session

from desktop import i18n, paths
from desktop.models.redaction import CALL_SECRETS
from desktop.models.store import prefs as prefs_mod
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store

if TYPE_CHECKING:
    from desktop.models.sop import SopPack

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class AppContext(QObject):
    clientChanged = Signal(object)  # ClientInfo | None
    languageChanged = Signal(str)
    prefsChanged = Signal()
    historyChanged = Signal(int)  # client id
    noteDraftOffered = Signal(object)  # dict of note fields from a workflow
    callUpdated = Signal()  # ctx.call changed (UTR, appointment… for chat templates)
    navigateRequested = Signal(str)  # page id
    packChanged = Signal()

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = system_clock,
        prefs_path: Path | None = None,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.demo = demo
        self.prefs_path = prefs_path or paths.config_dir() / "preferences.json"
        self.first_run = not self.prefs_path.exists()  # no preferences yet: a new agent at this desk
        self.prefs = prefs_mod.load(self.prefs_path)
        self.client: ClientInfo | None = None
        self.call: dict[str, Any] = {}
        self.pending_note: dict[str, Any] | None = None
        self._pack: SopPack | None = None
        self._qt_translator: QTranslator | None = None
        i18n.set_language(self.prefs.language)
        self._install_qt_translator(self.prefs.language)

    # -- time and store -------------------------------------------------
    def now(self) -> datetime:
        value = self.clock()
        if value.tzinfo is None:
            raise ValueError("clock returned a naive datetime")
        return value

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error."""
        with self.store.sessions() as session, session.begin():
            yield session

    # -- client ---------------------------------------------------------
    def set_client(self, client: ClientInfo | None) -> None:
        self.client = client
        self.call = {}
        self.pending_note = None
        self.clientChanged.emit(client)
        # The pages have saved the last call's drafts (scrubbed); now its override code
        # is forgotten, so nothing of the next call is compared with it.
        CALL_SECRETS.forget_all()
        self.callUpdated.emit()

    def refresh_client(self) -> None:
        """Re-read the current client (after an import changed it)."""
        if self.client is None:
            return
        from desktop.models.store import clients

        with self.session() as s:
            fresh = clients.get(s, self.client.id)
        self.client = fresh
        self.clientChanged.emit(fresh)

    def offer_note(self, fields: dict[str, Any], render: Callable[[str], Mapping[str, object]] | None = None) -> None:
        """A workflow hands its note to the Notes page (kept until the page takes it).

        ``render`` words the workflow's sentences in a given language, so they follow
        the note language (:mod:`desktop.models.notes.language`).
        """
        from desktop.models.notes.language import offered

        self.pending_note = offered(fields, render, i18n.current_language())
        self.noteDraftOffered.emit(self.pending_note)

    def update_call(self, **values: Any) -> None:
        self.call.update(values)
        self.callUpdated.emit()

    # -- SOP pack -------------------------------------------------------
    @property
    def pack(self) -> SopPack:
        if self._pack is None:
            self._pack = self._load_active_pack()
        return self._pack

    def _load_active_pack(self) -> SopPack:
        """The pack a lead activated in this store, else the one shipped with the app."""
        from desktop.models import sop
        from desktop.models.store import sop_store

        with self.session() as s:
            found = sop_store.active_pack(s)
        return found if found is not None else sop.load_default_pack()

    def reload_pack(self) -> None:
        self._pack = None
        self.packChanged.emit()

    # -- language and preferences --------------------------------------
    def set_language(self, language: str) -> None:
        if language == i18n.current_language() and language == self.prefs.language:
            return
        # Qt's catalog first: widgets re-translate as soon as the i18n module switches.
        self._install_qt_translator(language)
        i18n.set_language(language)
        self.update_prefs(language=language)
        self.languageChanged.emit(language)

    def update_prefs(self, **changes: object) -> None:
        self.prefs = self.prefs.with_changes(**changes)
        prefs_mod.save(self.prefs_path, self.prefs)
        self.prefsChanged.emit()

    def _install_qt_translator(self, language: str) -> None:
        """Qt's own strings (wizard buttons, dialog buttons, menus) follow the UI language."""
        app = QCoreApplication.instance()
        if app is None:
            return
        if self._qt_translator is not None:
            QCoreApplication.removeTranslator(self._qt_translator)
            self._qt_translator = None
        QLocale.setDefault(QLocale(i18n.BABEL_LOCALES[language]))
        if language == "en":
            return
        translator = QTranslator(self)
        for folder in (
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(paths.i18n_dir() / "qt"),
        ):
            if translator.load(f"qtbase_{language}", folder):
                QCoreApplication.installTranslator(translator)
                self._qt_translator = translator
                break
