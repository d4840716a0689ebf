"""State SOP packs: what each state's SOP allows, as data the rules can read (the pack's shape).

Why a pack and not constants in the rules: state SOPs change, and leads (not
developers) keep them current.  A pack is versioned as a whole so every decision
can record which version it used, and it is validated as a whole so a
bad import can never leave the app with half a pack.

Representation choices (see also ``docs`` in the report):

* Every per-state rule field is a tri-state ``"yes" | "no" | "check_sop"``.
  ``"check_sop"`` means the source documents say nothing for that state: the
  app must never invent an answer, so the agent is sent to the state SOP.
* ``courtesy_credits`` follows the same tri-state, and
  :attr:`StateEntry.courtesy_credits_allowed` turns it into a real ``bool``:
  only an explicit ``"no"`` is ``False`` (SOP C2: West Virginia).  For
  ``"check_sop"`` the general one-time courtesy policy (SOP C1) applies, so the
  answer is ``True``; :attr:`StateEntry.courtesy_credits_confirmed` tells a view
  it came from the general policy rather than the state's own SOP.  We did not
  use ``None`` for "unknown": ``None`` is falsy, and one careless
  ``if not entry.courtesy_credits_allowed`` would deny every client.
* The CSG fax and email for tow receipts (SOP C8) are pack-level settings left
  empty in the shipped pack: the lead fills them in, and views show a "not
  configured" warning until then, rather than the app carrying a made-up value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

import us

from desktop import paths

TriState = Literal["yes", "no", "check_sop"]
TRI_STATES: tuple[str, ...] = ("yes", "no", "check_sop")
PACK_FORMAT = 1
SCHEMA_FILE = "pack.schema.json"
DEFAULT_PACK_FILE = "default-pack.json"


def sop_dir() -> Path:
    return paths.resources_dir() / "sop"


def known_states() -> dict[str, str]:
    """USPS code -> name for the 50 states, DC, Puerto Rico and the territories ``us`` knows.

    Why from ``us``: one maintained list, so a pack cannot silently drop a
    territory or invent a code.
    """
    return {s.abbr: s.name for s in us.states.STATES_AND_TERRITORIES}


@dataclass(frozen=True)
class LocalizedText:
    """Free text a lead writes, in English and optionally Spanish.

    Why not gettext: this text is data that leads edit in a pack, not a string in
    the code, so it carries its own translation.
    """

    en: str = ""
    es: str = ""

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to English when untranslated."""
        if language == "es" and self.es.strip():
            return self.es
        return self.en

    def __bool__(self) -> bool:
        return bool(self.en.strip() or self.es.strip())


@dataclass(frozen=True)
class StateEntry:
    code: str
    name: str
    poc_override: TriState  # SOP P4, P9
    poc_fee: Decimal | None  # SOP P4: quoted before scheduling; None = not stated
    courtesy_credits: TriState  # SOP C2; see module docstring
    unused_days_refund: TriState  # SOP C10
    unused_days_notes: LocalizedText = field(default_factory=LocalizedText)
    notes: LocalizedText = field(default_factory=LocalizedText)

    @property
    def courtesy_credits_allowed(self) -> bool:
        """False only when the state's SOP explicitly forbids courtesy credits (SOP C2)."""
        return self.courtesy_credits != "no"

    @property
    def courtesy_credits_confirmed(self) -> bool:
        """True when the answer comes from the state's own SOP, not the general policy."""
        return self.courtesy_credits != "check_sop"


@dataclass(frozen=True)
class TowReceiptContact:
    """Where clients send a tow receipt, and how long CSG's review takes (SOP C8)."""

    csg_fax: str
    csg_email: str
    review_business_days_min: int
    review_business_days_max: int

    def missing_fields(self) -> tuple[str, ...]:
        """Field names a lead still has to fill in before agents can quote them."""
        missing = []
        if not self.csg_fax.strip():
            missing.append("csg_fax")
        if not self.csg_email.strip():
            missing.append("csg_email")
        return tuple(missing)

    @property
    def is_configured(self) -> bool:
        return not self.missing_fields()


@dataclass(frozen=True)
class SopPack:
    name: str
    version: str
    effective_date: date
    source: str
    tow_receipt: TowReceiptContact
    states: tuple[StateEntry, ...]
    _index: dict[str, StateEntry] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {entry.code.upper(): entry for entry in self.states})

    def state(self, code: str) -> StateEntry:
        """The entry for a USPS code in any case; ``KeyError`` for a code the pack lacks."""
        if not isinstance(code, str):
            raise KeyError(code)
        try:
            return self._index[code.strip().upper()]
        except KeyError:
            raise KeyError(code) from None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._index

    def codes(self) -> tuple[str, ...]:
        return tuple(entry.code for entry in self.states)

    @property
    def ref(self) -> str:
        """What a decision records to say which pack it used."""
        return f"{self.name} {self.version}"
