"""Search files and texts for a secret in any form it could have been written in.

A card number or an override code can sit in a file as typed ("4111 1111 …"),
with other separators, in fullwidth or other-script digits, in another case, as
``\\uff14`` escapes in JSON or ``\\xa0`` escapes in a logged ``repr``, in UTF-8 or
UTF-16.  Each file is read as bytes, decoded every way, escapes undone, digits
folded to ASCII, and searched for the secret's letters and digits in order with
at most three other characters between any two of them.

Used by the store tests and by GUI sweeps: type secrets into every field, then
``places_holding(secret, [db, wal, backups, log, prefs])`` must be empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|t|n)")
_ANY_DIGIT = re.compile(r"\d")


def _unescape(match: re.Match[str]) -> str:
    token = match.group()
    if token in ("\\t", "\\n"):
        return " "
    try:
        return chr(int(token[2:], 16))
    except ValueError:
        return token


def _fold(text: str) -> str:
    """Escapes undone, NFKC, every decimal digit as ASCII."""
    text = unicodedata.normalize("NFKC", _ESCAPE.sub(_unescape, text))
    return _ANY_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)


def secret_pattern(secret: str) -> re.Pattern[str]:
    """The secret's letters and digits in order, up to three other characters apart."""
    significant = [c for c in _fold(secret) if c.isalnum()]
    if not significant:
        raise ValueError("a secret needs at least one letter or digit")
    return re.compile(r"[^0-9A-Za-z]{0,3}".join(re.escape(c) for c in significant), re.IGNORECASE)


def text_holds(secret: str, text: str) -> bool:
    return secret_pattern(secret).search(_fold(text)) is not None


def _decodings(data: bytes) -> Iterable[str]:
    yield data.decode("utf-8", "replace")
    for offset in (0, 1):  # UTF-16 text may start at an odd byte inside a page
        yield data[offset:].decode("utf-16-le", "replace")
        yield data[offset:].decode("utf-16-be", "replace")


def _files(paths: Iterable[Path | str]) -> Iterable[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path


def places_holding(secret: str, paths: Iterable[Path | str]) -> list[str]:
    """Every file (folders are searched through) whose bytes hold ``secret``."""
    pattern = secret_pattern(secret)
    found = []
    for path in _files(paths):
        data = path.read_bytes()
        if any(pattern.search(_fold(text)) for text in _decodings(data)):
            found.append(str(path))
    return found


def texts_holding(secret: str, texts: Mapping[str, str]) -> list[str]:
    """Names of the texts (clipboard, a field's contents...) that hold ``secret``."""
    pattern = secret_pattern(secret)
    return [name for name, text in texts.items() if pattern.search(_fold(text))]
