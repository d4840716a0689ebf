"""Where the agent is in the override code while reading it aloud (SOP M7)."""

from __future__ import annotations

from typing import Final

from desktop.i18n import N_, gettext_for
from desktop.models.override import rules
from desktop.models.override.rules import SpelledChar

CODE_MASK: Final = "•••"

_POSITION: Final = N_("{position} of {total}")


class CoachingCursor:
    """Where the agent is in the code while reading it aloud (SOP M7).

    Why it remembers the furthest character reached: going back to repeat a
    character must not count as having finished the code.
    """

    def __init__(self, code: str, language: str) -> None:
        self._code = rules.normalise_code(code)
        if not self._code:
            raise ValueError("empty override code")
        self._language = language
        self._chars: list[SpelledChar] = rules.spell_code(self._code, language)
        self._index = 0
        self._furthest = 0
        self._repeats = 0

    def __repr__(self) -> str:  # never leak the code into logs
        return f"CoachingCursor({self.position_text('en')}, code={CODE_MASK})"

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """Switch the spelling alphabet mid-code, keeping the place."""
        self._chars = rules.spell_code(self._code, language)
        self._language = language

    @property
    def chars(self) -> tuple[SpelledChar, ...]:
        return tuple(self._chars)

    @property
    def total(self) -> int:
        return len(self._chars)

    @property
    def index(self) -> int:
        return self._index

    @property
    def current(self) -> SpelledChar:
        return self._chars[self._index]

    @property
    def position(self) -> tuple[int, int]:
        return self._index + 1, self.total

    def position_text(self, language: str | None = None) -> str:
        t = gettext_for(language) if language else gettext_for(self._language)
        return t(_POSITION).format(position=self._index + 1, total=self.total)

    @property
    def at_start(self) -> bool:
        return self._index == 0

    @property
    def at_end(self) -> bool:
        return self._index == self.total - 1

    @property
    def finished(self) -> bool:
        """Every character has been shown at least once."""
        return self._furthest == self.total - 1

    @property
    def repeats(self) -> int:
        return self._repeats

    def next(self) -> bool:
        if self.at_end:
            return False
        self._index += 1
        self._furthest = max(self._furthest, self._index)
        return True

    def back(self) -> bool:
        if self.at_start:
            return False
        self._index -= 1
        return True

    def repeat(self) -> SpelledChar:
        """Same character again (the screen flashes it); counted for nothing but the agent's eye."""
        self._repeats += 1
        return self.current

    def go_to(self, index: int) -> None:
        if not 0 <= index < self.total:
            raise IndexError(index)
        self._index = index
        self._furthest = max(self._furthest, index)

    def full_code(self, group: int = 4) -> str:
        """The whole code, grouped for reading, only when the agent asks for it."""
        return " ".join(self._code[i : i + group] for i in range(0, len(self._code), group))
