"""The ``treatments`` blueprint: recording, reading and signing sessions; overview section."""
from practice.treatments import bp, editing, overview, record_views  # noqa: F401  (routes, section)

__all__ = ["bp"]
