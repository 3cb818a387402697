"""The ``plans`` blueprint: the template library, clients' plans and the overview section."""
from practice.plans import overview, plan_views, template_views  # noqa: F401  (routes, section)
from practice.plans.blueprint import bp

__all__ = ["bp"]
