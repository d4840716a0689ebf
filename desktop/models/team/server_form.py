"""The team server as Preferences shows it: an address, a user, an SSL mode and a password.

The address alone could carry everything (``postgresql://user@server/db``), but
agents are given the server by a lead and their own user name separately, so the
form keeps them apart and merges them here before :func:`parse_server_url`
judges the result.  A missing user is reported at the user field.
"""

from __future__ import annotations

from urllib.parse import quote

from desktop.models.team.settings import ParsedSettings, SettingsProblem, parse_server_url


def with_user(address: str, user: str) -> str:
    """``address`` with ``user`` as its login (a password typed in the address is kept)."""
    user = user.strip()
    if not user or "://" not in address:
        return address
    scheme, rest = address.split("://", 1)
    netloc, slash, tail = rest.partition("/")
    secret = ""
    if "@" in netloc:
        userinfo, netloc = netloc.rsplit("@", 1)
        if ":" in userinfo:
            secret = ":" + userinfo.split(":", 1)[1]
    return f"{scheme}://{quote(user, safe='')}{secret}@{netloc}{slash}{tail}"


def read_form(address: str, user: str, sslmode: str, password: str = "") -> ParsedSettings:
    """Settings from the form's fields, or the problems at each field."""
    text = address.strip()
    parsed = parse_server_url(with_user(text, user) if text else text, sslmode=sslmode or None)
    problems = tuple(
        SettingsProblem("user", p.code) if p.code == "missing_user" else p for p in parsed.problems
    )
    return ParsedSettings(parsed.settings, password or parsed.password, problems)


def split_saved(server_url: str) -> tuple[str, str]:
    """A saved address as the form shows it: (address without the user, user)."""
    parsed = parse_server_url(server_url)
    settings = parsed.settings
    if settings is None:
        return server_url, ""
    return f"postgresql://{settings.host}:{settings.port}/{settings.database}", settings.user
