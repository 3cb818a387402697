"""The ``plans`` blueprint: the template library, clients' plans and the overview section."""
from practice.plans import bp, overview, plan_views, template_views  # noqa: F401  (routes, section)

__all__ = ["bp"]
