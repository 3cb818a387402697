"""Calendar feeds: each person's page for their private feed address, and the feed itself."""
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from practice.appointments import bp, feeds
from practice.appointments.calendar import calendar_bytes, client_summary
from practice.core.access import role_required, token_reached
from practice.core.forms import EmptyForm
from practice.core.roles import Role

feed_users = role_required(Role.PRACTITIONER, Role.CLIENT)


@bp.route("/feed")
@feed_users
def feed_settings():
    feed = feeds.feed_of(current_user)
    address = url_for("appointments.feed", token=feed.token, _external=True) if feed else None
    return render_template("appointments/feed.html", feed=feed, address=address,
                           form=EmptyForm())


@bp.route("/feed/renew", methods=["POST"])
@feed_users
def renew_feed():
    had_one = feeds.feed_of(current_user) is not None
    feeds.start_or_renew_feed(current_user)
    flash("New address made: the old one no longer works. Subscribe to this one instead."
          if had_one else "Your calendar address is ready.", "success")
    return redirect(url_for("appointments.feed_settings"))


@bp.route("/feed/names", methods=["POST"])
@role_required(Role.PRACTITIONER)
def feed_names():
    feed = feeds.feed_of(current_user)
    if feed is None:
        abort(404)
    feeds.set_full_names(feed, not feed.shows_full_names)
    flash("The feed now shows clients' full names." if feed.shows_full_names else
          "The feed now shows first names and initials only.", "success")
    return redirect(url_for("appointments.feed_settings"))


@bp.route("/feed/<token>.ics")
@token_reached
def feed(token: str):
    found = feeds.feed_by_token(token)
    if found is None:
        abort(404)
    is_practitioner = found.user.role is Role.PRACTITIONER
    summary = feeds.practitioner_summary(found) if is_practitioner else client_summary
    body = calendar_bytes(feeds.feed_appointments(found), "Qi Practice sessions", summary)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, no-store"})
