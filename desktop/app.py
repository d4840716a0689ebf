"""Start-up: arguments, logging, database, language, main window.

Heavy imports happen inside :func:`main` after the arguments are read, so
``--help`` is instant and the smoke run measures what a real start costs.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.models.store.db import Store
    from desktop.startup import Questions, StartupReport
    from desktop.views.context import AppContext
    from desktop.views.shell.after_paint import LaterChecksRunner
    from desktop.views.shell.main_window import MainWindow

#: Exit status when the database cannot be used (locked, newer version, unreadable).
EXIT_CANNOT_OPEN = 3


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="interlock-assist", description="Interlock Assist")
    parser.add_argument("--db", type=Path, help="database file (default: the user data folder)")
    parser.add_argument("--demo", action="store_true", help="use (and create) the demo database")
    parser.add_argument("--smoke", action="store_true", help="start, check, print one line, exit")
    parser.add_argument("--until-first-paint", action="store_true",
                        help="with --smoke: stop once the window has painted and the store is open")
    parser.add_argument("--lang", choices=("en", "es"), help="interface language for this run")
    parser.add_argument("cid", nargs="?", help="open this client (Client ID) at start")
    return parser.parse_args(argv)


def setup_logging() -> Path:
    from desktop import paths
    from desktop.models.redaction import RedactingLogFilter

    log_file = paths.log_dir() / "interlock-assist.log"
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingLogFilter())  # no card number or override code in the log (SOP N1)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def main(argv: Sequence[str] | None = None, *, questions: Questions | None = None) -> int:
    """Start the app.  ``questions`` answers the start-up dialogs (tests); by default they are shown.

    The order is what the agent sees first: the window's frame is painted, then
    the store opens (with its dialogs, if it is locked, damaged, newer or
    read-only), then the screens that read it are built; the integrity check and
    the day's backup of a large cache, the lead menus, the first workflow page and
    the lookup's warm-up all come after that paint.
    """
    started = time.perf_counter()
    args = parse_args(argv)
    if args.smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log_file = setup_logging()
    instance = None
    if not args.smoke:  # one window per agent and database: a later launch hands over and exits
        from desktop import single_instance
        from desktop.models.store.db import resolve_url as _url

        name = single_instance.instance_name(_url(args.db, demo=args.demo))
        instance = single_instance.claim(name)
        if instance is None:
            handed = single_instance.hand_over(name, list(sys.argv[1:] if argv is None else argv))
            logging.getLogger("desktop").info("handed over to the running window: %s", handed)
            return 0 if handed else 1

    from PySide6.QtWidgets import QApplication

    from desktop.app_mutex import hold_app_mutex
    from desktop.fonts import register_bundled_fonts
    from desktop.icon import set_app_icon
    from desktop.views.shell.error_dialog import install_excepthook
    from desktop.views.shell.main_window import MainWindow
    from desktop.views.widgets.screen_fit import fit_to_screen

    hold_app_mutex()  # the installer's "close the running copy first" check (Windows only)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Interlock Assist")
    app.setOrganizationName("InterlockAssist")
    if isinstance(app, QApplication):
        set_app_icon(app)
    register_bundled_fonts()
    install_excepthook(interactive=not args.smoke, log_file=log_file)
    if instance is not None:
        instance.listen()

    _first_language(args.lang)
    demo = args.demo
    window = MainWindow(demo=demo)
    fit_to_screen(window, window.size())  # a layout kept for this screen replaces it once the store is open
    window.show()
    wait_for_first_paint(window)
    times = {"paint": _ms(started)}

    # The store opens after the first paint (see the docstring).
    from desktop.models.store.db import resolve_url
    from desktop.startup import Questions, open_checked
    from desktop.views.shell import startup_dialogs, team_link

    url = resolve_url(args.db, demo=demo)
    # Team mode (a server URL in the environment or Preferences): the store is this desk's cache.
    team_url = team_link.server_url() if args.db is None and not demo else None
    if team_url is not None:
        url = team_link.cache_url(team_url)
    if questions is None:
        questions = Questions() if args.smoke else startup_dialogs.dialog_questions()
    report = open_checked(url, _utc_now(), questions=questions, clock=_utc_now, defer_checks=True)
    log = logging.getLogger("desktop")
    for notice in report.notices:
        log.warning("start-up: %s %s", notice.code, startup_dialogs.notice_text(notice))
    if report.store is None:
        assert report.fatal is not None
        text = startup_dialogs.notice_text(report.fatal)
        log.error("start-up stopped: %s %s", report.fatal.code, text)
        if args.smoke:
            if sys.stdout is not None:
                print(f"smoke stopped: {report.fatal.code}: {text}", flush=True)
        else:
            startup_dialogs.show_fatal(report.fatal)
        _close(window)
        return EXIT_CANNOT_OPEN
    times["store"] = _ms(started)
    after_store_opens(report, window)
    if args.smoke and args.until_first_paint:
        code = _smoke(report.store, window, started, times)
        _close(window)
        shutdown(report)
        return code

    install_excepthook(interactive=not args.smoke, log_file=log_file, ledger=report.store.ledger)

    from desktop.views.context import AppContext

    ctx = AppContext(report.store, demo=demo)
    link = team_link.attach(ctx, team_url) if team_url is not None else None  # server reached off the GUI thread
    if args.lang:
        ctx.set_language(args.lang)
    if demo and not report.store.read_only:
        _seed_demo(ctx)
    window.attach(ctx, later=True)
    checks = start_later_checks(report, window)
    warm: list[threading.Thread] = []
    window.finished.connect(lambda: warm.append(warm_up(ctx, window)))
    if instance is not None:
        instance.argumentsReceived.connect(lambda later: _take_over(ctx, window, later))
        if args.cid:
            _open_cid(ctx, args.cid)
    if not args.smoke:
        startup_dialogs.show_notices(window, report.notices)
        from desktop.views.shell.preferences import first_run

        first_run.ask_if_first_run(window, ctx)

    if args.smoke:
        _wait_until(lambda: window.complete)
        times["ready"] = _ms(started)
        for thread in warm:
            thread.join()
        if checks is not None:
            checks.wait()
        _wait_until(lambda: checks is None or checks.findings is not None)
        code = _smoke(report.store, window, started, times)
    else:
        code = app.exec()
    if instance is not None:
        instance.close()
    # The window goes with the run: a later start in the same process (tests, a
    # restart after restore) must not find a second window answering shortcuts.
    _close(window)
    if checks is not None:
        checks.wait()
    if link is not None:
        link.close()
    shutdown(report)
    return code


def after_store_opens(report: StartupReport, window: MainWindow) -> None:
    """What needs the open store before the screens that read it are built.

    The place for start-up steps that depend on the store (e.g. joining a team
    desk); it runs after the first paint, for the smoke check too.
    """
    assert report.store is not None
    logging.getLogger("desktop").info("store open: %s (read-only: %s)", report.store.url, report.store.read_only)


def wait_for_first_paint(window: MainWindow, limit_ms: int = 2000) -> None:
    """Run the event loop until ``window`` has painted once (at most ``limit_ms``: a hidden
    or minimised window must not hold up start-up)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if window.painted:
        return
    loop = QEventLoop()
    window.firstPainted.connect(loop.quit)
    QTimer.singleShot(limit_ms, loop.quit)
    if not window.painted:
        loop.exec()
    window.firstPainted.disconnect(loop.quit)


