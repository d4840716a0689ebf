"""The Spanish catalog is spelled right and is a valid gettext catalog.

hunspell with Debian's es_US dictionary reads every msgstr; words the dictionary
cannot know (system labels kept in English such as "UTR" or "SOP", product names,
Spanish clitic forms such as "Péguelo") live in ``i18n/es/wordlist.txt``, one per
line, so a new unknown word is either a typo to fix or a deliberate addition.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "i18n" / "es" / "LC_MESSAGES" / "messages.po"
WORDLIST = ROOT / "i18n" / "es" / "wordlist.txt"
DICTIONARY = Path("/usr/share/hunspell/es_US.dic")


def _spoken_text() -> str:
    """Every msgstr with placeholders, markup and mnemonic ampersands taken out."""
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    lines: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for raw in strings:
            text = re.sub(r"\{[^}]*\}", " ", str(raw or ""))
            text = re.sub(r"<[^>]+>", " ", text)
            lines.append(text.replace("&&", "").replace("&", "").replace("\n", " "))
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(shutil.which("hunspell") is None or not DICTIONARY.exists(),
                    reason="hunspell and hunspell-es are installed by `make test`")
def test_every_spanish_word_is_known() -> None:
    result = subprocess.run(
        ["hunspell", "-d", "es_US", "-p", str(WORDLIST), "-l", "-i", "utf-8"],
        input=_spoken_text(), capture_output=True, text=True, check=True,
    )
    unknown = sorted(set(result.stdout.split()))
    assert unknown == [], f"unknown Spanish words (fix them or add them to {WORDLIST.name}): {unknown}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is installed by `make test`")
def test_catalog_passes_msgfmt_check(tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "messages.mo"), str(PO)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
