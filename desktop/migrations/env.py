"""Alembic environment: always run with a connection handed in by desktop.models.store.db."""

from __future__ import annotations

from alembic import context

from desktop.models.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - CLI use needs an explicit URL
    from desktop.models.store.db import _migration_engine, make_engine, resolve_url

    # The same transaction-enclosed DDL on SQLite as at start-up (see db._migration_engine).
    base = make_engine(config.get_main_option("sqlalchemy.url") or resolve_url())
    engine = _migration_engine(base) if base.dialect.name == "sqlite" else base
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
