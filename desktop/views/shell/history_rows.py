"""The words of the history list: a row's text, and the detail rows of the selected entry.

Kept apart from the panel's widgets so every row's wording is chosen in one
place: the list formats a row only when it paints it (once per language), and
a call's row names the workflows done on it with the same words as the Today
panel, while its details list the workflows' own entries in full.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models.call import workflow_names
from desktop.models.notes.dispositions import disposition_label
from desktop.models.store.history import HistoryItem
from desktop.views.shell.call_entry import call_rows, workflows_text

KIND_LABELS: dict[str, str] = {
    "note": N_("Note"),
    "courtesy_credit": N_("Courtesy credit"),
    "credit_decision": N_("Credit decision"),
    "override_given": N_("Override code given"),
    "poc_request": N_("POC request"),
    "correction": N_("Correction"),
    "call": N_("Call"),
}
FILTER_LABELS: dict[str, str] = {
    "note": N_("Notes"),
    "courtesy_credit": N_("Courtesy credits"),
    "credit_decision": N_("Credit decisions"),
    "override_given": N_("Override codes"),
    "poc_request": N_("POC requests"),
    "correction": N_("Corrections"),
    "call": N_("Calls"),
}
STATUS_LABELS: dict[str, str] = {
    "submitted": N_("submitted"),
    "changed": N_("changed"),
    "cancelled": N_("cancelled"),
    "escalated": N_("escalated"),
}

Row = tuple[str, str]


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def utr_text(number: str) -> str:
    """"UTR 48213", without doubling a prefix the ticket number already has."""
    return number if number.upper().startswith("UTR") else _("UTR {number}").format(number=number)


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def _facts(entry: HistoryItem, corrected_by: int | None) -> list[str]:
    facts: list[str] = []
    if entry.kind == "call":
        facts.append(workflows_text(workflow_names(entry.details)))
    if entry.amount is not None and entry.kind != "override_given":
        facts.append(i18n.format_money(entry.amount))
    if entry.kind == "override_given":
        facts.append(_("waived") if entry.waived else _("charged"))
    if entry.utr:
        facts.append(utr_text(entry.utr))
    if entry.status:
        facts.append(status_label(entry.status))
    if entry.corrects_id is not None:
        facts.append(_("corrects #{id}").format(id=entry.corrects_id))
    if corrected_by is not None:
        facts.append(_("corrected by #{id}").format(id=corrected_by))
    return facts


def _headline(entry: HistoryItem) -> str:
    return entry.summary or next(iter((entry.note_text or "").strip().splitlines()), "")


def entry_text(entry: HistoryItem, when: str, corrected_by: int | None) -> str:
    """One row of the list, at most three lines: when and kind, headline, short facts.

    The one place a row's words are chosen (the model calls it only for rows on
    screen, once per language): amount, waiver, UTR, status, correction links,
    and for a call the workflows done on it.
    """
    lines = [f"{when} · {kind_label(entry.kind)}"]
    headline = _headline(entry)
    if headline:
        lines.append(headline)
    facts = _facts(entry, corrected_by)
    if facts:
        lines.append(" · ".join(facts))
    return "\n".join(lines)


def inside_text(entry: HistoryItem, when: str, corrected_by: int | None) -> str:
    """An entry inside a call, on one line of the call's details: its id, time, headline and facts."""
    return " · ".join(p for p in (f"#{entry.id}", when, _headline(entry), *_facts(entry, corrected_by)) if p)


def detail_rows(
    entry: HistoryItem,
    when: Callable[[datetime], str],
    corrected_by: dict[int, int],
    entry_of: Callable[[int], HistoryItem | None],
    inside: Sequence[HistoryItem] = (),
) -> list[Row]:
    """Every fact of the selected entry; for a call, the workflows' entries inside it after its own."""
    rows: list[Row] = [
        (_("Entry"), f"#{entry.id}"),
        (_("When"), when(entry.created_at)),
        (_("Kind"), kind_label(entry.kind)),
    ]
    if entry.agent:
        rows.append((_("Agent"), entry.agent))
    if entry.summary:
        rows.append((_("Summary"), entry.summary))
    if entry.amount is not None:
        rows.append((_("Amount"), i18n.format_money(entry.amount)))
    if entry.waived is not None:
        rows.append((_("Fee waived"), _("yes") if entry.waived else _("no")))
    if entry.utr:
        rows.append((_("UTR ticket"), entry.utr))
    if entry.appointment_at is not None:
        rows.append((_("Appointment"), when(entry.appointment_at)))
    if entry.status:
        rows.append((_("Status"), status_label(entry.status)))
    if entry.disposition:
        label = disposition_label(entry.disposition, i18n.current_language())
        rows.append((_("Disposition"), label or entry.disposition))
    if entry.corrects_id is not None:
        original = entry_of(entry.corrects_id)
        text = (
            _("#{id}: {kind} of {when}").format(
                id=original.id, kind=kind_label(original.kind), when=when(original.created_at)
            )
            if original
            else f"#{entry.corrects_id}"
        )
        rows.append((_("Corrects"), text))
    if entry.id in corrected_by:
        rows.append((_("Corrected by"), f"#{corrected_by[entry.id]}"))
    # A call's length, and the workflows done on it: each entry inside in full (SOP C1, M9, P8
    # facts), the call's own record of any that is not at hand.
    rows += call_rows(entry, listed={i.id for i in inside})
    rows += [(kind_label(i.kind), inside_text(i, when(i.created_at), corrected_by.get(i.id))) for i in inside]
    if entry.sop_pack_version:
        rows.append((_("SOP pack version"), entry.sop_pack_version))
    return rows
