"""Import of a JSON export into an empty database (``flask --app wsgi import PATH``).

The lossless way to move a practice, e.g. from the embedded SQLite to PostgreSQL: every
record keeps its number (the audit trail's hashes cover them), signed notes keep their
signer and signing time, and the trail is carried over event by event so ``audit verify``
passes afterwards. The file is read as a stream (ijson): memory holds one client's records
at a time however large the practice. Not a web feature: no blueprint.
"""
