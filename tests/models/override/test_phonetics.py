"""The spelling tables used to read an override code aloud (SOP M7).

These pin the data down: a word that drifts (or a translator "improving" it)
would make a character ambiguous on the phone.
"""

from __future__ import annotations

import string
import unicodedata

import pytest

from desktop.models.override import phonetics, spell_code

ALL_CHARS = string.ascii_uppercase + string.digits


def _base(text: str) -> str:
    """Lower-case without accents, to compare first letters."""
    return "".join(
        ch for ch in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(ch) != "Mn"
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_tables_cover_exactly_letters_and_digits_M7(language: str) -> None:
    assert set(phonetics.TABLES[language]) == set(ALL_CHARS)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("char", list(ALL_CHARS))
def test_every_character_has_words_M7(language: str, char: str) -> None:
    (spelled,) = spell_code(char, language)
    assert spelled.char == char
    assert spelled.words.strip()
    assert spelled.keyword.strip()
    assert spelled.is_digit == char.isdigit()
    if char.isalpha():
        # A key word only helps if it starts with the letter it stands for.
        assert _base(spelled.keyword)[0] == char.lower()


def test_english_uses_the_nato_alphabet_M7() -> None:
    words = [c.words for c in spell_code("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "en")]
    assert words == [
        "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
        "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
        "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "X-ray", "Yankee", "Zulu",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]),
        ("es", ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]),
    ],
)
def test_digits_are_spoken_numbers_M7(language: str, expected: list[str]) -> None:
    assert [c.words for c in spell_code("0123456789", language)] == expected


def test_spanish_b_and_v_are_told_apart_M7() -> None:
    """B and V sound the same in Spanish: both the letter name and the key word differ."""
    b, v = spell_code("BV", "es")
    assert b.words != v.words
    assert b.name == "be larga" and v.name == "ve corta"
    assert b.keyword == "burro" and v.keyword == "vaca"
    assert "be larga" in b.words and "burro" in b.words
    assert "ve corta" in v.words and "vaca" in v.words


@pytest.mark.parametrize(
    "pair",
    [("B", "V"), ("S", "C"), ("S", "Z"), ("C", "Z"), ("G", "J"), ("I", "Y"), ("M", "N"), ("B", "P")],
)
def test_spanish_sound_alike_letters_differ_in_name_and_word_M7(pair: tuple[str, str]) -> None:
    first, second = spell_code("".join(pair), "es")
    assert first.name != second.name
    assert _base(first.keyword) != _base(second.keyword)


def test_spanish_hard_sounds_are_kept_M7() -> None:
    """C and G key words use the hard sound (casa, gato), so they cannot be heard as S or J."""
    c, g, y = spell_code("CGY", "es")
    assert _base(c.keyword)[1] in "aou"
    assert _base(g.keyword)[1] in "aou"
    assert _base(y.keyword)[1] in "aeou"  # consonant Y, not the vowel "i"


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_two_characters_share_a_word_M7(language: str) -> None:
    words = [phonetics.TABLES[language][ch][0] for ch in ALL_CHARS]
    assert len(set(words)) == len(words)


def test_spanish_words_avoid_alcohol_and_insult_words_M7() -> None:
    banned = {"vino", "cerveza", "whisky", "tequila", "ron", "borracho", "tonto", "idiota"}
    keywords = {_base(phonetics.TABLES["es"][ch][2]) for ch in ALL_CHARS}
    assert not keywords & banned


def test_spanish_letters_read_as_name_then_word_M7() -> None:
    (z,) = spell_code("z", "es")
    assert z.words == "zeta, de zapato"


@pytest.mark.parametrize(
    ("char", "others"),
    [
        ("0", ("O",)),
        ("O", ("0",)),
        ("1", ("I", "L")),
        ("I", ("1", "L")),
        ("L", ("1", "I")),
        ("5", ("S",)),
        ("S", ("5",)),
        ("2", ("Z",)),
        ("Z", ("2",)),
        ("8", ("B",)),
        ("B", ("8",)),
    ],
)
def test_lookalikes_are_flagged_M7(char: str, others: tuple[str, ...]) -> None:
    for language in ("en", "es"):
        (spelled,) = spell_code(char, language)
        assert spelled.lookalike == others
        assert spelled.has_lookalike


def test_lookalike_groups_are_symmetric_and_others_unflagged_M7() -> None:
    for char, others in phonetics.LOOKALIKES.items():
        for other in others:
            assert char in phonetics.LOOKALIKES[other]
    flagged = set(phonetics.LOOKALIKES)
    assert flagged == set("0O1IL5S2Z8B")
    for char in set(ALL_CHARS) - flagged:
        (spelled,) = spell_code(char, "en")
        assert spelled.lookalike == ()


def test_phonetic_rejects_unknown_language_and_character() -> None:
    with pytest.raises(ValueError, match="fr"):
        phonetics.phonetic("A", "fr")
    with pytest.raises(ValueError, match="'a'"):
        phonetics.phonetic("a", "en")
