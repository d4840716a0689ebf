"""What an agent writes and says about a planned POC appointment: the UTR ticket, the client's script (SOP P4, P6)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal

from desktop.i18n import (
    N_,
    babel_locale,
    current_language,
    format_date,
    format_datetime,
    format_money,
    format_time,
    gettext_for,
)
from desktop.models.poc.rules import CSG_TZ, PROBLEM_TEXTS, PocPlan, _translator

# --------------------------------------------------------------------------- texts


def problem_text(code: str, language: str | None = None) -> str:
    """Plain-words explanation of a plan problem, in the UI language (or ``language``)."""
    translate = _translator(language)
    return translate(PROBLEM_TEXTS[code])


def zone_label(tz: tzinfo, language: str | None = None) -> str:
    """A zone name an agent can read back to a client: "Pacific Time (Los Angeles)"."""
    from babel.dates import get_timezone_location, get_timezone_name

    locale = babel_locale(language or current_language())
    name = get_timezone_name(tz, width="long", zone_variant="generic", locale=locale)
    city = get_timezone_location(tz, locale=locale, return_city=True)
    if not city or city in name:
        return str(name)
    return f"{name} ({city})"


def drive_text(minutes: int, language: str | None = None) -> str:
    translate = _translator(language)
    return translate(N_("{minutes} min")).format(minutes=minutes)


def _local(value: datetime, tz: tzinfo) -> datetime:
    return value.astimezone(tz)


def utr_ticket_text(
    *,
    cid: str,
    plan: PocPlan,
    client_tz: tzinfo,
    state: str,
    fee: Decimal | None,
    language: str | None = None,
) -> str:
    """The POC request (UTR ticket) body CSG needs, composed from the plan (SOP P5).

    One "label: value" line per fact so CSG can scan it; times are given in the
    client's zone and in Eastern, because CSG dials on Eastern time and the
    client lives on local time.
    """
    lang = language or current_language()
    t = gettext_for(lang)
    appointment = _local(plan.appointment, client_tz)
    leave = _local(plan.leave_at, client_tz)
    call_from = _local(plan.call_from, client_tz)
    call_to = _local(plan.call_to, client_tz)
    et_from = plan.call_from.astimezone(CSG_TZ)
    et_to = plan.call_to.astimezone(CSG_TZ)
    kind = t(N_("Same-day request")) if plan.same_day else t(N_("Future request"))
    quote = format_money(fee, lang) if fee is not None else t(N_("not quoted"))
    lines = [
        t(N_("POC request (permanent lockout override code)")),
        t(N_("Request type: {kind}")).format(kind=kind),
        t(N_("Client ID: {cid}")).format(cid=cid),
        t(N_("State of conviction: {state}")).format(state=state),
        t(N_("Appointment: {appointment}")).format(appointment=format_datetime(appointment, lang)),
        t(N_("Appointment (Eastern): {appointment}")).format(
            appointment=format_datetime(plan.appointment.astimezone(CSG_TZ), lang)
        ),
        t(N_("Client time zone: {zone}")).format(zone=zone_label(client_tz, lang)),
        t(N_("Drive time, vehicle to service center: {drive}")).format(
            drive=drive_text(plan.drive_minutes, lang)
        ),
        t(N_("Client must leave at: {leave}")).format(leave=format_time(leave, lang)),
        t(N_("Call the client between {start} and {end} client time")).format(
            start=format_time(call_from, lang), end=format_time(call_to, lang)
        ),
        t(N_("Call window (Eastern): {date}, {start} to {end}")).format(
            date=format_date(et_from.date(), lang),
            start=format_time(et_from, lang),
            end=format_time(et_to, lang),
        ),
        t(N_("Quoted override fee: {quote}")).format(quote=quote),
    ]
    return "\n".join(lines)


def client_expectation_script(plan: PocPlan, client_tz: tzinfo, language: str) -> str:
    """What the agent reads to the client about the CSG call, in the client's language (SOP P5, P6).

    Times are in the client's zone only: the client should never have to
    convert from Eastern time.
    """
    t = gettext_for(language)
    appointment = _local(plan.appointment, client_tz)
    leave = _local(plan.leave_at, client_tz)
    call_from = _local(plan.call_from, client_tz)
    call_to = _local(plan.call_to, client_tz)
    paragraphs = [
        t(
            N_(
                "Your appointment is on {date} at {appointment}. To get there on time you need to "
                "leave at {leave}."
            )
        ).format(
            date=format_date(appointment.date(), language, "full"),
            appointment=format_time(appointment, language),
            leave=format_time(leave, language),
        ),
        t(
            N_(
                "Client Services will call you between {start} and {end}, about 10 to 15 minutes "
                "before you need to leave, to give you your override code."
            )
        ).format(start=format_time(call_from, language), end=format_time(call_to, language)),
        t(
            N_(
                "Please be at your vehicle with your phone on and answer even if you do not "
                "recognize the number. The code allows one start only, so drive straight to "
                "the service center."
            )
        ),
        t(N_("If you do not get the call by {end}, please call us back so we can check on it.")).format(
            end=format_time(call_to, language)
        ),
    ]
    return "\n\n".join(paragraphs)
