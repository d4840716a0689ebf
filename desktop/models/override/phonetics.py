"""Spelling tables for reading an override code aloud, one character at a time (SOP M7).

Why these are plain data and not gettext messages: a phonetic word only works if
it starts with the letter it stands for and is heard the same way on every call.
A translator "improving" ``burro`` to ``asno`` would silently break the B.  So the
words live here, per language, and tests pin them down.

English uses the NATO/ICAO alphabet (what agents and many clients already know)
and plain spoken digits ("nine", not the radio "niner": clients are not pilots).

Spanish has no single standard, so this table is our own design.  The rules we
followed, because these are the pairs that sound the same on a Spanish phone line:

* B / V are pronounced identically: B is "be larga, de burro", V is "ve corta, de
  vaca" (the names used across Mexico, Central America and the US).
* C / S / Z (seseo): "ce, de casa", "ese, de silla", "zeta, de zapato": the key
  words are ones whose spelling nobody hesitates over.
* G / J: "ge, de gato" (hard g, never "gente"), "jota, de jamón".
* I / Y (and Y / LL, yeísmo): "i latina" versus "i griega", with "yate".
* M / N: "eme, de mamá" versus "ene, de nariz", and P is "pe, de papá" so it cannot
  be taken for B.
* No words about alcohol or driving, nothing that could offend a client in lockout.

Look-alikes are a different problem (reading the code off a screen or paper):
0/O, 1/I/L, 5/S, 2/Z and 8/B get a flag so the screen can warn the agent.
"""

from __future__ import annotations

import string
from types import MappingProxyType
from typing import Final

LANGUAGES: Final = ("en", "es")
ALPHABET: Final = string.ascii_uppercase + string.digits

#: Separators an agent may paste from M9 or type between groups.  Only these are
#: dropped; everything else that is not ``[A-Za-z0-9]`` is an error.
SEPARATORS: Final = frozenset(" \t-\u00a0\u2010\u2011\u2012\u2013\u2014\u2212")

# NATO/ICAO spelling alphabet ("Alfa" and "Juliett" are the official spellings).
_EN_LETTERS: Final = {
    "A": "Alfa",
    "B": "Bravo",
    "C": "Charlie",
    "D": "Delta",
    "E": "Echo",
    "F": "Foxtrot",
    "G": "Golf",
    "H": "Hotel",
    "I": "India",
    "J": "Juliett",
    "K": "Kilo",
    "L": "Lima",
    "M": "Mike",
    "N": "November",
    "O": "Oscar",
    "P": "Papa",
    "Q": "Quebec",
    "R": "Romeo",
    "S": "Sierra",
    "T": "Tango",
    "U": "Uniform",
    "V": "Victor",
    "W": "Whiskey",
    "X": "X-ray",
    "Y": "Yankee",
    "Z": "Zulu",
}

_EN_DIGITS: Final = {
    "0": "zero",
    "1": "one",
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
    "9": "nine",
}

# (letter name as said in Spanish, key word).  The name carries the B/V and I/Y
# disambiguation; the key word carries the rest.
_ES_LETTERS: Final = {
    "A": ("a", "avión"),
    "B": ("be larga", "burro"),
    "C": ("ce", "casa"),
    "D": ("de", "dedo"),
    "E": ("e", "elefante"),
    "F": ("efe", "foco"),
    "G": ("ge", "gato"),
    "H": ("hache", "hotel"),
    "I": ("i latina", "Italia"),
    "J": ("jota", "jamón"),
    "K": ("ka", "kilo"),
    "L": ("ele", "limón"),
    "M": ("eme", "mamá"),
    "N": ("ene", "nariz"),
    "O": ("o", "oso"),
    "P": ("pe", "papá"),
    "Q": ("cu", "queso"),
    "R": ("erre", "ratón"),
    "S": ("ese", "silla"),
    "T": ("te", "tomate"),
    "U": ("u", "uva"),
    "V": ("ve corta", "vaca"),
    "W": ("doble u", "Wáshington"),
    "X": ("equis", "xilófono"),
    "Y": ("i griega", "yate"),
    "Z": ("zeta", "zapato"),
}

_ES_DIGITS: Final = {
    "0": "cero",
    "1": "uno",
    "2": "dos",
    "3": "tres",
    "4": "cuatro",
    "5": "cinco",
    "6": "seis",
    "7": "siete",
    "8": "ocho",
    "9": "nueve",
}

#: Groups of characters that are easy to misread on a screen or on paper.
LOOKALIKE_GROUPS: Final = (
    ("0", "O"),
    ("1", "I", "L"),
    ("5", "S"),
    ("2", "Z"),
    ("8", "B"),
)


def _lookalikes() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for group in LOOKALIKE_GROUPS:
        for char in group:
            table[char] = tuple(other for other in group if other != char)
    return table


LOOKALIKES: Final = MappingProxyType(_lookalikes())


def _build(language: str) -> dict[str, tuple[str, str, str]]:
    """Per character: (words to say, letter name, key word)."""
    table: dict[str, tuple[str, str, str]] = {}
    if language == "en":
        for char, word in _EN_LETTERS.items():
            table[char] = (word, "", word)
        for char, word in _EN_DIGITS.items():
            table[char] = (word, "", word)
    else:
        for char, (name, word) in _ES_LETTERS.items():
            # Said as one phrase: "be larga, de burro".
            table[char] = (f"{name}, de {word}", name, word)
        for char, word in _ES_DIGITS.items():
            table[char] = (word, "", word)
    return table


TABLES: Final = MappingProxyType(
    {language: MappingProxyType(_build(language)) for language in LANGUAGES}
)


def phonetic(char: str, language: str) -> tuple[str, str, str]:
    """(words, letter name, key word) for an already-normalised character."""
    if language not in TABLES:
        raise ValueError(f"unsupported spelling language: {language!r} (use 'en' or 'es')")
    try:
        return TABLES[language][char]
    except KeyError:
        raise ValueError(f"character {char!r} has no phonetic word") from None
