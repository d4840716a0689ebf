"""The client name index's merge work during a roster import, moved into short transactions of its own.

Why: the name index (``clients_fts``, FTS5) writes each transaction's names
as a new small segment and, by default, merges segments inside the very write
that made them ("automerge"; and all of a level at once when it reaches
"crisismerge" segments).  During a 250,000-row import that merge work landed
in a few slices as one statement of 50 to 300 ms, holding the write lock far
longer than the slice was sized for, so a note saved then met a busy store.

So while an import is applied (or undone) the index does no merging of its
own: automerge is off and the crisis threshold is raised.  Instead, after
each slice the import asks for a bounded amount of merge work
(``'merge'``, N pages) in a transaction of its own, sized by
:class:`desktop.models.store.roster_pace.Pace` like any slice, and it merges
whatever is left before its last mark.  The settings go back to SQLite's
defaults in the same transaction that marks the import done or undone, so a
process killed in between leaves them off only until the import is finished
or undone at the next start.

These settings are FTS5's own documented commands
(https://sqlite.org/fts5.html#the_automerge_option).  On a store without the
index (other databases) every function here does nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: SQLite's defaults, restored when the import ends.
AUTOMERGE = 4
CRISISMERGE = 16
#: While an import runs: segments of one level merged at once only past this many (merges are paced instead).
HELD_CRISISMERGE = 64
#: Never ask for more merge work than this many pages in one transaction.
MAX_PAGES = 64
START_PAGES = 16

_HAS_INDEX = text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'clients_fts'")
_SET = text("INSERT INTO clients_fts(clients_fts, rank) VALUES (:option, :value)")
_CHANGES = text("SELECT total_changes()")


def has_index(conn: Connection) -> bool:
    """True on a SQLite store with the name index (inside the caller's transaction)."""
    return conn.dialect.name == "sqlite" and bool(conn.execute(_HAS_INDEX).scalar_one())


def hold_merges(conn: Connection) -> None:
    """Stop the index merging inside writes (part of the caller's transaction: the import's first mark)."""
    if has_index(conn):
        conn.execute(_SET, {"option": "automerge", "value": 0})
        conn.execute(_SET, {"option": "crisismerge", "value": HELD_CRISISMERGE})


def release_merges(conn: Connection) -> None:
    """Give the index its own merging back (part of the caller's transaction: the import's last mark)."""
    if has_index(conn):
        conn.execute(_SET, {"option": "automerge", "value": AUTOMERGE})
        conn.execute(_SET, {"option": "crisismerge", "value": CRISISMERGE})


def merge(conn: Connection, pages: int) -> int:
    """Up to ``pages`` pages of merge work (inside the caller's transaction); 0 when there was none to do.

    FTS5 says whether the command found segments to merge only through the
    change counter: it grows by 2 or more when work was done.
    """
    if not has_index(conn):
        return 0
    before = conn.execute(_CHANGES).scalar_one()
    conn.execute(_SET, {"option": "merge", "value": max(1, pages)})
    return pages if conn.execute(_CHANGES).scalar_one() - before >= 2 else 0
