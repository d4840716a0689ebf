"""The Spanish catalog is complete, current, and its placeholders match the source."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "i18n" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _source_messages() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "desktop"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if isinstance(message, tuple):
            found.update(m for m in message if m)
        elif message:
            found.add(message)
    return found


def _catalog_entries() -> Iterator[tuple[str, str, bool]]:
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    for msg in catalog:
        if not msg.id:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strs = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        for mid in ids:
            for mstr in strs:
                yield str(mid), str(mstr or ""), bool(msg.fuzzy)


def _fields(text: str) -> list[str]:
    return sorted(
        name or "" for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None
    )


def test_every_source_string_is_in_the_catalog() -> None:
    in_catalog = {mid for mid, _s, _f in _catalog_entries()}
    missing = sorted(_source_messages() - in_catalog)
    assert not missing, "run `make i18n` and translate: " + "; ".join(missing[:20])


def test_catalog_has_no_untranslated_or_fuzzy_entries() -> None:
    bad = [mid for mid, mstr, fuzzy in _catalog_entries() if fuzzy or not mstr.strip()]
    assert not bad, "untranslated or fuzzy: " + "; ".join(bad[:20])


def test_translations_keep_the_same_placeholders() -> None:
    """Electrum's rule: a translation whose {placeholders} differ would crash .format()."""
    bad = [mid for mid, mstr, _f in _catalog_entries() if mstr and _fields(mid) != _fields(mstr)]
    assert not bad, "placeholders differ: " + "; ".join(bad[:20])


def test_mnemonics_survive_translation() -> None:
    """A label with an &-mnemonic keeps one in Spanish, so the keyboard shortcut still exists."""
    mnemonic = re.compile(r"&[^&\s]")
    bad = [
        mid
        for mid, mstr, _f in _catalog_entries()
        if bool(mnemonic.search(mid)) != bool(mnemonic.search(mstr))
    ]
    assert not bad, "mnemonic lost: " + "; ".join(bad[:20])


@pytest.mark.parametrize("language", ["en", "es"])
def test_runtime_catalog_loads(language: str) -> None:
    probe = "No client open. Type a CID or a name above."
    translated = i18n.gettext_for(language)(probe)
    assert (translated == probe) == (language == "en")


def test_spanish_money_uses_us_conventions() -> None:
    from decimal import Decimal

    assert i18n.format_money(Decimal("35"), "es") == "$35.00"
    assert i18n.parse_money("35,00", "es") == Decimal("35.00")
    assert i18n.parse_money("1,234.50", "en") == Decimal("1234.50")
    with pytest.raises(ValueError):
        i18n.parse_money("35.001", "en")
    with pytest.raises(ValueError):
        i18n.parse_money("abc", "es")
