"""Setting up a center's team server from the command line (run by its database administrator).

    python -m desktop.models.team.admin migrate postgresql://owner@server/interlock
    python -m desktop.models.team.admin add-user postgresql://owner@server/interlock maria --role agent

``migrate`` brings the schema to the newest revision and creates the
``interlock_agent`` and ``interlock_lead`` roles; ``add-user`` creates a login
(password asked on the terminal, or ``INTERLOCK_ASSIST_NEW_PASSWORD``) and
gives it one of the roles.  The owner's password comes from the URL, libpq's
``PGPASSWORD`` or ``~/.pgpass``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

import psycopg
from psycopg import sql
from sqlalchemy import make_url

from desktop.models.store import db
from desktop.models.team import pg_schema

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.models.team.admin", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("migrate", help="create or update the team schema and roles")
    m.add_argument("url")
    u = sub.add_parser("add-user", help="create a login for an agent or a lead")
    u.add_argument("url")
    u.add_argument("name")
    u.add_argument("--role", choices=sorted(ROLES), default="agent")
    args = parser.parse_args(argv)
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
