"""Setting up a center's team server from the command line (run by its database administrator).

    python -m desktop.models.team.admin migrate postgresql://owner@server/interlock
    python -m desktop.models.team.admin add-user postgresql://owner@server/interlock maria --role agent
    python -m desktop.models.team.admin import-roster postgresql://maria@server/interlock roster.csv

``migrate`` brings the schema to the newest revision and creates the
``interlock_agent`` and ``interlock_lead`` roles; ``add-user`` creates a login
(password asked on the terminal, or ``INTERLOCK_ASSIST_NEW_PASSWORD``) and
gives it one of the roles.  ``import-roster`` checks a CRM export as the app's
roster import does and loads its clients onto the server (as a lead's or the
owner's login), so a center can fill the server before any desk starts.
Passwords come from the URL, libpq's ``PGPASSWORD`` or ``~/.pgpass``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import make_url

from desktop.models.store import db
from desktop.models.store.roster import RosterReport, RosterRow, read_roster
from desktop.models.team import pg_schema, roster_upload, server
from desktop.models.team.roster_upload import UploadResult
from desktop.models.team.workstation import UNREACHABLE

#: Row problems printed before "…and N more".
PROBLEMS_SHOWN = 10

ROLES = {"agent": pg_schema.AGENT_ROLE, "lead": pg_schema.LEAD_ROLE}


def driver_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def migrate(url: str) -> str:
    engine = db.make_engine(driver_url(url))
    try:
        db.upgrade(engine)
        return db.current_revision(engine) or ""
    finally:
        engine.dispose()


def add_user(url: str, name: str, role: str, password: str) -> None:
    """Create (or update the password of) a login and grant it the agent or lead role."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), sql.Literal(password)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), sql.Identifier(name)))


def upload_roster(url: str, rows: Sequence[RosterRow], *, now: datetime | None = None) -> UploadResult:
    """Upload checked rows in one transaction, as the URL's login (a lead's, or the owner's)."""
    engine = server.make_engine(driver_url(url))
    try:
        with engine.connect() as conn:
            trans = conn.begin()
            result = roster_upload.upload(conn, roster_upload.chunks(rows), now=now or datetime.now(UTC))
            if result.ok:
                trans.commit()
            elif trans.is_active:
                trans.rollback()
    except UNREACHABLE:
        result = UploadResult(False, "offline")
    finally:
        engine.dispose()
    return result


def _print_report(report: RosterReport) -> None:
    print(f"{report.total_rows} rows read: {report.ready_count} ready to import, "
          f"{report.bad_row_count} with problems (not imported).")
    shown = [p for p in report.problems if p.row > 0][:PROBLEMS_SHOWN]
    for p in shown:
        print(f"  row {p.row}, {p.field_label()}: {p.text()}")
    if report.problem_count > len(shown):
        print(f"  …and {report.problem_count - len(shown)} more problems")


def _import_roster(url: str, path: Path) -> int:
    """Read and check ``path`` with the app's roster reader, say what it holds, then upload its ready rows."""
    report = read_roster(path)
    if not report.importable:
        reasons = [p.text() for p in report.file_problems] or ["no row is ready to import"]
        print(f"{path}: not imported: " + " ".join(reasons), file=sys.stderr)
        return 2
    _print_report(report)
    result = upload_roster(url, report.rows)
    if not result.ok:
        print(f"not imported ({result.code}): {REFUSALS.get(result.code or '', '')}; nothing changed", file=sys.stderr)
        return 1
    print(f"clients on the server: {result.added} added, {result.changed} changed, {result.unchanged} unchanged")
    return 0


REFUSALS = {
    "not_lead": "this login may not write clients (it needs the lead role)",
    "offline": "the server cannot be reached",
    "server_error": "the server answered with an error",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.models.team.admin", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("migrate", help="create or update the team schema and roles")
    m.add_argument("url")
    u = sub.add_parser("add-user", help="create a login for an agent or a lead")
    u.add_argument("url")
    u.add_argument("name")
    u.add_argument("--role", choices=sorted(ROLES), default="agent")
    r = sub.add_parser("import-roster", help="load the clients of a CRM roster export (CSV or JSON)")
    r.add_argument("url")
    r.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "import-roster":
        return _import_roster(args.url, args.file)
    if args.command == "migrate":
        print(f"schema at revision {migrate(args.url)}")
        return 0
    password = os.environ.get("INTERLOCK_ASSIST_NEW_PASSWORD") or getpass.getpass(f"Password for {args.name}: ")
    if not password:
        print("a password is required", file=sys.stderr)
        return 2
    add_user(args.url, args.name, args.role, password)
    print(f"{args.name} can sign in as {args.role}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
