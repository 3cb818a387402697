"""The ``treatments`` blueprint: recording, reading and signing sessions; overview section."""
from practice.treatments import editing, overview, record_views  # noqa: F401  (routes, section)
from practice.treatments.blueprint import bp

__all__ = ["bp"]
