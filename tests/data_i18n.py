"""Test helper: use the data-layer Spanish strings before the lead merges them.

The team's Spanish catalog (``i18n/es/LC_MESSAGES/messages.po``) is merged by
the lead from per-area compendiums; until then this fixture puts
``i18n/es/pending/data.po`` in front of it so Spanish tests see real Spanish.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator

import pytest

from desktop import i18n, paths

PENDING = paths.i18n_dir() / "es" / "pending" / "data.po"


@pytest.fixture
def es_catalog(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original: Callable[[str], gettext.NullTranslations] = i18n.translations
    pending = i18n._translations_from_po(PENDING)
    built: dict[str, gettext.NullTranslations] = {}

    def patched(language: str) -> gettext.NullTranslations:
        base = original(language)
        if language != "es":
            return base
        if "es" in built:
            return built["es"]
        chained = gettext.GNUTranslations()
        chained._catalog = dict(getattr(base, "_catalog", {}))  # type: ignore[attr-defined]
        chained._catalog.update(pending._catalog)  # type: ignore[attr-defined]
        chained.plural = getattr(base, "plural", pending.plural)  # type: ignore[attr-defined]
        built["es"] = chained
        return chained

    monkeypatch.setattr(i18n, "translations", patched)
    yield
