"""The check-in charts drawn once per distinct set of ratings, not on every page view.

Building five charts (points, 7-day trends, week tables) and drawing them as SVG is most of
the cost of the progress page and the Progress section of the client overview, yet it
depends only on the ratings shown, the range and the element ids. So the drawn HTML is kept
in this process, keyed by exactly those: any new, corrected or removed rating, or a new day,
is a different key and is drawn afresh. Nothing else goes into the drawing (no user, no
request, no time zone: the days are already local dates), so a kept drawing is always the
one that would be drawn now.
"""
from collections import namedtuple
from datetime import date
from functools import lru_cache

from flask import current_app
from markupsafe import Markup

from practice.progress.charts import build_charts
from practice.progress.models import MEASURES

#: Distinct drawings kept (a few kilobytes each): plenty for every client seen in a while.
KEPT_DRAWINGS = 1024

_Reading = namedtuple("_Reading", ["checked_on", *(name for name, _label, _scale in MEASURES)])


def chart_grid_html(check_ins, first_day: date, last_day: date, id_prefix: str) -> Markup:
    """The ``chart_grid`` macro of progress/_charts.html over ``check_ins`` (one per day,
    oldest first), drawn once per distinct set of ratings."""
    readings = tuple(_Reading(check_in.checked_on,
                              *(getattr(check_in, name) for name, _label, _scale in MEASURES))
                     for check_in in check_ins)
    return _drawn(readings, first_day, last_day, id_prefix)


@lru_cache(maxsize=KEPT_DRAWINGS)
def _drawn(readings: tuple, first_day: date, last_day: date, id_prefix: str) -> Markup:
    charts = build_charts(readings, first_day, last_day)
    macros = current_app.jinja_env.get_template("progress/_charts.html").module
    return Markup(macros.chart_grid(charts, id_prefix))  # noqa: S704 (an autoescaped template)
