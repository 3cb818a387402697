"""Session records: a session given to a client, signed and locked, with addenda."""
