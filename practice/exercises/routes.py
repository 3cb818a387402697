"""The exercises blueprint: the library (library_views) and clients' home programs
(program_views) add their routes to ``bp``."""
from practice.exercises import bp, library_views, program_views  # noqa: F401  (routes on bp)

__all__ = ["bp"]
