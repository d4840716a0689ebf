"""The desk's connections talk UTF-8 whatever encoding the server or the role defaults to."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine, make_url, text

from desktop.models.team import server
from tests.team.conftest import PASSWORD, ServerDb

pytestmark = pytest.mark.team


def test_names_in_spanish_travel_as_utf8_when_the_role_defaults_to_latin1(server_db: ServerDb) -> None:
    admin = create_engine(server_db.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("ALTER ROLE ia_agent1 SET client_encoding = 'LATIN1'"))
    url = server_db.url("ia_agent1", PASSWORD)
    try:
        plain = make_url(url)
        with psycopg.connect(
            host=plain.host, port=plain.port, dbname=plain.database, user=plain.username, password=plain.password
        ) as conn:
            assert conn.info.encoding != "utf-8"  # what a connection without the desk's setting gets
        engine = server.make_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SHOW client_encoding")).scalar_one() == "UTF8"
            assert conn.execute(text("SELECT 'Peña Núñez'")).scalar_one() == "Peña Núñez"
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text("ALTER ROLE ia_agent1 RESET client_encoding"))
        admin.dispose()
