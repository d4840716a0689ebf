"""Merge freshly extracted strings into the Spanish catalog.

Why not plain ``pybabel update``: translations often arrive as compendium files
(``i18n/<lang>/pending/*.po``, one per area, written alongside the code) and
``pybabel update`` cannot draw on them.  This keeps existing translations, fills
new entries from the compendia, drops obsolete ones and never marks anything fuzzy
(a fuzzy guess shown to a client is worse than an English fallback the tests catch).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def update(language: str = "es") -> tuple[int, list[str]]:
    template = _read(ROOT / "i18n" / "messages.pot")
    po_path = ROOT / "i18n" / language / "LC_MESSAGES" / "messages.po"
    existing = _read(po_path, language) if po_path.exists() else Catalog(locale=language)
    known: dict[object, object] = {m.id: m.string for m in existing if m.id and m.string and not m.fuzzy}
    for pending in sorted((ROOT / "i18n" / language / "pending").glob("*.po")):
        for m in _read(pending, language):
            if m.id and m.string and not m.fuzzy:
                known.setdefault(m.id, m.string)
    catalog = Catalog(
        locale=language,
        project="Interlock Assist",
        copyright_holder="Interlock Assist",
        fuzzy=False,
    )
    missing: list[str] = []
    for m in template:
        if not m.id:
            continue
        string = known.get(m.id, "" if not isinstance(m.id, tuple) else ("",) * 2)
        catalog.add(m.id, string, flags=[f for f in m.flags if f != "fuzzy"])
        if not string or (isinstance(string, tuple) and not all(string)):
            missing.append(m.id if isinstance(m.id, str) else m.id[0])
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, omit_header=False, include_previous=False)
    return len(catalog), missing


if __name__ == "__main__":
    total, missing = update(sys.argv[1] if len(sys.argv) > 1 else "es")
    print(f"{total} messages, {len(missing)} untranslated")
    for mid in missing:
        print(f"  untranslated: {mid!r}")
