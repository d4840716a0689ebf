"""Client lookup: exact CID, CID/name prefixes, word prefixes in any order, typos.

Both index implementations are checked: the FTS5 one SQLite uses and the plain
SQL one other databases use, so PostgreSQL gets the same answers.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from desktop.models.store import client_search, clients, sqlite_store
from desktop.models.store.client_search import FtsIndex, NameIndex, PlainIndex
from desktop.models.store.clients import ClientInfo, normalise_name
from desktop.models.store.db import Store
from desktop.models.store.schema import Client
from tests.conftest import make_client

NAMES = {
    "100200": "Maria Lopez",
    "100201": "Angela Lopez",
    "100202": "Mario Lopes",
    "100203": "Rosa Elena Martínez",
    "100204": "Robert Johnson",
    "100205": "Roberta Johnston",
    "100206": "Jessica Lopez-Warren",
    "100207": "Megan O'Connor",
    "AB-77": "Ada Sorensen",
    "100300": "Mariam Lopezz",
}

INDEXES: list[NameIndex] = [FtsIndex(), PlainIndex()]


@pytest.fixture
def people(store: Store) -> Store:
    with store.sessions() as s, s.begin():
        for cid, name in NAMES.items():
            make_client(s, cid=cid, name=name)
    return store


def names(store: Store, text: str, index: NameIndex | None = None, limit: int = 8) -> list[str]:
    with store.sessions() as s:
        return [c.name for c in client_search.search(s, text, limit, index=index)]


def test_sqlite_store_uses_the_fts_index(people: Store) -> None:
    with people.sessions() as s:
        assert sqlite_store.has_client_search(s)
        assert isinstance(client_search.index_for(s), FtsIndex)


def test_exact_cid_comes_first_and_ignores_case_and_spaces(people: Store) -> None:
    """The CID is how the agent confirms the right client (SOP M2)."""
    with people.sessions() as s:
        found = clients.search(s, "  ab-77 ")
    assert found[0].cid == "AB-77"
    assert found[0].name == "Ada Sorensen"


def test_cid_prefix_lists_matching_cids(people: Store) -> None:
    with people.sessions() as s:
        found = clients.search(s, "10020")
    assert found, "CID prefix found nothing"
    assert all(c.cid.startswith("10020") for c in found)
    assert len(found) == 8  # limit respected although ten CIDs start with 1002/10020…


def test_exact_cid_then_other_cids_with_that_prefix(people: Store) -> None:
    with people.sessions() as s:
        found = clients.search(s, "100200")
    assert found[0].cid == "100200"


@pytest.mark.parametrize("index", INDEXES, ids=["fts", "plain"])
def test_whole_name_prefix(people: Store, index: NameIndex) -> None:
    assert names(people, "maria lo", index)[0] == "Maria Lopez"
    assert names(people, "Robert J", index)[0] == "Robert Johnson"


@pytest.mark.parametrize("index", INDEXES, ids=["fts", "plain"])
def test_last_name_alone_and_last_name_first(people: Store, index: NameIndex) -> None:
    lopez = names(people, "lopez", index)
    assert {"Maria Lopez", "Angela Lopez", "Jessica Lopez-Warren"} <= set(lopez)
    # The exact word ranks above longer words that merely start with it.
    assert lopez.index("Maria Lopez") < lopez.index("Mariam Lopezz")
    assert names(people, "lopez mar", index)[0] == "Maria Lopez"
    assert names(people, "johnson rob", index)[0] == "Robert Johnson"


@pytest.mark.parametrize("index", INDEXES, ids=["fts", "plain"])
def test_accents_and_case_do_not_matter(people: Store, index: NameIndex) -> None:
    assert names(people, "martinez", index) == ["Rosa Elena Martínez"]
    assert names(people, "MARTÍNEZ ROSA", index) == ["Rosa Elena Martínez"]
    assert names(people, "elena", index) == ["Rosa Elena Martínez"]


@pytest.mark.parametrize("index", INDEXES, ids=["fts", "plain"])
def test_punctuation_inside_names(people: Store, index: NameIndex) -> None:
    assert names(people, "warren", index) == ["Jessica Lopez-Warren"]
    assert names(people, "connor", index) == ["Megan O'Connor"]


@pytest.mark.parametrize("index", INDEXES, ids=["fts", "plain"])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Robret Johnson", "Robert Johnson"),  # swapped letters
        ("Robert Jonson", "Robert Johnson"),  # dropped letter
        ("Rosa Martines", "Rosa Elena Martínez"),  # s for z, no accent
        ("Ada Sorenson", "Ada Sorensen"),  # vowel confusion
        ("Sorrensen", "Ada Sorensen"),  # doubled letter, one word
    ],
)
def test_typos_still_find_the_client(people: Store, index: NameIndex, typed: str, expected: str) -> None:
    assert expected in names(people, typed, index)


def test_typo_ranks_the_closest_name_first(people: Store) -> None:
    assert names(people, "Maria Lopes")[0] in ("Maria Lopez", "Mario Lopes")
    assert names(people, "Angela Lopes")[0] == "Angela Lopez"


@pytest.mark.parametrize("index", INDEXES, ids=["fts", "plain"])
def test_nothing_found_for_unrelated_text(people: Store, index: NameIndex) -> None:
    assert names(people, "zzyzx", index) == []
    assert names(people, "", index) == []
    assert names(people, "   ", index) == []


@pytest.mark.parametrize("text", ['"', "lopez*", "a OR b", "NEAR(x y)", "-", "'; DROP TABLE clients; --", "%_"])
def test_query_syntax_in_the_text_is_harmless(people: Store, text: str) -> None:
    names(people, text)  # must not raise
    with people.sessions() as s:
        assert s.scalar(select(Client.id).limit(1)) is not None


def test_limit_is_respected(people: Store) -> None:
    assert len(names(people, "lopez", limit=2)) == 2
    assert names(people, "lopez", limit=0) == []


def test_index_follows_renames_and_new_clients(people: Store) -> None:
    """Triggers keep the word index right whatever writes the row."""
    with people.sessions() as s, s.begin():
        s.execute(
            update(Client)
            .where(Client.cid == "100204")
            .values(name="Robert Whitaker", name_key=normalise_name("Robert Whitaker"))
        )
        make_client(s, cid="555000", name="Zelda Quarrington")
    assert names(people, "whitaker") == ["Robert Whitaker"]
    assert "Robert Johnson" not in names(people, "johnson")
    assert names(people, "quarr") == ["Zelda Quarrington"]


def test_clients_search_is_the_lookup_bar_entry_point(people: Store) -> None:
    with people.sessions() as s:
        direct = [c.id for c in clients.search(s, "lopez mar")]
        via = [c.id for c in client_search.search(s, "lopez mar")]
    assert direct == via
    assert direct


def test_results_are_client_values(people: Store) -> None:
    with people.sessions() as s:
        found = clients.search(s, "ada")
    assert isinstance(found[0], ClientInfo)
    assert found[0].cid == "AB-77"


def test_fts_and_plain_index_agree(people: Store) -> None:
    for text in ("lopez", "maria", "rob joh", "martinez", "Robret Johnson", "sorenson"):
        assert set(names(people, text, FtsIndex())) == set(names(people, text, PlainIndex())), text


_name_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíñóú", min_size=2, max_size=10)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_name_part, last=_name_part)
def test_any_stored_name_is_found_by_its_full_name_and_last_name(store: Store, first: str, last: str) -> None:
    name = f"{first.title()} {last.title()}"
    with store.sessions() as s, s.begin():
        s.query(Client).filter(Client.cid == "H1").delete()
        make_client(s, cid="H1", name=name)
    with store.sessions() as s:
        assert "H1" in [c.cid for c in clients.search(s, name)]
        assert "H1" in [c.cid for c in clients.search(s, last)]
        assert clients.search(s, "h1")[0].cid == "H1"
