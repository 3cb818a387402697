"""Who may see what: role guards and owner-scoped loading.

Every view is behind login by default (``require_login`` runs before each request);
views that anonymous visitors need are marked ``@public``, and the one other kind, pages
reached by a secret token in the address (calendar feeds), ``@token_reached``. Roles are checked with
``@role_required``: the wrong role gets 403. Records are loaded through an owner-scoped
query: a record that belongs to someone else answers 404, exactly like one that does not
exist, so ids leak nothing.

The loader pattern every feature follows::

    def get_client_or_404(client_id: int) -> Client:
        return one_or_404(select(Client).where(
            Client.id == client_id, Client.practitioner_id == current_user.id))
"""
from functools import wraps

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_login import current_user

from practice.core.extensions import db
from practice.core.kept_forms import SIGNED_OUT, keep_typing
from practice.core.roles import Role

PUBLIC_ATTRIBUTE = "is_public_view"
TOKEN_ATTRIBUTE = "is_token_view"  # noqa: S105 (an attribute name, not a secret)


def public(view):
    """Mark a view as reachable without signing in."""
    setattr(view, PUBLIC_ATTRIBUTE, True)
    return view


def token_reached(view):
    """Mark a view reached by a secret token in its address instead of a sign-in (a calendar
    feed, which calendar apps fetch on their own): it must find its record by that token alone,
    answer 404 for any other, and name the variable ``token`` so the request log masks it."""
    setattr(view, TOKEN_ATTRIBUTE, True)
    return view


def is_token_endpoint(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return bool(view and getattr(view, TOKEN_ATTRIBUTE, False))


def is_public_endpoint(endpoint: str | None) -> bool:
    if endpoint is None:
        return True  # 404s and the like: let Flask answer them
    if endpoint == "static" or endpoint.endswith(".static"):
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(view and (getattr(view, PUBLIC_ATTRIBUTE, False)
                          or getattr(view, TOKEN_ATTRIBUTE, False)))


def require_login():
    """Before every request: send anonymous visitors of non-public pages to sign in.

    Loading ``current_user`` checks the session on the server (``practice.auth.sessions``): a
    session that ended, by sign-out, idle time or its age, counts as anonymous here, and the
    sign-in page says why.
    """
    if current_user.is_authenticated or is_public_endpoint(request.endpoint):
        return None
    kept = keep_typing(SIGNED_OUT)
    if kept is not None:
        return kept
    if g.get("signed_out_message"):
        flash(g.signed_out_message, "info")
    elif request.path != "/":
        flash("Please sign in to continue.", "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def role_required(*roles: Role):
    """Allow only signed-in users with one of ``roles``; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


practitioner_required = role_required(Role.PRACTITIONER)
admin_required = role_required(Role.ADMIN)
client_required = role_required(Role.CLIENT)


#: Views any signed-in user may open whatever their role (their own account pages).
ANY_SIGNED_IN_USER = {"home.index", "auth.logout", "auth.change_own_password",
                      "auth.two_factor_settings", "auth.renew_recovery_codes", "auth.kept_form",
                      "auth.sessions", "auth.end_session", "auth.end_other_sessions",
                      "auth.session_status", "auth.keep_alive_session"}


def one_or_404(statement):
    """The single row an owner-scoped ``select`` finds, or 404."""
    record = db.session.scalars(statement.limit(2)).one_or_none()
    if record is None:
        abort(404)
    return record
