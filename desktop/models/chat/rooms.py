"""Which leadership chat room a question goes to (SOP H2, H8).

The rooms are named exactly as they appear in the chat tool, so the names stay in
English whatever the interface language (like every chat text, SOP H4); the screens
translate only the words around them ("Send to: …").  On Saturday and Sunday every
topic goes to the Weekend Chat (H2), by the US Eastern calendar the rooms are staffed on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from desktop.models.chat.rules import WEEKEND, chat_channel

CREDITS: Final = "credits_maf_invoices_autopay"
LEADERSHIP: Final = "leadership_assist"
POC_MA: Final = "poc_and_ma"
REMOVALS: Final = "removals"
TRANSFER: Final = "state_transfer"
TROUBLESHOOTING: Final = "troubleshooting"
WEEKEND_CHAT: Final = "weekend_chat"

ROOM_NAMES: Final[dict[str, str]] = {
    CREDITS: "Credits-MAF-Invoices-AutoPay",
    LEADERSHIP: "Leadership Assist",
    POC_MA: "POC and MA",
    REMOVALS: "Removals (VA, etc.)",
    TRANSFER: "State-to-State Transfer",
    TROUBLESHOOTING: "Troubleshooting – General Questions",
    WEEKEND_CHAT: "Weekend Chat",
}

#: Topic → weekday room (SOP H8).  Topics are what a workflow escalates, not rooms,
#: so a room can be renamed or split without touching the workflows.
TOPIC_ROOMS: Final[dict[str, str]] = {
    "courtesy_credit": CREDITS,  # over $35 or a credit question (C1, C14)
    "reset_credit": CREDITS,  # device issue confirmed after service (C6, C14)
    "maf_credit": CREDITS,
    "invoice": CREDITS,
    "autopay": CREDITS,
    "supervisor": LEADERSHIP,  # the caller asks for a supervisor
    "poc_escalation": POC_MA,  # P8, after checking UTR, appointment, drive time, zone
    "poc_after_hours": POC_MA,  # P9 when the agent is not trained
    "mechanic_bypass": POC_MA,  # H6
    "removal": REMOVALS,  # H7, VASAP/TREDS
    "state_transfer": TRANSFER,  # H4, H5
    "troubleshooting": TROUBLESHOOTING,
}


@dataclass(frozen=True)
class ChatRoom:
    """The room for one question: ``room`` is the id, ``name`` the label in the chat tool."""

    topic: str
    room: str
    name: str
    weekend: bool


def chat_room(topic: str, at: datetime) -> ChatRoom:
    """The room for ``topic`` at instant ``at`` (aware); Weekend Chat on Saturday and Sunday (H2)."""
    try:
        weekday_room = TOPIC_ROOMS[topic]
    except KeyError:
        raise ValueError(f"unknown chat topic: {topic!r}") from None
    weekend = chat_channel(at) == WEEKEND
    room = WEEKEND_CHAT if weekend else weekday_room
    return ChatRoom(topic=topic, room=room, name=ROOM_NAMES[room], weekend=weekend)
