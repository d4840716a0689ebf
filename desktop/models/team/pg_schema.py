"""What only the PostgreSQL server has: the change counter, append-only history, roles.

Kept in one module (as :mod:`desktop.models.store.sqlite_store` is for SQLite) so the
migration reads as a list of steps and the SQL can be read in one place.

Why the change counter takes an advisory lock: a sequence number is handed out
when a row is written but becomes visible only when its transaction commits, so
a reader that remembered "I have everything up to 105" could miss a row numbered
104 that committed later.  Every writer holds a *shared* transaction lock while
it numbers rows; a refresh briefly takes the same lock *exclusively* before it
reads the counter's high-water mark, so every number at or below that mark
belongs to a transaction that has finished (see :func:`.server.safe_high_water`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AGENT_ROLE = "interlock_agent"
LEAD_ROLE = "interlock_lead"
CHANGE_SEQ = "ia_change_seq"
#: Key of the advisory lock that orders writers before a refresh reads the high-water mark.
CHANGE_LOCK_KEY = 74_211_004

#: Tables a workstation caches or checks, each with a ``change_seq`` column.
CHANGING_TABLES: tuple[str, ...] = ("clients", "sop_packs", "history", "one_time_grants", "rule_conflicts")

FUNCTIONS = (
    f"""CREATE OR REPLACE FUNCTION ia_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock_shared({CHANGE_LOCK_KEY});
          NEW.change_seq := nextval('{CHANGE_SEQ}');
          RETURN NEW;
        END $$""",
    """CREATE OR REPLACE FUNCTION ia_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'history is append-only: add a correction instead';
        END $$""",
)


def _role_sql(role: str) -> str:
    return f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
          CREATE ROLE {role} NOLOGIN;
        END IF;
      END $$"""


GRANTS = (
    # Agents read everything the desk caches, append history and one-time grants,
    # and record the conflict when their offline grant lost; nothing else.
    f"GRANT SELECT ON clients, sop_packs, history, one_time_grants, rule_conflicts, alembic_version TO {AGENT_ROLE}",
    f"GRANT INSERT ON history, one_time_grants TO {AGENT_ROLE}",
    f"""GRANT INSERT (uuid, client_id, kind, winner_grant_id, loser_agent, loser_workstation, loser_at,
        loser_amount, detected_at) ON rule_conflicts TO {AGENT_ROLE}""",
    f"""GRANT USAGE, SELECT ON SEQUENCE {CHANGE_SEQ}, history_id_seq, one_time_grants_id_seq,
        rule_conflicts_id_seq TO {AGENT_ROLE}""",
    # Leads are agents who also publish SOP packs, resolve conflicts, void grants, load clients.
    f"GRANT {AGENT_ROLE} TO {LEAD_ROLE}",
    f"GRANT INSERT, UPDATE ON sop_packs, clients TO {LEAD_ROLE}",
    f"GRANT UPDATE (resolved_at, resolved_by, resolution_note) ON rule_conflicts TO {LEAD_ROLE}",
    f"GRANT UPDATE (voided_at) ON one_time_grants TO {LEAD_ROLE}",
    f"GRANT USAGE, SELECT ON SEQUENCE sop_packs_id_seq, clients_id_seq TO {LEAD_ROLE}",
)

REVOKES = (
    f"REVOKE ALL ON clients, sop_packs, history, alembic_version FROM {AGENT_ROLE}, {LEAD_ROLE}",
    f"REVOKE ALL ON SEQUENCE history_id_seq, sop_packs_id_seq, clients_id_seq FROM {AGENT_ROLE}, {LEAD_ROLE}",
)


def create(execute: Callable[[str], Any]) -> None:
    """Counter, triggers, append-only history and roles (the tables exist already)."""
    execute(f"CREATE SEQUENCE IF NOT EXISTS {CHANGE_SEQ}")
    for table in CHANGING_TABLES:
        # Rows written before team mode get numbers too, so a first refresh sees them.
        execute(f"UPDATE {table} SET change_seq = nextval('{CHANGE_SEQ}') WHERE change_seq IS NULL")
    for sql in FUNCTIONS:
        execute(sql)
    for table in CHANGING_TABLES:
        execute(
            f"CREATE TRIGGER {table}_stamp_change BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ia_stamp_change()"
        )
    execute(
        "CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history "
        "FOR EACH ROW EXECUTE FUNCTION ia_history_append_only()"
    )
    for role in (AGENT_ROLE, LEAD_ROLE):
        execute(_role_sql(role))
    for sql in GRANTS:
        execute(sql)


def drop(execute: Callable[[str], Any]) -> None:
    """Undo :func:`create`; the roles stay (other databases of the cluster may use them)."""
    for sql in REVOKES:
        execute(sql)
    execute("DROP TRIGGER IF EXISTS history_append_only ON history")
    for table in CHANGING_TABLES:
        execute(f"DROP TRIGGER IF EXISTS {table}_stamp_change ON {table}")
    execute("DROP FUNCTION IF EXISTS ia_history_append_only()")
    execute("DROP FUNCTION IF EXISTS ia_stamp_change()")
    execute(f"DROP SEQUENCE IF EXISTS {CHANGE_SEQ}")
