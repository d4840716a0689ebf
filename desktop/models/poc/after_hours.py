"""Urgent and after-hours POC requests (SOP P9): schedule, give the code through coaching, or escalate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.i18n import (
    N_,
    current_language,
    format_datetime,
    gettext_for,
)
from desktop.models.poc.escalations import CHAT_POC, chat_for
from desktop.models.poc.rules import CSG_TZ, _require_aware, _translator, csg_is_open

# --------------------------------------------------------------------------- urgent / after hours (P9)

ACTION_SCHEDULE = "schedule_with_csg"
ACTION_SCHEDULE_NEXT_OPEN = "schedule_for_next_csg_hours"
ACTION_GIVE_CODE = "give_code_via_coaching"
ACTION_ESCALATE = "escalate_leadership_assistance"
ACTION_NOT_ALLOWED = "override_not_allowed"
ACTION_CHECK_SOP = "confirm_state_sop"

REASON_CSG_OPEN = "csg_open"
REASON_CSG_CLOSED = "csg_closed_now"
REASON_URGENT = "urgent_request"
REASON_STATE_NO = "state_disallows_override"
REASON_STATE_UNCONFIRMED = "state_sop_unconfirmed"
REASON_TRAINED = "agent_trained"
REASON_NOT_TRAINED = "agent_not_trained"

POC_OVERRIDE_VALUES = frozenset({"yes", "no", "check_sop"})

DECISION_TEXTS: dict[str, str] = {
    ACTION_SCHEDULE: N_("CSG is open and the request is not urgent: schedule it with CSG."),
    ACTION_SCHEDULE_NEXT_OPEN: N_(
        "CSG is closed now, but a request can be submitted at any time: schedule it so that CSG's call "
        "falls in its next open hours. Only if the client needs the code now, mark the request urgent."
    ),
    ACTION_GIVE_CODE: N_("You are trained to give override codes: continue to override coaching."),
    ACTION_ESCALATE: N_(
        "You are not trained to give override codes: ask in the POC and MA chat (Saturday and Sunday: "
        "Weekend Chat) whether someone can give the code now."
    ),
    ACTION_NOT_ALLOWED: N_(
        "The state of conviction does not allow override codes; the client must be serviced without one."
    ),
    ACTION_CHECK_SOP: N_("Check the state SOP and confirm that override codes are allowed first."),
}


@dataclass(frozen=True)
class AfterHoursDecision:
    """What to do with an urgent or after-hours override request (SOP P9)."""

    action: str
    reasons: tuple[str, ...]
    chat: str | None


def after_hours_decision(
    *,
    now: datetime,
    urgent: bool,
    poc_override: str,
    sop_confirmed: bool,
    agent_trained: bool,
) -> AfterHoursDecision:
    """Route a request CSG cannot serve in time (SOP P9).

    The state SOP is checked first because no training overrides a state that
    forbids codes; only then does training decide between giving the code
    (coaching screen) and asking leadership.
    """
    _require_aware(now, "now")
    if poc_override not in POC_OVERRIDE_VALUES:
        raise ValueError(f"poc_override must be one of {sorted(POC_OVERRIDE_VALUES)}")
    reasons: list[str] = []
    open_now = csg_is_open(now)
    reasons.append(REASON_CSG_OPEN if open_now else REASON_CSG_CLOSED)
    if urgent:
        reasons.append(REASON_URGENT)
    if open_now and not urgent:
        return AfterHoursDecision(ACTION_SCHEDULE, tuple(reasons), None)
    if not urgent:
        # SOP P3: a request can be submitted any time; P9 is only for a client who needs the code now.
        return AfterHoursDecision(ACTION_SCHEDULE_NEXT_OPEN, tuple(reasons), None)
    # SOP P9 / P4: the state SOP must allow an override before anyone gives a code.
    if poc_override == "no":
        reasons.append(REASON_STATE_NO)
        return AfterHoursDecision(ACTION_NOT_ALLOWED, tuple(reasons), None)
    if poc_override == "check_sop" and not sop_confirmed:
        reasons.append(REASON_STATE_UNCONFIRMED)
        return AfterHoursDecision(ACTION_CHECK_SOP, tuple(reasons), None)
    # SOP P9: trained agents give the code; others ask in the POC and MA chat (H8).
    if agent_trained:
        reasons.append(REASON_TRAINED)
        return AfterHoursDecision(ACTION_GIVE_CODE, tuple(reasons), None)
    reasons.append(REASON_NOT_TRAINED)
    return AfterHoursDecision(ACTION_ESCALATE, tuple(reasons), chat_for(now, CHAT_POC))


def decision_text(action: str, language: str | None = None) -> str:
    return _translator(language)(DECISION_TEXTS[action])


def leadership_assistance_text(
    *,
    cid: str,
    state: str,
    now: datetime,
    reasons: tuple[str, ...],
    language: str | None = None,
) -> str:
    """The Leadership Assistance request for an untrained agent (SOP P9, H1, H3).

    Phrased as a question and listing what was already checked, because the
    chat etiquette asks for both.
    """
    _require_aware(now, "now")
    lang = language or current_language()
    t = gettext_for(lang)
    situation = (
        t(N_("The client needs an override code now and CSG is closed."))
        if REASON_CSG_CLOSED in reasons
        else t(N_("The client needs an override code urgently and cannot wait for a CSG call."))
    )
    lines = [
        t(N_("CID: {cid}")).format(cid=cid),
        situation,
        t(
            N_(
                "I checked the {state} state SOP: override codes are allowed. I have confirmed "
                "the permanent lockout."
            )
        ).format(state=state),
        t(N_("Is someone available to give the client the override code? Time now: {now}.")).format(
            now=format_datetime(now.astimezone(CSG_TZ), lang)
        ),
    ]
    return "\n".join(lines)
