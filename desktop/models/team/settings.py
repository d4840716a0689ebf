"""Server settings typed by a lead or agent in Preferences: parsed, checked, explained.

Every problem comes back as a reason code at a field (``url``, ``password``,
``sslmode``) that :func:`reason_text` words for the view.  Checking a server
never waits longer than the connect timeout; the app keeps working standalone
or offline whatever the answer.  The password is never part of what is saved
(see :mod:`.credentials`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from desktop.i18n import N_, _, gettext_for
from desktop.models.team import pg_schema

SSLMODES: tuple[str, ...] = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
SCHEMES: tuple[str, ...] = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432
DEFAULT_TIMEOUT = 5

REASONS: dict[str, str] = {
    "empty": N_("Enter the team server address, e.g. postgresql://agent@server/interlock."),
    "http_url": N_("This is a web address. The team server address starts with postgresql://."),
    "not_postgresql": N_("The team server address must start with postgresql://."),
    "invalid_url": N_("This is not a valid server address."),
    "missing_host": N_("The address has no server name."),
    "missing_user": N_("The address has no user name (postgresql://USER@server/database)."),
    "missing_database": N_("The address has no database name (postgresql://user@server/DATABASE)."),
    "bad_port": N_("The port must be a number from 1 to 65535."),
    "bad_sslmode": N_("Unknown SSL mode."),
    "unreachable": N_("The server could not be reached (wrong name, port, or no network)."),
    "driver_missing": N_("This installation cannot reach a team server: its database driver did not load."),
    "wrong_password": N_("The server refused the user name or password."),
    "not_allowed": N_("The server does not accept connections from this computer or user."),
    "unknown_database": N_("The server has no database with this name."),
    "no_role": N_("This user is neither an agent nor a lead on the team server."),
    "schema_missing": N_("The team database has not been set up yet (run the migrations)."),
    "schema_outdated": N_("The team database needs an update (run the migrations)."),
    "credential_store": N_("The password could not be saved in the system credential store."),
}


@dataclass(frozen=True)
class ServerSettings:
    host: str
    user: str
    database: str
    port: int = DEFAULT_PORT
    sslmode: str = "prefer"
    connect_timeout: int = DEFAULT_TIMEOUT

    def url(self, password: str | None = None) -> str:
        """SQLAlchemy URL for psycopg 3 (with the password only in memory)."""
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password,
            host=self.host,
            port=self.port,
            database=self.database,
            query={"sslmode": self.sslmode},
        ).render_as_string(hide_password=False)

    @property
    def address(self) -> str:
        """What Preferences saves and shows: no password, no driver name."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}?sslmode={self.sslmode}"

    @property
    def credential_key(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


@dataclass(frozen=True)
class SettingsProblem:
    field: str
    code: str


@dataclass(frozen=True)
class ParsedSettings:
    """``settings`` when the text is usable; a password typed in the URL comes out separately."""

    settings: ServerSettings | None
    password: str | None = None
    problems: tuple[SettingsProblem, ...] = ()


def _fail(code: str, field: str = "url") -> ParsedSettings:
    return ParsedSettings(None, None, (SettingsProblem(field, code),))


def parse_server_url(text: str, *, sslmode: str | None = None, timeout: int = DEFAULT_TIMEOUT) -> ParsedSettings:
    raw = (text or "").strip()
    if not raw:
        return _fail("empty")
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme in ("http", "https"):
        return _fail("http_url")
    if scheme not in SCHEMES:
        return _fail("not_postgresql")
    try:
        url = make_url(raw.replace(f"{scheme}://", "postgresql://", 1))
        port = url.port or DEFAULT_PORT
    except (ArgumentError, ValueError):
        return _fail("invalid_url")
    if not 0 < port < 65536:
        return _fail("bad_port")
    if not url.host:
        return _fail("missing_host")
    if not url.username:
        return _fail("missing_user")
    if not url.database:
        return _fail("missing_database")
    mode = sslmode or str(url.query.get("sslmode") or "prefer")
    if mode not in SSLMODES:
        return _fail("bad_sslmode", "sslmode")
    settings = ServerSettings(url.host, url.username, url.database, port, mode, timeout)
    return ParsedSettings(settings, url.password or None)


@dataclass(frozen=True)
class ServerCheck:
    """``ok`` with the login's ``role`` (``agent`` or ``lead``), or a reason ``code`` at ``field``."""

    ok: bool
    code: str | None = None
    field: str | None = None
    role: str | None = None


def check_server(settings: ServerSettings, password: str | None, *, head: str | None = None) -> ServerCheck:
    """Connect once (bounded by ``settings.connect_timeout``) and say what is wrong, if anything.

    The driver is imported here, not with the module: the Preferences dialog must open
    even where the driver cannot load, and then says so at the address field.
    """
    try:
        import psycopg
    except ImportError:
        return ServerCheck(False, "driver_missing", "url")
    try:
        with psycopg.connect(
            host=settings.host, port=settings.port, dbname=settings.database, user=settings.user,
            password=password or "", sslmode=settings.sslmode, connect_timeout=max(1, settings.connect_timeout),
            client_encoding="utf8",  # as the desk's own connections (server.make_engine)
        ) as conn:
            lead, agent = conn.execute(
                "SELECT pg_has_role(current_user, %s, 'MEMBER'), pg_has_role(current_user, %s, 'MEMBER')",
                (pg_schema.LEAD_ROLE, pg_schema.AGENT_ROLE),
            ).fetchone() or (False, False)
            version = None
            if conn.execute("SELECT to_regclass('alembic_version')").fetchone() != (None,):
                found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                version = found[0] if found else None
    except psycopg.OperationalError as exc:
        return _connect_problem(exc)
    if version is None:
        return ServerCheck(False, "schema_missing", "url")
    if head is not None and version != head:
        return ServerCheck(False, "schema_outdated", "url")
    if not (lead or agent):
        return ServerCheck(False, "no_role", "url")
    return ServerCheck(True, role="lead" if lead else "agent")


def _connect_problem(exc: Exception) -> ServerCheck:
    """Why: libpq reports most connect failures only as text, so the text is read as a fallback."""
    state = getattr(exc, "sqlstate", None)
    message = str(exc).lower()
    if state == "28P01" or "password authentication failed" in message or "no password supplied" in message:
        return ServerCheck(False, "wrong_password", "password")
    if state == "3D000" or ("database" in message and "does not exist" in message):
        return ServerCheck(False, "unknown_database", "url")
    if state == "28000" or "no pg_hba.conf entry" in message:
        return ServerCheck(False, "not_allowed", "url")
    return ServerCheck(False, "unreachable", "url")


def with_timeout(settings: ServerSettings, seconds: int) -> ServerSettings:
    return replace(settings, connect_timeout=seconds)


def reason_text(code: str, language: str | None = None) -> str:
    """The message shown at the field for a reason code, in ``language`` or the active one."""
    translate = gettext_for(language) if language else _
    return translate(REASONS[code])
