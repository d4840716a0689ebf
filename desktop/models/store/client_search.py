"""Client lookup as the agent types: exact CID, name prefix, then typo-tolerant.

Why this shape: the lookup bar runs a search on every keystroke, so each phase
must be an index probe with a hard bound on how many rows it touches, never a
scan of the cache (200,000 clients must answer in p95 <= 20 ms, measured by
``make bench``).  The phases, best first:

1. the exact CID (unique index), then CIDs starting with what was typed;
2. whole names starting with the text (``name_key`` index), e.g. "maria lo";
3. names where every typed word starts some word of the name, in any order,
   e.g. "lopez maria" or just "lopez" (FTS5 word index on SQLite);
4. only if that found too little: for each typed word, the closest real name
   words (rapidfuzz over the words sharing its first letter and a similar
   length: a bounded set), then names made of those words, ranked by rapidfuzz.

A typo in the first letter is not caught on purpose: candidates are bucketed by
first letter to stay bounded, and agents rarely mishear the first letter of a
name they are reading back.

SQLite-only SQL lives in :mod:`desktop.models.store.sqlite_store`; :class:`PlainIndex`
answers the same questions with portable SQL (PostgreSQL: same results, slower).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar, Protocol

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.models.store import cid_lookup, sqlite_store
from desktop.models.store.cid_lookup import looks_like_cid
from desktop.models.store.clients import ClientInfo, info, normalise_name
from desktop.models.store.schema import Client

#: Upper bound of rows any one phase reads: what keeps a keystroke cheap.
CANDIDATES = 200
#: Fuzzy word candidates kept per typed word.
WORD_ALTERNATIVES = 6
#: rapidfuzz ``ratio`` (0-100) a name word needs to count as a typo of a typed word.
WORD_CUTOFF = 70.0
#: Final rapidfuzz score a whole name needs to be offered as a typo match.
NAME_CUTOFF = 60.0
#: Shortest typed word that gets typo tolerance (shorter ones are still being typed).
MIN_FUZZY_LEN = 3
#: A query made only of words this short is left to the whole-name phase.
MIN_PREFIX_LEN = 1

_WORD = re.compile(r"[^\W_]+")
_HIGH = "\uffff"


def words(text: str) -> list[str]:
    """The words of a normalised name, split the way the FTS5 unicode61 tokenizer splits."""
    return _WORD.findall(normalise_name(text))


class NameIndex(Protocol):
    """The questions the lookup asks of the name words; one answer per backend."""

    def ids_with_word_prefixes(self, session: Session, prefixes: Sequence[str], limit: int) -> list[int]: ...

    def ids_with_any_of_each(self, session: Session, groups: Sequence[Sequence[str]], limit: int) -> list[int]: ...

    def words_starting(self, session: Session, first: str, min_len: int, max_len: int) -> list[str]: ...


class FtsIndex:
    """SQLite: the FTS5 word index of migration 0002.

    Typo candidates come from the list of distinct name words, cached per
    database and re-read only when the words changed (a counter the triggers
    bump), because reading that list costs tens of milliseconds at 200k clients
    while filtering it in memory costs well under one.
    """

    _cache: ClassVar[dict[tuple[str, str], tuple[int, dict[tuple[str, int], list[str]]]]] = {}

    def ids_with_word_prefixes(self, session: Session, prefixes: Sequence[str], limit: int) -> list[int]:
        return sqlite_store.client_ids_matching(session, sqlite_store.fts_all_prefixes(prefixes), limit)

    def ids_with_any_of_each(self, session: Session, groups: Sequence[Sequence[str]], limit: int) -> list[int]:
        return sqlite_store.client_ids_matching(session, sqlite_store.fts_any_of_each(groups), limit)

    def words_starting(self, session: Session, first: str, min_len: int, max_len: int) -> list[str]:
        buckets = self._words(session)
        return [w for n in range(min_len, max_len + 1) for w in buckets.get((first, n), ())]

    def _words(self, session: Session) -> dict[tuple[str, int], list[str]]:
        """Name words bucketed by (first letter, length)."""
        token, generation = sqlite_store.name_words_generation(session)
        bind = session.get_bind()
        key = (str(bind.engine.url), token)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == generation:
            return cached[1]
        buckets: dict[tuple[str, int], list[str]] = {}
        for word in sqlite_store.all_name_words(session):
            buckets.setdefault((word[0], len(word)), []).append(word)
        self._cache[key] = (generation, buckets)
        return buckets


class PlainIndex:
    """Any SQL database: ``LIKE`` on ``name_key`` with a bounded read, checked in Python."""

    SCAN_LIMIT = 5000

    def _rows(self, session: Session, needle: str) -> list[tuple[int, str]]:
        stmt = (
            select(Client.id, Client.name_key)
            .where(Client.name_key.like(f"%{needle}%"))
            .order_by(Client.id)
            .limit(self.SCAN_LIMIT)
        )
        return [(int(i), str(k)) for i, k in session.execute(stmt)]

    def ids_with_word_prefixes(self, session: Session, prefixes: Sequence[str], limit: int) -> list[int]:
        found = []
        for cid, key in self._rows(session, max(prefixes, key=len)):
            name_words = _WORD.findall(key)
            if all(any(w.startswith(p) for w in name_words) for p in prefixes):
                found.append(cid)
                if len(found) >= limit:
                    break
        return found

    def ids_with_any_of_each(self, session: Session, groups: Sequence[Sequence[str]], limit: int) -> list[int]:
        wanted = [set(g) for g in groups]
        rarest = min(groups, key=len)
        seen: set[int] = set()
        found = []
        for word in rarest:
            for cid, key in self._rows(session, word):
                name_words = set(_WORD.findall(key))
                if cid not in seen and all(name_words & g for g in wanted):
                    seen.add(cid)
                    found.append(cid)
                    if len(found) >= limit:
                        return found
        return found

    def words_starting(self, session: Session, first: str, min_len: int, max_len: int) -> list[str]:
        stmt = (
            select(Client.name_key)
            .where(or_(Client.name_key.like(f"{first}%"), Client.name_key.like(f"% {first}%")))
            .limit(self.SCAN_LIMIT)
        )
        found: set[str] = set()
        for (key,) in session.execute(stmt):
            found.update(w for w in _WORD.findall(key) if w.startswith(first) and min_len <= len(w) <= max_len)
        return sorted(found)


def index_for(session: Session) -> NameIndex:
    return FtsIndex() if sqlite_store.has_client_search(session) else PlainIndex()


def search(session: Session, text: str, limit: int = 8, *, index: NameIndex | None = None) -> list[ClientInfo]:
    """Best matches first; ``[0]`` is what Enter opens.

    A CID-looking text takes :func:`desktop.models.store.cid_lookup.by_cid` (same answer,
    read straight from the index), everything else the phases of :func:`search_ids`.
    """
    fast = cid_lookup.by_cid(session, text, limit)
    if fast is not None:
        return fast
    ids = search_ids(session, text, limit, index=index)
    if not ids:
        return []
    rows = {r.id: r for r in session.scalars(select(Client).where(Client.id.in_(ids)))}
    return [info(rows[i]) for i in ids if i in rows]


def search_ids(session: Session, text: str, limit: int = 8, *, index: NameIndex | None = None) -> list[int]:
    query = " ".join(text.split())
    if not query or limit <= 0:
        return []
    found: dict[int, None] = {}  # insertion-ordered set

    def take(ids: Iterable[int]) -> bool:
        for i in ids:
            found.setdefault(i, None)
        return len(found) >= limit

    # 1. The exact CID beats everything: it is how the agent confirms the client (SOP M2).
    cid = query.upper()
    exact = session.scalar(select(Client.id).where(Client.cid == cid))
    if exact is not None and take([exact]):
        return list(found)[:limit]
    if looks_like_cid(cid):
        stmt = (
            select(Client.id)
            .where(Client.cid > cid, Client.cid < cid + _HIGH)
            .order_by(Client.cid)
            .limit(limit)
        )
        take(session.scalars(stmt))
        # Names have no digits: a CID-looking query never needs the name phases.
        return list(found)[:limit]

    key = normalise_name(query)
    typed = _WORD.findall(key)
    if not typed:
        return list(found)[:limit]
    idx = index if index is not None else index_for(session)

    # 2. Whole name starts with the text ("maria lo").
    by_name = (
        select(Client.id, Client.name_key)
        .where(Client.name_key >= key, Client.name_key < key + _HIGH)
        .order_by(Client.name_key)
        .limit(limit)
    )
    # The range is exact on SQLite; other collations may let neighbours in, so check.
    if take(int(i) for i, k in session.execute(by_name) if str(k).startswith(key)):
        return list(found)[:limit]

    # 3. Every typed word starts a word of the name, in any order ("lopez mar").
    # A lone letter matches a twentieth of the cache: phase 2 already showed its best names.
    prefixes = typed if any(len(w) > MIN_PREFIX_LEN for w in typed) else []
    if prefixes:
        ids = idx.ids_with_word_prefixes(session, prefixes, CANDIDATES)
        if take(_ranked(session, ids, prefixes)):
            return list(found)[:limit]

    # 4. Typos: nearest real words per typed word, then names made of them.
    fuzzy = [w for w in typed if len(w) >= MIN_FUZZY_LEN]
    if fuzzy:
        take(_typo_matches(session, idx, fuzzy))
    return list(found)[:limit]


def name_score(typed: Sequence[str], name_key: str) -> float:
    """0-100: how well each typed word matches its closest word of the name.

    Why per word and not whole-string similarity: agents type one or two words
    of a three-word name, in either order; a whole-string ratio would punish
    the words they did not type.
    """
    name_words = _WORD.findall(name_key)
    if not typed or not name_words:
        return 0.0
    return sum(max(fuzz.ratio(t, w) for w in name_words) for t in typed) / len(typed)


def _ranked(session: Session, ids: Sequence[int], typed: Sequence[str], cutoff: float = 0.0) -> list[int]:
    """Best score first, then alphabetical (a stable order while the agent types)."""
    if not ids:
        return []
    rows = session.execute(select(Client.id, Client.name_key).where(Client.id.in_(ids))).all()
    scored = [(name_score(typed, str(k)), str(k), int(i)) for i, k in rows]
    scored = [s for s in scored if s[0] >= cutoff]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [s[2] for s in scored]


def _typo_matches(session: Session, idx: NameIndex, typed: Sequence[str]) -> list[int]:
    groups: list[list[str]] = []
    for word in typed:
        pool = idx.words_starting(session, word[0], max(1, len(word) - 2), len(word) + 2)
        close = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=WORD_ALTERNATIVES)
        if close:
            groups.append([str(c[0]) for c in close])
    if not groups:
        return []
    ids = idx.ids_with_any_of_each(session, groups, CANDIDATES)
    if not ids and len(groups) > 1:
        # One typed word may be wrong beyond repair: any single close word will do.
        ids = idx.ids_with_any_of_each(session, [[w for g in groups for w in g]], CANDIDATES)
    return _ranked(session, ids, typed, NAME_CUTOFF)


def warm(session: Session) -> None:
    """Do once what the first lookups of a session would: before the agent's first keystroke.

    Builds the ORM's mappers and the phases' statements, and reads the name-word
    list the typo phase filters (tens of milliseconds at 200,000 clients), so the
    first lookup of a day costs what later ones cost.  Start-up calls it on a thread
    after the first paint.
    """
    search(session, "0", 1)
    search(session, "a", 8)
    search(session, "zqxv wqzx", 8)
    idx = index_for(session)
    if isinstance(idx, FtsIndex):
        idx.words_starting(session, "a", 1, 1)
        # A typo of a real name word goes through the typo phase to the end (close words,
        # names made of them, their ranking, the clients read), as the first real typo would.
        word = next((w for bucket in idx._words(session).values() for w in bucket if len(w) >= 5), None)
        if word is not None:
            search(session, word[:-1] + ("q" if word[-1] != "q" else "x"), 8)
