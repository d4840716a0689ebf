"""The store: SQLite (or a shared PostgreSQL) behind SQLAlchemy 2, its schema, migrations glue and the records kept in it."""
