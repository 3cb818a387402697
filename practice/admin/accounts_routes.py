"""Accounts: list and search, invite, deactivate and reactivate, reset links, client handover."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from practice.admin import bp, operations, queries
from practice.admin.forms import ROLE_FILTER_CHOICES, ReassignClientsForm
from practice.appointments.working_hours import schedule_of, week_summary
from practice.auth import operations as account_operations
from practice.auth import queries as account_queries
from practice.auth import session_operations
from practice.auth.forms import InviteForm
from practice.auth.models import Role, User
from practice.auth.tokens import TokenPurpose
from practice.core.access import admin_required
from practice.core.errors import DomainError
from practice.core.formatting import format_datetime
from practice.core.forms import EmptyForm
from practice.core.mail import mail_configured
from practice.core.once import ALREADY_SAVED, remember, sent_before
from practice.core.search import clean_search


@bp.route("/accounts")
@admin_required
def accounts():
    role = request.args.get("role", "")
    status = request.args.get("status", "")
    search = clean_search(request.args.get("q"))
    page = queries.accounts_page(role, status, search)
    counts = queries.client_counts(user.id for user in page.items if user.is_practitioner)
    return render_template("admin/accounts.html", page=page, role=role, status=status,
                           search=search, role_choices=ROLE_FILTER_CHOICES, client_counts=counts)


@bp.route("/accounts/invite", methods=["GET", "POST"])
@admin_required
def invite():
    form = InviteForm()
    if form.is_submitted() and \
            (earlier := sent_before(form.form_key.data, current_user, User)) is not None:
        flash(ALREADY_SAVED, "info")  # the account page shows its link
        return redirect(url_for("admin.account", user_id=earlier.id))
    if form.validate_on_submit():
        try:
            user, link, emailed = account_operations.invite_user(
                form.email.data, form.display_name.data, Role(form.role.data))
            remember(form.form_key.data, current_user, user)
        except DomainError as error:
            form.email.errors.append(error.message)
        else:
            flash(f"Invitation created for {user.email}"
                  + (" and emailed." if emailed else ": copy the link below to pass it on."),
                  "success")
            return _back_to(user)
    return render_template("admin/invite.html", form=form)


def _reassign_form(user: User, clients) -> ReassignClientsForm:
    form = ReassignClientsForm()
    form.to_practitioner_id.choices = [SelectChoice(0, "Choose a practitioner…")] + [
        SelectChoice(target.id, target.display_name)
        for target in queries.reassignment_targets(user)]
    form.client_ids.choices = [SelectChoice(client.id, client.full_name) for client in clients]
    return form


def _account_page(user: User, clients, form: ReassignClientsForm):
    link = account_operations.pending_invitation_link(user)
    return render_template("admin/account.html", user=user, clients=clients,
                           recent=queries.recent_activity(user), reassign_form=form,
                           empty_form=EmptyForm(),
                           open_sessions=len(account_queries.open_sessions_of(user)),
                           link=link, emailed=mail_configured(),
                           working_hours=(week_summary(schedule_of(user.id))
                                          if user.is_practitioner else None),
                           expires_at=link and account_operations.invitation_expires_at(user))


@bp.route("/accounts/<int:user_id>")
@admin_required
def account(user_id: int):
    user = queries.get_user_or_404(user_id)
    clients = queries.clients_of(user) if user.is_practitioner else []
    return _account_page(user, clients, _reassign_form(user, clients))


def _back_to(user: User):
    return redirect(url_for("admin.account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def deactivate(user_id: int):
    """Deactivate; a practitioner who still has clients is first shown whom they would leave,
    with the handover offered, and deactivated only when the admin says so again."""
    user = queries.get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        clients = queries.clients_of(user) if user.is_practitioner and user.is_enabled else []
        if clients and request.form.get("with_clients") != "yes":
            return render_template("admin/deactivate_confirm.html", user=user, clients=clients)
        operations.deactivate_account(user, current_user)
        flash(f"{user.display_name} is deactivated and signed out everywhere. "
              "Their records stay.", "success")
    return _back_to(user)


@bp.route("/accounts/<int:user_id>/reactivate", methods=["POST"])
@admin_required
def reactivate(user_id: int):
    user = queries.get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        operations.reactivate_account(user)
        flash(f"{user.display_name} can sign in again.", "success")
    return _back_to(user)


@bp.route("/accounts/<int:user_id>/sign-out-everywhere", methods=["POST"])
@admin_required
def sign_out_everywhere(user_id: int):
    user = queries.get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        ended = session_operations.sign_out_everywhere(user)
        flash(f"{user.display_name} is signed out everywhere ({ended} session"
              f"{'s' if ended != 1 else ''} ended).", "success")
    return _back_to(user)


@bp.route("/accounts/<int:user_id>/two-factor/reset", methods=["POST"])
@admin_required
def reset_two_factor(user_id: int):
    user = queries.get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        account_operations.reset_two_factor(user, by="admin")
        flash(f"Two-factor sign-in is off for {user.display_name}. They sign in with their "
              "password and can turn it on again.", "success")
    return _back_to(user)


@bp.route("/accounts/<int:user_id>/reset-link", methods=["POST"])
@admin_required
def reset_link(user_id: int):
    """A password reset link, or a fresh invitation for someone who never chose a password."""
    user = queries.get_user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    link, emailed, purpose = account_operations.send_account_link(user)
    if purpose is TokenPurpose.INVITATION:  # shown on the account page: it survives a refresh
        flash("A new invitation link is ready" + (" and emailed" if emailed else "")
              + "; the one before no longer works.", "success")
        return _back_to(user)
    return render_template("admin/link_sent.html", user=user, link=link, emailed=emailed,
                           is_invitation=purpose is TokenPurpose.INVITATION)


def _needing_new_time(handed, target) -> str:
    count = len(handed)
    names = ", ".join(f"{each.appointment.client.full_name} on "
                      f"{format_datetime(each.appointment.starts_at, '%a %d %b, %H:%M')}"
                      for each in handed[:5])
    more = f" and {count - 5} more" if count > 5 else ""
    return (f"{count} appointment{'s' if count != 1 else ''} moved to {target.display_name} "
            f"need{'s' if count == 1 else ''} a new time (outside their hours or over their own "
            f"sessions): {names}{more}. They are on {target.display_name}'s week to reschedule.")


@bp.route("/accounts/<int:user_id>/reassign", methods=["POST"])
@admin_required
def reassign(user_id: int):
    """Hand clients over in two steps: a page listing whom it moves, then the confirmed move."""
    user = queries.get_user_or_404(user_id)
    if not user.is_practitioner:
        abort(404)
    clients = queries.clients_of(user)
    form = _reassign_form(user, clients)
    if form.validate_on_submit():
        target = queries.find_user(form.to_practitioner_id.data)
        try:
            if not form.confirmed.data:
                plan = operations.review_handover(user, target, form.chosen_ids())
                return render_template(
                    "admin/handover_confirm.html", user=user, target=target, form=form,
                    clients=plan.clients, handed=plan.appointments,
                    needing_new_time=plan.needing_new_time)
            done = operations.reassign_clients(user, target, form.chosen_ids())
        except DomainError as error:
            form.to_practitioner_id.errors.append(error.message)
        else:
            moved = len(done.clients)
            flash(f"{moved} client{'s' if moved != 1 else ''} handed over to "
                  f"{target.display_name}.", "success")
            if done.needing_new_time:
                flash(_needing_new_time(done.needing_new_time, target), "warning")
            return _back_to(user)
    return _account_page(user, clients, form)
