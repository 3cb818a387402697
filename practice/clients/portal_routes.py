"""Portal access from the client's page: invite, resend, revoke, restore, email a reset."""
from flask import flash, redirect, request, url_for
from flask_login import current_user

from practice.auth.models import User
from practice.clients import bp
from practice.clients.portal_operations import (
    email_password_reset,
    invite_to_portal,
    regrant_portal_access,
    resend_invitation,
    revoke_portal_access,
)
from practice.clients.queries import get_client_or_404
from practice.core.access import practitioner_required
from practice.core.forms import EmptyForm
from practice.core.once import ALREADY_SAVED, remember, sent_before


def _portal_change(client_id: int, change, *, done: str, restored: str = ""):
    """Run one portal change and go back to the client's page, which shows an open invitation
    link to copy (so a refresh or Back never loses it).

    :param restored: the message when the change made no link (a claimed account restored).
    """
    client = get_client_or_404(client_id)
    back = redirect(url_for("clients.overview", client_id=client.id))
    if not EmptyForm().validate_on_submit():
        return back
    result = change(client)
    if result is None:
        flash((restored or done).format(name=client.full_name), "success")
        return back
    _user, _link, emailed = result
    flash(done.format(name=client.full_name)
          + (" The link was emailed to them; it is also below to copy." if emailed else
             " Copy the link below and pass it on: email is not set up."), "success")
    return back


@bp.route("/<int:client_id>/portal/invite", methods=["POST"])
@practitioner_required
def portal_invite(client_id: int):
    form_key = request.form.get("form_key")
    if sent_before(form_key, current_user, User) is not None:  # the same button again
        flash(ALREADY_SAVED, "info")  # the client's page shows its link
        return redirect(url_for("clients.overview", client_id=get_client_or_404(client_id).id))

    def invite_once(client):
        user, link, emailed = invite_to_portal(client)
        remember(form_key, current_user, user)
        return user, link, emailed

    return _portal_change(client_id, invite_once, done="{name} is invited to the portal.")


@bp.route("/<int:client_id>/portal/resend", methods=["POST"])
@practitioner_required
def portal_resend(client_id: int):
    return _portal_change(client_id, resend_invitation,
                          done="A new invitation link for {name} is ready.")


@bp.route("/<int:client_id>/portal/revoke", methods=["POST"])
@practitioner_required
def portal_revoke(client_id: int):
    return _portal_change(client_id, revoke_portal_access,
                          done="{name}'s portal access is revoked: they are signed out and "
                               "their links no longer work.")


@bp.route("/<int:client_id>/portal/regrant", methods=["POST"])
@practitioner_required
def portal_regrant(client_id: int):
    return _portal_change(client_id, regrant_portal_access,
                          done="{name} has portal access again.",
                          restored="{name}'s portal access is restored: they sign in with the "
                                   "password they chose.")


@bp.route("/<int:client_id>/portal/reset", methods=["POST"])
@practitioner_required
def portal_reset(client_id: int):
    client = get_client_or_404(client_id)
    if EmptyForm().validate_on_submit():
        email = email_password_reset(client)
        flash(f"A link to choose a new password was emailed to {email}.", "success")
    return redirect(url_for("clients.overview", client_id=client.id))
