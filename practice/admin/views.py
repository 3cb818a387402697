"""The admin pages: accounts, practice settings, exports and the audit log.

The routes live in one module per topic; importing them here attaches them to ``bp``.
"""
from practice.admin import accounts, audit_log, exports, settings  # noqa: F401 (routes)
from practice.admin.blueprint import bp

__all__ = ["bp"]
