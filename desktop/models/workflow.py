"""What every workflow's Qt-free flow offers the screen: one vocabulary for steps.

Why a protocol the screen navigates by: the flow decides which step comes next
(a POC request may skip steps, a credit may not), so the screen never keeps its
own idea of "where we are".  Tests of navigation then test the real thing, with
no GUI.  The words are fixed here so every workflow speaks the same way:

- ``steps``: the step ids in order, members of a ``StrEnum`` per workflow;
- ``current``: the step the agent is on;
- ``blockers(step)``: reason codes that keep a step from being complete (the
  view translates them); an empty tuple means the step is complete;
- ``can_advance()`` / ``next()``: whether and where the flow moves forward;
  ``next()`` returns the new step, or None when blocked or at the end;
- ``can_back()`` / ``back()``: the same backwards;
- ``note_fields(language)``: the 4E note as a plain dict (SOP N3, N4);
- ``outcome``: the decision word once there is one, else None.

:class:`LinearSteps` gives the plain in-order navigation most flows want.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, Protocol, TypeVar, runtime_checkable

StepT = TypeVar("StepT", bound=StrEnum)


@runtime_checkable
class Flow(Protocol[StepT]):
    """A workflow's state and rules of progress, without Qt."""

    @property
    def steps(self) -> tuple[StepT, ...]: ...

    @property
    def current(self) -> StepT: ...

    @property
    def outcome(self) -> str | None: ...

    def blockers(self, step: StepT | None = None) -> tuple[str, ...]: ...

    def can_advance(self) -> bool: ...

    def next(self) -> StepT | None: ...

    def can_back(self) -> bool: ...

    def back(self) -> StepT | None: ...

    def note_fields(self, language: str) -> dict[str, object]: ...


class LinearSteps(Generic[StepT]):
    """In-order navigation: forward when the current step has no blockers, back while not first.

    Subclasses set ``steps`` and implement ``blockers``; they override ``next`` or
    ``can_back`` where their SOP skips or locks a step.
    """

    steps: tuple[StepT, ...]

    def __init__(self) -> None:
        self._current: StepT = self.steps[0]

    @property
    def current(self) -> StepT:
        return self._current

    def blockers(self, step: StepT | None = None) -> tuple[str, ...]:
        raise NotImplementedError

    def _index(self) -> int:
        return self.steps.index(self._current)

    def can_advance(self) -> bool:
        return self._index() < len(self.steps) - 1 and not self.blockers()

    def next(self) -> StepT | None:
        if not self.can_advance():
            return None
        self._current = self.steps[self._index() + 1]
        return self._current

    def can_back(self) -> bool:
        return self._index() > 0

    def back(self) -> StepT | None:
        if not self.can_back():
            return None
        self._current = self.steps[self._index() - 1]
        return self._current
