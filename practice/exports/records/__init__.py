"""One module per feature, each with its ``EXPORTERS`` (see practice/exports/registry.py)."""
