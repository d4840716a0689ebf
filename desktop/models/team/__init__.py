"""Team mode: one PostgreSQL for the whole center, a cache and an outbox on every desk.

Without a server URL nothing here runs and the app is the standalone SQLite app.
With one, :mod:`.workstation` is the entry point the views use: reads go to the
local cache (:mod:`.cache`), writes go to the server at once or wait in the
outbox (:mod:`.outbox`), and one-time rules (SOP C1, M9) are settled by unique
indexes on the server (:mod:`.server`).
"""
