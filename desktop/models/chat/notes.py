"""The account note drafted for each chat escalation (SOP N1, N3, N4, H4-H7).

Every outcome drafts its note, chat escalations included: the next agent must see
that a transfer, a mechanic bypass or a removal question was sent to a lead, to
which room, and what the client was told.  The note follows the agent's note
language; the chat text itself stays English (H4).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, TypedDict

from desktop.i18n import N_, gettext_for
from desktop.models.chat import rules as chat

#: Disposition reason ids (SOP N4), present in resources/dispositions.json.
DISPOSITIONS: Final[dict[str, str]] = {
    chat.POC_CODE: "poc_escalation",
    chat.MECHANIC_BYPASS: "mechanic_bypass",
    chat.STATE_TRANSFER: "state_transfer",
    chat.REMOVAL: "removal_treds",
}

_REASONS: Final[dict[str, str]] = {
    chat.POC_CODE: N_("Client asked about a POC request that needs a lead (UTR {utr})."),
    chat.MECHANIC_BYPASS: N_("Client asked for a mechanic bypass."),
    chat.STATE_TRANSFER: N_("Client asked to transfer the account from {from_state} to {to_state}."),
    chat.REMOVAL: N_("Client asked about a removal in {state}."),
}
_SENT: Final = N_("Sent the request to the {room} chat with the Client ID and the details.")
_TRANSFER_CREDIT: Final = N_("Told the client that an account credit does not transfer to the new state.")
_TRANSFER_SHOP: Final = N_("New service center: {new_shop}.")
_MECHANIC_DOCS: Final = N_("Confirmed the Mechanic Affidavit and Work Order are on file.")
_TREDS: Final = N_("Checked TREDS for a removal order: {treds}.")
_FOLLOW_UP: Final = N_("A lead answers in the chat; tell the client what they decide.")


class ChatNoteFields(TypedDict):
    reason: str
    resolution: list[str]
    additional_info: str
    follow_up: str
    disposition: str


def chat_note_fields(
    template: str,
    fields: Mapping[str, str],
    *,
    room: str,
    language: str,
    credit_on_account: bool = False,
) -> ChatNoteFields:
    """The 4E note for an escalation sent with ``template`` to chat room ``room`` (a room name)."""
    if template not in chat.TEMPLATES:
        raise ValueError(chat.UNKNOWN_TEMPLATE)
    t = gettext_for(language)
    values = {key: (value or "").strip() for key, value in fields.items()}
    reason = t(_REASONS[template]).format_map(_Blank(values))
    resolution = [t(_SENT).format(room=room)]
    if template == chat.STATE_TRANSFER:
        if values.get("new_shop"):
            resolution.append(t(_TRANSFER_SHOP).format(new_shop=values["new_shop"]))
        if credit_on_account:  # SOP H5
            resolution.append(t(_TRANSFER_CREDIT))
    elif template == chat.MECHANIC_BYPASS:
        resolution.append(t(_MECHANIC_DOCS))  # SOP H6: the request is refused without them
    elif template == chat.REMOVAL:
        resolution.append(t(_TREDS).format(treds=values.get("treds", "")))  # SOP H7
    return ChatNoteFields(
        reason=reason,
        resolution=resolution,
        additional_info=values.get("reason", ""),
        follow_up=t(_FOLLOW_UP),
        disposition=DISPOSITIONS[template],
    )


class _Blank(dict[str, str]):
    """Missing template values read as empty rather than raising mid-call."""

    def __missing__(self, key: str) -> str:
        return ""
