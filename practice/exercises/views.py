"""The exercises blueprint: the library (library_views) and clients' home programs
(program_views) add their routes to ``bp``."""
from practice.exercises import library_views, program_views  # noqa: F401  (routes on bp)
from practice.exercises.blueprint import bp

__all__ = ["bp"]
