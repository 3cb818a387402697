"""Backups of the whole database and their restore (``flask --app wsgi backup`` / ``restore``).

SQLite is copied through its online backup API, so the app may keep serving meanwhile;
PostgreSQL through ``pg_dump -Fc`` and ``pg_restore``. A backup file is always new and
readable by its owner only; a restore replaces the whole database in one step, refuses to do
so over a database that holds records unless forced, ends the sessions the backup held open,
and writes its audit event into the restored trail. Not a web feature: no blueprint.
"""
