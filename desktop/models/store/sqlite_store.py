"""Everything only SQLite has inside the database: pragmas, FTS5, triggers.

The file-level side (diagnosis, moving aside, backups) is in
:mod:`desktop.models.store.sqlite_files` and :mod:`desktop.models.store.backups`.

Kept in one module so the rest of the store runs unchanged on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

if TYPE_CHECKING:  # the ORM is imported after the window's first paint, not by opening the store
    from sqlalchemy.orm import Session


def on_connect(dbapi_conn: Any, _record: Any) -> None:
    """WAL keeps readers instant while a write commits; FULL sync makes a commit durable.

    The busy timeout is set by the engine (``connect_args``), short on purpose:
    see :data:`desktop.models.store.db.BUSY_TIMEOUT_MS`.
    """
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def on_connect_read_only(dbapi_conn: Any, _record: Any) -> None:
    """A read-only store never tries to change the journal mode (that is a write)."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


# Execution option a connection carries when its transaction must take the write
# lock at BEGIN (``{BEGIN_MODE: "IMMEDIATE"}``).
BEGIN_MODE = "sqlite_begin"


def on_begin(conn: Connection) -> None:
    """Start a transaction with ``BEGIN IMMEDIATE`` when the connection asks for it.

    Why: pysqlite opens a transaction only at the first INSERT/UPDATE, so a
    "read, then write if still allowed" sequence (the one-time rules C1, M9) reads
    outside any lock and two writers can both pass the check.  ``BEGIN IMMEDIATE``
    takes the write lock before the read, so the second writer waits and then sees
    the first one's row.  Other transactions keep pysqlite's lazy BEGIN (SQLAlchemy's
    pysqlite "serializable isolation" recipe, applied only where asked for).
    """
    if conn.get_execution_options().get(BEGIN_MODE) == "IMMEDIATE":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


HISTORY_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
)

