"""The texts that sum up a roster import: the counts of a report, what it says about the file, and the outcome."""

from __future__ import annotations

from desktop import i18n
from desktop.i18n import _
from desktop.models.store.roster import RosterReport
from desktop.models.store.roster_write import ImportResult
from desktop.views.lead.roster_tables import PREVIEW_MAX
from desktop.views.widgets.colors import Role
from desktop.views.widgets.outcome import Tone, glyph


def summary_line(report: RosterReport) -> str:
    """"5 rows read: 4 ready to import, 1 with problems (not imported)." with plural forms per count."""
    rows = i18n.ngettext("{count} row read", "{count} rows read", report.total_rows)
    ready = i18n.ngettext("{count} ready to import", "{count} ready to import", report.ready_count)
    bad = i18n.ngettext(
        "{count} with problems (not imported)", "{count} with problems (not imported)", report.bad_row_count
    )
    return _("{rows}: {ready}, {bad}.").format(
        rows=rows.format(count=i18n.format_number(report.total_rows)),
        ready=ready.format(count=i18n.format_number(report.ready_count)),
        bad=bad.format(count=i18n.format_number(report.bad_row_count)),
    )


def import_button_text(ready: int) -> str:
    return i18n.ngettext("&Import {count} client", "&Import {count} clients", ready).format(
        count=i18n.format_number(ready)
    )


def report_lines(report: RosterReport, lang: str) -> list[str]:
    """What the dialog says about a file it read: why it cannot be imported, or its counts and limits."""
    if report.file_problems:
        return [_("This file cannot be imported:"), *(p.text(lang) for p in report.file_problems)]
    lines = [summary_line(report)]
    if report.ignored_columns:
        lines.append(_("Columns not used: {columns}").format(columns=", ".join(report.ignored_columns)))
    if report.total_rows > PREVIEW_MAX:
        lines.append(_("The preview shows the first {shown} rows.").format(shown=i18n.format_number(PREVIEW_MAX)))
    if report.problem_count > len(report.problems):
        lines.append(
            _("The problems list shows the first {shown}.").format(shown=i18n.format_number(len(report.problems)))
        )
    return lines


def outcome_line(state: str, result: ImportResult | None, error: str) -> tuple[str, Role | None]:
    """The line under the tables once an import ended (text, colour role), or ``("", None)``."""
    if state == "done" and result is not None:
        return glyph(Tone.OK) + " " + _("Import finished: {new} new, {updated} updated, {same} unchanged.").format(
            new=i18n.format_number(result.inserted),
            updated=i18n.format_number(result.updated),
            same=i18n.format_number(result.unchanged),
        ), Role.OK
    if state == "cancelled":
        return "■ " + _("Import cancelled: nothing was changed."), None
    if state == "failed":
        return glyph(Tone.STOP) + " " + _("The import failed and nothing was changed ({error}).").format(
            error=error
        ), Role.STOP
    return "", None
