"""Pages of a list, from a ``page`` in the query string that anyone may have typed.

Flask-SQLAlchemy reads ``?page=`` itself but passes a number of any size to the database
(``page=100000000000000000000`` overflows SQLite's integers: a server error). Here the page
asked for is read as a small number and clamped to the pages there are: a page past the end
(however many digits it has) shows the last page, a negative or unreadable one the first.
"""
from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from practice.core.extensions import db

#: No list is anywhere near this long: a larger number stands for "past the end".
PAST_THE_END = 10**9


def requested_page() -> int:
    text = request.args.get("page", "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return max(1, min(int(text), PAST_THE_END)) if len(text) <= 10 else PAST_THE_END


def paginate(statement: Select, per_page: int, *, count: bool = True) -> Pagination:
    """The requested page of ``statement``, or the last page when it asks past the end."""
    page = db.paginate(statement, page=requested_page(), per_page=per_page, error_out=False,
                       count=count)
    if count and page.page > 1 and not page.items and page.total:
        page = db.paginate(statement, page=page.pages, per_page=per_page, error_out=False)
    return page
