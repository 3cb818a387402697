"""Template filters and globals: times are stored in UTC and shown in the practice's time zone."""
from datetime import date, datetime

from flask import Flask, request, url_for

from practice.core.audit_labels import describe_action
from practice.core.clock import local_datetime, local_today, practice_timezone
from practice.core.settings import practice_settings


def format_datetime(value: datetime | None, fmt: str = "%d %b %Y, %H:%M") -> str:
    local = local_datetime(value)
    return local.strftime(fmt) if local else ""


def format_date(value: date | datetime | None, fmt: str = "%d %b %Y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_datetime(value)
    return value.strftime(fmt)


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
    app.add_template_global(practice_timezone)
    app.add_template_global(practice_settings)
    app.add_template_filter(describe_action, "action_label")
