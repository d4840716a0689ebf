"""Spanish texts use one style of quotation marks: “…”, as the English source does."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = [ROOT / "i18n" / "es" / "LC_MESSAGES" / "messages.po", ROOT / "i18n" / "es" / "pending" / "sopedit.po"]
#: Quotation marks of the other styles: angle quotes, straight double quotes, 'word' in single quotes.
OTHER_STYLES = re.compile(r"[«»\"„‹›]|(?<!\w)'[^'\n]+'(?!\w)")


def quote_problems(text: str) -> list[str]:
    """What is wrong with the quotation marks of one translation (empty: one style, balanced)."""
    problems = [f"other style {m.group(0)!r}" for m in OTHER_STYLES.finditer(text)]
    if text.count("“") != text.count("”"):
        problems.append("unbalanced “…”")
    return problems


def test_the_check_finds_each_other_style() -> None:
    assert quote_problems("Dígale: “Hola”.") == []
    assert quote_problems("Ningún cliente coincide con «{text}».")
    assert quote_problems('Dígale: "Hola".')
    assert quote_problems("es 'no'")
    assert quote_problems("“Hola")
    assert quote_problems("el cliente dijo “sí” y 'no'")


def test_every_spanish_translation_uses_one_style() -> None:
    found: dict[str, list[str]] = {}
    for path in CATALOGS:
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            for text in strings:
                if isinstance(text, str) and quote_problems(text):
                    found[text] = quote_problems(text)
    assert found == {}
