"""The admin pages: accounts, practice settings, exports and the audit log.

The routes live in one module per topic; importing them here attaches them to ``bp``.
"""
from practice.admin import accounts, audit_log, bp, exports, settings  # noqa: F401 (routes)

__all__ = ["bp"]
