"""Warming the lookup walks every phase a first real lookup would, the typo phase to its end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from desktop.models.store import client_search
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store


def test_warm_ranks_real_typo_candidates(
    store: Store, add_client: Callable[..., ClientInfo], monkeypatch: pytest.MonkeyPatch
) -> None:
    for n, name in enumerate(("Maria Lopez", "Jose Garcia", "Ana Hernandez")):
        add_client(cid=f"70000{n}", name=name)
    ranked: list[list[int]] = []
    real = client_search._ranked

    def spy(session: Any, ids: Sequence[int], typed: Sequence[str], cutoff: float = 0.0) -> list[int]:
        found = real(session, ids, typed, cutoff)
        ranked.append(found)
        return found

    monkeypatch.setattr(client_search, "_ranked", spy)
    with store.sessions() as s:
        client_search.warm(s)
    assert any(ranked), "the typo phase never reached a client"


def test_warm_on_an_empty_cache_reads_nothing_and_fails_nothing(store: Store) -> None:
    with store.sessions() as s:
        client_search.warm(s)
        assert client_search.search(s, "maria", 8) == []
