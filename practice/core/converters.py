"""URL converters: a record number in a URL is a whole number the database can hold.

Werkzeug's ``int`` takes any length of digits; one larger than the database's integers
(``/clients/99999999999999999999``) would reach the query and fail there. Such a number
names no record, so the URL simply matches nothing: 404, like any other unknown record.
"""
from werkzeug.routing import IntegerConverter

#: The largest value of a 32-bit signed integer column (PostgreSQL ``integer``).
MAX_RECORD_ID = 2**31 - 1


class RecordIdConverter(IntegerConverter):
    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min,
                         max=MAX_RECORD_ID if max is None else max, signed=signed)
