"""Why the desk could not log in to the team server, when the reason is the password.

A missing or refused password is not a network problem: waiting for the
network to come back changes nothing, the agent (or a lead) has to type the
password in Preferences.  So the desk's connection errors are sorted here into
``no_password`` (the credential store holds none for this server), ``wrong_password``
(the server refused the one it holds) or ``None`` (anything else: unreachable,
timed out, refused for another reason).  libpq reports most of these only as
text, so the text is read when there is no SQLSTATE.
"""

from __future__ import annotations

#: PostgreSQL's SQLSTATE for a failed password check.
INVALID_PASSWORD = "28P01"

NO_PASSWORD = "no_password"
WRONG_PASSWORD = "wrong_password"


def login_problem(exc: BaseException | None) -> str | None:
    """``no_password``, ``wrong_password`` or ``None`` for a driver error raised while connecting."""
    if exc is None:
        return None
    message = str(exc).lower()
    if "no password supplied" in message:
        return NO_PASSWORD
    if getattr(exc, "sqlstate", None) == INVALID_PASSWORD or "password authentication failed" in message:
        return WRONG_PASSWORD
    return None
