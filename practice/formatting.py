"""Template filters: times are stored in UTC and shown in the practice's time zone."""
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, g, request, url_for


def practice_timezone() -> ZoneInfo:
    """The practice's zone: the admin's setting when one is stored, else the config default."""
    if "practice_tz" not in g:
        name = _stored_timezone_name() or current_app.config["PRACTICE_TIMEZONE"]
        try:
            g.practice_tz = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            g.practice_tz = ZoneInfo("UTC")
    return g.practice_tz


def _stored_timezone_name() -> str | None:
    loader = current_app.extensions.get("practice_timezone_loader")
    return loader() if loader else None


def local_datetime(value: datetime | None) -> datetime | None:
    return value.astimezone(practice_timezone()) if value else None


def format_datetime(value: datetime | None, fmt: str = "%d %b %Y, %H:%M") -> str:
    local = local_datetime(value)
    return local.strftime(fmt) if local else ""


def format_date(value: date | datetime | None, fmt: str = "%d %b %Y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_datetime(value)
    return value.strftime(fmt)


def local_today() -> date:
    from practice.database import now_utc

    return now_utc().astimezone(practice_timezone()).date()


def page_url(number: int) -> str:
    """This page's URL with its query string kept and ``page`` replaced."""
    args = request.args.to_dict()
    args["page"] = number
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_global(page_url)
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_global(local_today)
