"""Signed-in devices (each open session, ended from here), and the idle-timeout warning's
two requests: how long is left, and "Stay signed in"."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from practice.auth import bp, queries, session_operations
from practice.auth.sessions import current_session, keep_alive, time_left
from practice.core.forms import EmptyForm


@bp.route("/sessions")
def sessions():
    return render_template("auth/sessions.html",
                           sessions=queries.open_sessions_of(current_user._get_current_object()),
                           this_session=current_session(), form=EmptyForm())


@bp.route("/sessions/end", methods=["POST"])
def end_session():
    user = current_user._get_current_object()
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("auth.sessions"))
    row = queries.get_open_session_or_404(user, request.form.get("session_id", ""))
    if session_operations.end_own_session(user, row, current_session()):
        flash("You are signed out.", "info")
        return redirect(url_for("auth.login"))
    flash(f"{row.user_agent} ({row.ip}) is signed out.", "success")
    return redirect(url_for("auth.sessions"))


@bp.route("/sessions/end-others", methods=["POST"])
def end_other_sessions():
    if EmptyForm().validate_on_submit():
        ended = session_operations.end_other_own_sessions(current_user._get_current_object(),
                                                          current_session())
        flash(f"Signed out {ended} other session{'s' if ended != 1 else ''}.", "success")
    return redirect(url_for("auth.sessions"))


def _time_left_answer():
    seconds, can_stay = time_left(current_session())
    return jsonify(seconds_left=seconds, can_stay=can_stay)


@bp.route("/session/status")
def session_status():
    """How long this sign-in has left; asking is not activity."""
    return _time_left_answer()


@bp.route("/session/keep-alive", methods=["POST"])
def keep_alive_session():
    """"Stay signed in" on the idle-timeout warning."""
    keep_alive(current_session())
    return _time_left_answer()


@bp.app_template_global()
def session_time_left() -> dict | None:
    """For the page's idle-timeout warning: seconds left and whether staying can help."""
    row = current_session() if current_user.is_authenticated else None
    if row is None:
        return None
    seconds, can_stay = time_left(row)
    return {"seconds": seconds, "can_stay": can_stay}