NOTES_FTS = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS history_fts USING fts5(
           note_text, summary, content='history', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS history_fts_ai AFTER INSERT ON history BEGIN
           INSERT INTO history_fts(rowid, note_text, summary) VALUES (new.id, new.note_text, new.summary);
       END""",
)


def create_sqlite_extras(execute: Any) -> None:
    """Append-only triggers and the notes full-text index (called from the migration)."""
    for sql in HISTORY_TRIGGERS + NOTES_FTS:
        execute(sql)


def drop_sqlite_extras(execute: Any) -> None:
    for sql in (
        "DROP TRIGGER IF EXISTS history_fts_ai",
        "DROP TABLE IF EXISTS history_fts",
        "DROP TRIGGER IF EXISTS history_no_delete",
        "DROP TRIGGER IF EXISTS history_no_update",
    ):
        execute(sql)


# ---------------------------------------------------------------------------
# Client lookup and note search (migration 0002).  Each helper has a portable
# twin in desktop.models.store.client_search / note_search used on other databases.
# ---------------------------------------------------------------------------

CLIENTS_FTS = (
    # Why external content + detail=none: the index only has to answer "which rows
    # have a word starting with …", so it stores no positions and no second copy
    # of the names; the prefix indexes keep 1-3 letter word prefixes instant.
    """CREATE VIRTUAL TABLE IF NOT EXISTS clients_fts USING fts5(
           name_key, content='clients', content_rowid='id',
           tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail=none)""",
    # A counter bumped by every change to the words, so a process can cache the
    # word list (typo candidates) and know cheaply when it went stale.  The token
    # tells two databases apart.
    """CREATE TABLE IF NOT EXISTS clients_fts_generation (
           id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, n INTEGER NOT NULL)""",
    "INSERT OR IGNORE INTO clients_fts_generation (id, token, n) VALUES (1, lower(hex(randomblob(8))), 0)",
    """CREATE TRIGGER IF NOT EXISTS clients_fts_ai AFTER INSERT ON clients BEGIN
           INSERT INTO clients_fts(rowid, name_key) VALUES (new.id, new.name_key);
           UPDATE clients_fts_generation SET n = n + 1 WHERE id = 1;
       END""",
    """CREATE TRIGGER IF NOT EXISTS clients_fts_ad AFTER DELETE ON clients BEGIN
           INSERT INTO clients_fts(clients_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
           UPDATE clients_fts_generation SET n = n + 1 WHERE id = 1;
       END""",
    """CREATE TRIGGER IF NOT EXISTS clients_fts_au AFTER UPDATE OF name_key ON clients BEGIN
           INSERT INTO clients_fts(clients_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
           INSERT INTO clients_fts(rowid, name_key) VALUES (new.id, new.name_key);
           UPDATE clients_fts_generation SET n = n + 1 WHERE id = 1;
       END""",
    # The distinct name words: the bounded candidate set for typo-tolerant lookup.
    "CREATE VIRTUAL TABLE IF NOT EXISTS clients_fts_vocab USING fts5vocab(clients_fts, 'row')",
    "INSERT INTO clients_fts(clients_fts) VALUES ('rebuild')",
)


NOTES_FTS_FAST = (
    # Migration 0003: same columns and tokenizer as NOTES_FTS, but no word
    # positions (nothing searches phrases) and prefix indexes, because a prefix
    # such as "call*" otherwise reads and merges, in full, the doclists of every
    # word it starts in 2,000,000 notes (~250 ms); with a prefix index it is one
    # doclist read lazily, newest first (~1 ms).  Longer prefixes: see
    # NOTE_PREFIX_MAX and note_ids_matching.
    "DROP TABLE IF EXISTS history_fts",
    """CREATE VIRTUAL TABLE history_fts USING fts5(
           note_text, summary, content='history', content_rowid='id',
           tokenize='unicode61 remove_diacritics 2', prefix='3 4 5 6 7 8', detail=none)""",
    "INSERT INTO history_fts(history_fts) VALUES ('rebuild')",
)

NOTES_FTS_ORIGINAL = (
    "DROP TABLE IF EXISTS history_fts",
    NOTES_FTS[0],
    "INSERT INTO history_fts(history_fts) VALUES ('rebuild')",
)


def speed_up_note_search(execute: Any) -> None:
    """Rebuild the notes index with prefix indexes and without positions (migration 0003)."""
    for sql in NOTES_FTS_FAST:
        execute(sql)


def restore_note_search(execute: Any) -> None:
    for sql in NOTES_FTS_ORIGINAL:
        execute(sql)


def create_client_search(execute: Any) -> None:
    """Name-token index over ``clients.name_key``, kept in step by triggers (migration 0002).

    Triggers rather than application code, so every way a client row is written
    (ORM, roster import, raw bulk loads) keeps the index right.
    """
    for sql in CLIENTS_FTS:
        execute(sql)


def drop_client_search(execute: Any) -> None:
    for sql in (
        "DROP TABLE IF EXISTS clients_fts_vocab",
        "DROP TRIGGER IF EXISTS clients_fts_au",
        "DROP TRIGGER IF EXISTS clients_fts_ad",
        "DROP TRIGGER IF EXISTS clients_fts_ai",
        "DROP TABLE IF EXISTS clients_fts_generation",
        "DROP TABLE IF EXISTS clients_fts",
    ):
        execute(sql)


def fts_phrase(token: str) -> str:
    """A token as an FTS5 string literal: user text can never inject query syntax."""
    return '"' + token.replace('"', '""') + '"'


def fts_all_prefixes(tokens: Sequence[str]) -> str:
    """``"mar"* AND "lop"*``: every token must start some word of the name."""
    return " AND ".join(f"{fts_phrase(t)}*" for t in tokens)


def fts_any_of_each(groups: Sequence[Sequence[str]]) -> str:
    """``("lopez" OR "lopes") AND ("maria")``: one of each group's exact words."""
    return " AND ".join("(" + " OR ".join(fts_phrase(t) for t in group) + ")" for group in groups)


def client_ids_matching(session: Session, match: str, limit: int) -> list[int]:
    rows = session.execute(
        text("SELECT rowid FROM clients_fts WHERE clients_fts MATCH :m LIMIT :n"),
        {"m": match, "n": limit},
    )
    return [int(r[0]) for r in rows]


def name_words_generation(session: Session) -> tuple[str, int]:
    """(database token, change counter) of the name words: a cache key for :func:`all_name_words`."""
    row = session.execute(text("SELECT token, n FROM clients_fts_generation WHERE id = 1")).one()
    return str(row[0]), int(row[1])


def all_name_words(session: Session) -> list[str]:
    """Every distinct word of every client name (tens of thousands at most)."""
    return [str(r[0]) for r in session.execute(text("SELECT term FROM clients_fts_vocab"))]


def has_client_search(session: Session) -> bool:
    """True on a SQLite store migrated to 0002 (the FTS tables exist)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clients_fts'")
    ).first()
    return found is not None


#: Longest prefix the notes index has a prefix index for (migration 0003).
NOTE_PREFIX_MAX = 8
#: How many newest candidates a long-prefix search checks before giving up.
NOTE_CANDIDATES_MAX = 5000


def note_ids_matching(
    session: Session, match: str, limit: int, check: Callable[[str | None, str], bool] | None = None
) -> list[int]:
    """Newest matching history rows first.

    Why ``ORDER BY rowid DESC`` and not bm25 rank: FTS5 walks its doclists in
    rowid order and stops after ``limit`` rows, so a common word in 2,000,000
    notes still answers in about a millisecond; ranking would score every match.
    Ids grow with time, so this is also "newest first", which is what agents want.

    ``check(note_text, summary)`` filters candidates in Python: the caller
    passes it when it shortened a long prefix to one the index has
    (``NOTE_PREFIX_MAX``); at most ``NOTE_CANDIDATES_MAX`` rows are examined.
    """
    if check is None:
        rows = session.execute(
            text("SELECT rowid FROM history_fts WHERE history_fts MATCH :m ORDER BY rowid DESC LIMIT :n"),
            {"m": match, "n": limit},
        )
        return [int(r[0]) for r in rows]
    result = session.execute(
        text(
            "SELECT h.id, h.note_text, h.summary FROM history_fts JOIN history AS h ON h.id = history_fts.rowid "
            "WHERE history_fts MATCH :m ORDER BY history_fts.rowid DESC LIMIT :cap"
        ),
        {"m": match, "cap": NOTE_CANDIDATES_MAX},
    )
    ids: list[int] = []
    try:
        for entry_id, note, summary in result:
            if check(note, summary):
                ids.append(int(entry_id))
                if len(ids) >= limit:
                    break
    finally:
        result.close()
    return ids


@contextmanager
def bulk_loading(cursor: Any) -> Iterator[None]:
    """Load many rows fast (benchmarks, a first full sync): index once at the end.

    Why: FTS5 indexes one ``'rebuild'`` of a million rows far faster than a
    million trigger-driven inserts, and a B-tree built by ``CREATE INDEX`` over
    finished data beats one grown row by row in random key order.  The FTS
    insert triggers and the plain (non-unique) indexes of ``clients`` and
    ``history`` are dropped for the load and re-created from their own SQL, so
    the schema ends exactly as the migrations made it.  Unique indexes stay, so
    the load cannot sneak in duplicates.  ``cursor`` is a DB-API cursor; the
    caller commits.
    """
    indexes = [
        (str(name), str(sql))
        for name, sql in cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('clients', 'history') AND sql NOT LIKE 'CREATE UNIQUE%'"
        ).fetchall()
    ]
    cursor.execute("DROP TRIGGER IF EXISTS history_fts_ai")
    cursor.execute("DROP TRIGGER IF EXISTS clients_fts_ai")
    for name, _sql in indexes:
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        for _name, sql in indexes:
            cursor.execute(sql)
        cursor.execute("INSERT INTO history_fts(history_fts) VALUES ('rebuild')")
        cursor.execute("INSERT INTO clients_fts(clients_fts) VALUES ('rebuild')")
        cursor.execute(NOTES_FTS[1])
        cursor.execute(next(sql for sql in CLIENTS_FTS if "clients_fts_ai" in sql))
        cursor.execute("UPDATE clients_fts_generation SET n = n + 1 WHERE id = 1")
