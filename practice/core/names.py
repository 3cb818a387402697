"""People's names: the order they are shown in, and a folded form to search them by.

A name is shown given name first ("Hannah Price") or family name first ("Chen Mei") as the
person prefers. Searching folds both the stored name and the typed words the same way
(Unicode compatibility decomposition, combining marks dropped, case folded), so "zoe" finds
"Zoë", "ZOË" finds "zoë", and a name typed with a separate combining accent finds the same
name stored precomposed: on SQLite and PostgreSQL alike, with no database extension.
"""
import unicodedata


def display_name(given_name: str, family_name: str, family_name_first: bool = False) -> str:
    parts = (family_name, given_name) if family_name_first else (given_name, family_name)
    return " ".join(part for part in parts if part)


def fold(text: str | None) -> str:
    """``text`` without accents, case or compatibility variants, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFKC", bare).casefold().split())


def search_key(*parts: str | None) -> str:
    """The folded text a record is searched by: its parts folded, one space apart."""
    return " ".join(folded for folded in (fold(part) for part in parts) if folded)
