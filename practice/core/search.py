"""Search text as typed into a search box or a query string, made safe to query with.

Control characters are dropped (PostgreSQL refuses a NUL in a string: a server error) and the
text is trimmed and cut to a search box's length, so a pasted page of text is no burden.
"""
import unicodedata

SEARCH_MAX_LENGTH = 100


def clean_search(text: str | None) -> str:
    printable = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch
                        for ch in text or "")
    return printable.strip()[:SEARCH_MAX_LENGTH].strip()
