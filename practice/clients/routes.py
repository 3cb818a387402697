"""The clients blueprint with all its routes: records, intakes and portal access."""
from practice.clients import bp, intake_views, portal_views, record_views  # noqa: F401  (attach routes)

__all__ = ["bp"]
