"""Administration: accounts, practice settings, exports and the audit log."""
