"""The exercise library and clients' home programs (assignments)."""
