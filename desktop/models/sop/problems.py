"""What can be wrong with a pack: problem codes, their texts, and the error that lists them all.

A lead importing a pack sees every problem at once, each at its field's dotted
path, so one import attempt is enough to fix a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.i18n import N_, gettext_for

#: Problem code -> English description (``N_`` marked; views translate with
#: :func:`problem_text`).  The code is what tests and the DB layer compare.
PROBLEM_TEXTS: dict[str, str] = {
    "invalid_json": N_("not valid JSON ({detail})"),
    "unreadable": N_("cannot be read ({detail})"),
    "not_an_object": N_("must be an object with named fields"),
    "missing": N_("missing"),
    "unknown_field": N_("unknown field"),
    "unsupported_format": N_("unsupported pack format (expected {detail})"),
    "empty_text": N_("must be non-empty text"),
    "not_text": N_("must be text"),
    "not_a_date": N_("not a date (YYYY-MM-DD)"),
    "not_a_phone_number": N_("not a fax number"),
    "not_an_email": N_("not an email address"),
    "not_business_days": N_("must be a whole number of business days from 1 to 60"),
    "review_days_order": N_("minimum review days is greater than the maximum"),
    "not_tri_state": N_("must be one of: yes, no, check_sop"),
    "not_localized_text": N_("must be an object with 'en' (and optionally 'es') text"),
    "not_decimal_string": N_("not a decimal string"),
    "bad_state_code": N_("not a two-letter uppercase state code"),
    "unknown_state": N_("unknown state or territory code"),
    "missing_state": N_("state or territory missing from the pack"),
    "duplicate_key": N_("appears more than once"),
    "fee_without_override": N_("a POC fee is set but the POC override is 'no'"),
    "refund_without_notes": N_("unused days refund is 'yes' but the notes do not say how"),
    "invalid": N_("invalid value ({detail})"),
    "not_utf8": N_("not UTF-8 text: byte {detail} cannot be read; save the pack as UTF-8 and import it again"),
    "nested_too_deep": N_("nested too deeply to be a pack (lists or objects many levels down)"),
    "too_large": N_("larger than {detail} MB, far more than any pack; check that this is the right file"),
}

@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack, located by a dotted field path (``states.WV.poc_fee``)."""

    path: str
    code: str
    detail: str = ""

    def text(self, language: str = "en") -> str:
        template = gettext_for(language)(PROBLEM_TEXTS.get(self.code, PROBLEM_TEXTS["invalid"]))
        return f"{self.path}: {template.format(detail=self.detail)}"


def problem_text(problem: PackProblem, language: str = "en") -> str:
    return problem.text(language)


class PackValidationError(ValueError):
    """A pack was rejected; ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[PackProblem]) -> None:
        self.problems: tuple[PackProblem, ...] = tuple(problems)
        super().__init__("\n".join(p.text("en") for p in self.problems))

    def paths(self) -> tuple[str, ...]:
        return tuple(p.path for p in self.problems)


ROOT = "(root)"