def start_later_checks(report: StartupReport, window: MainWindow) -> LaterChecksRunner | None:
    """The integrity check and the day's backup that start-up left, on a thread; findings go to the banner."""
    if report.later is None or not (report.later.integrity or report.later.daily_backup):
        return None
    from desktop.views.shell.after_paint import LaterChecksRunner

    runner = LaterChecksRunner(report.later, window.banner, window)
    runner.start()
    return runner


def warm_up(ctx: AppContext, window: MainWindow) -> threading.Thread:
    """After the first workflow page is built: the lookup's first keystroke and first typo lookup."""
    from desktop.views.shell.after_paint import warm_lookup

    window.client_bar.warm_up()
    return warm_lookup(ctx)


def _first_language(language: str | None) -> None:
    """The window's frame paints in the agent's language (the context re-reads the same choice)."""
    from desktop import i18n, paths
    from desktop.models.store import prefs

    i18n.set_language(language or prefs.load(paths.config_dir() / "preferences.json").language)


def _wait_until(done: Callable[[], bool], limit_s: float = 30.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + limit_s
    while not done() and time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not done():
            time.sleep(0.005)


def _close(window: MainWindow) -> None:
    window.close()
    window.deleteLater()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def shutdown(report: StartupReport) -> None:
    """A clean exit refreshes this session's backup, then lets go of the database."""
    if report.store is None:
        return
    if report.session_backups is not None and report.store.ledger.saves:
        result = report.session_backups.at_exit()
        if not result.ok:
            logging.getLogger("desktop").warning("exit backup skipped: %s %s", result.reason, result.detail)
    elif report.session_backups is not None:
        report.session_backups.wait()
    report.store.engine.dispose()


def _take_over(ctx: AppContext, window: MainWindow, argv: list[str]) -> None:
    """A later launch's arguments: open the client it named, and come to the front."""
    from PySide6.QtCore import Qt

    log = logging.getLogger("desktop")
    try:
        later = parse_args(argv)
    except SystemExit:  # argparse exits on arguments it cannot read
        later = None
    log.info("a later launch handed over %s", argv)
    if later is not None and later.cid:
        _open_cid(ctx, later.cid)
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def _open_cid(ctx: AppContext, cid: str) -> None:
    from desktop.models.store import clients

    with ctx.session() as s:
        found = clients.get_by_cid(s, cid.strip())
    if found is not None:
        ctx.set_client(found)
    logging.getLogger("desktop").info("client %s from the command line: %s", cid, "opened" if found else "not found")


def _seed_demo(ctx: AppContext) -> None:
    from desktop.models.store import demo

    with ctx.session() as session:
        demo.seed_if_empty(session, ctx.now())


SMOKE_PROBE = "No client open. Type a CID or a name above."


def _smoke(store: Store, window: MainWindow, started: float, times: dict[str, float]) -> int:
    """Prove the build works: window painted, database migrated, Spanish catalog loads.

    With ``--until-first-paint`` it stops once the window has painted and the store
    is open (what the agent waits for); else the screens, the first page and the
    later checks are done too ("ready").
    """
    from sqlalchemy import text

    from desktop.i18n import gettext_for

    with store.engine.connect() as conn:
        clients = conn.execute(text("SELECT count(*) FROM clients")).scalar()
    catalog_ok = gettext_for("es")(SMOKE_PROBE) != SMOKE_PROBE
    ok = window.isVisible() and window.painted and catalog_ok and ("ready" not in times or window.complete)
    steps = ", ".join(f"{name} {value:.0f} ms" for name, value in times.items())
    line = (
        f"smoke {'ok' if ok else 'FAILED'}: window shown, db {store.url} ({clients} clients), "
        f"es catalog {'loaded' if catalog_ok else 'MISSING'}, {steps}, {_ms(started):.0f} ms"
    )
    # A windowed Windows build has no stdout: the line also goes to a file CI can read.
    from desktop import paths

    (paths.log_dir() / "smoke.txt").write_text(line + "\n", encoding="utf-8")
    if sys.stdout is not None:
        print(line, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
