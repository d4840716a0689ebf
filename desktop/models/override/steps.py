"""The device entry checklist per brand (SOP M7), read from data that leads maintain.

Why data and not code: the wording must follow each brand's instructions, which
change without a release.  A brand the file does not cover gets an empty,
unreviewed checklist, and the screen says so instead of borrowing another brand's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import jsonschema

from desktop import paths

_STEPS_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["version", "brands"],
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "brands": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["label", "steps"],
                "properties": {
                    "label": {"type": "string", "minLength": 1},
                    "device": {"type": "string"},
                    "reviewed": {"type": "boolean"},
                    "source": {"type": "string"},
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["id", "text"],
                            "properties": {
                                "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                                "text": {
                                    "type": "object",
                                    "required": ["en", "es"],
                                    "properties": {
                                        "en": {"type": "string", "minLength": 1},
                                        "es": {"type": "string", "minLength": 1},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


@dataclass(frozen=True, slots=True)
class EntryStep:
    id: str
    texts: Mapping[str, str]

    def text(self, language: str) -> str:
        return self.texts[language]


@dataclass(frozen=True, slots=True)
class EntrySteps:
    """The device entry checklist for one brand (SOP M7), as leads maintain it."""

    brand: str
    label: str
    device: str
    reviewed: bool
    source: str
    steps: tuple[EntryStep, ...]


def default_steps_path() -> Path:
    return paths.resources_dir() / "override_steps.json"


def load_entry_steps(brand: str, path: Path | None = None) -> EntrySteps:
    """Read and validate the checklist; a broken file raises ``ValueError`` listing every problem.

    Why data and not code: the wording must follow each brand's instructions, which
    change without a release, and leads edit it.
    """
    source = path or default_steps_path()
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {source}: {exc}") from exc
    validator = jsonschema.Draft202012Validator(_STEPS_SCHEMA)
    problems = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if problems:
        listed = "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in problems
        )
        raise ValueError(f"invalid override steps file {source}: {listed}")
    for brand_key, spec in raw["brands"].items():
        ids = [step["id"] for step in spec["steps"]]
        if len(ids) != len(set(ids)):
            raise ValueError(f"invalid override steps file {source}: brands/{brand_key}: duplicate step id")
    if brand not in raw["brands"]:
        raise KeyError(brand)
    spec = raw["brands"][brand]
    return EntrySteps(
        brand=brand,
        label=spec["label"],
        device=spec.get("device", ""),
        reviewed=bool(spec.get("reviewed", False)),
        source=spec.get("source", ""),
        steps=tuple(EntryStep(id=s["id"], texts=dict(s["text"])) for s in spec["steps"]),
    )


def entry_steps_for(brand: str) -> EntrySteps:
    """The brand's entry checklist; an empty, unreviewed one for a brand the file does not cover.

    A CSG brand reaches coaching only under SOP P9, and the seeds give no entry
    sequence for its devices: the screen says so instead of borrowing M9's.
    """
    try:
        return load_entry_steps(brand)
    except KeyError:
        return EntrySteps(brand=brand, label=brand.upper(), device="", reviewed=False, source="", steps=())
