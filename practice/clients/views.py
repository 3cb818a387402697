"""The clients blueprint with all its routes: records, intakes and portal access."""
from practice.clients import intake_views, portal_views, record_views  # noqa: F401  (attach routes)
from practice.clients.blueprint import bp

__all__ = ["bp"]
