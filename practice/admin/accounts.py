"""Accounts: list and search, invite, deactivate and reactivate, reset links, client handover."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, func, or_
from wtforms import SelectChoice

from practice.admin import account_services as services
from practice.admin import bp
from practice.admin.forms import ROLE_FILTER_CHOICES, ReassignClientsForm
from practice.auth import two_factor
from practice.auth.forms import InviteForm
from practice.auth.models import Role, User
from practice.auth.services import AccountError, invite_user, issue_link
from practice.auth.tokens import TokenPurpose
from practice.core.access import admin_required
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.forms import EmptyForm

STATUS_FILTERS = {
    "active": (User.is_enabled.is_(True), User.password_hash.is_not(None)),
    "invited": (User.is_enabled.is_(True), User.password_hash.is_(None)),
    "deactivated": (User.is_enabled.is_(False),),
}


def get_user_or_404(user_id: int) -> User:
    """Any account (admins manage them all), or 404."""
    return db.get_or_404(User, user_id)


@bp.route("/accounts")
@admin_required
def accounts():
    role = request.args.get("role", "")
    status = request.args.get("status", "")
    search = request.args.get("q", "").strip()
    role_order = case((User.role == Role.ADMIN, 0), (User.role == Role.PRACTITIONER, 1), else_=2)
    query = db.select(User).order_by(role_order, func.lower(User.display_name), User.id)
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    if status in STATUS_FILTERS:
        query = query.where(*STATUS_FILTERS[status])
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(or_(func.lower(User.email).like(pattern),
                                func.lower(User.display_name).like(pattern)))
    page = db.paginate(query, per_page=50, error_out=False)
    counts = services.client_counts(user.id for user in page.items if user.is_practitioner)
    return render_template("admin/accounts.html", page=page, role=role, status=status,
                           search=search, role_choices=ROLE_FILTER_CHOICES, client_counts=counts)


@bp.route("/accounts/invite", methods=["GET", "POST"])
@admin_required
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user, link, emailed = invite_user(form.email.data, form.display_name.data,
                                              Role(form.role.data))
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"Invitation created for {user.email}.", "success")
            return render_template("admin/invitation_sent.html", user=user, link=link,
                                   emailed=emailed)
    return render_template("admin/invite.html", form=form)


def _reassign_form(user: User, clients) -> ReassignClientsForm:
    form = ReassignClientsForm()
    form.to_practitioner_id.choices = [SelectChoice(0, "Choose a practitioner…")] + [
        SelectChoice(target.id, target.display_name)
        for target in services.reassignment_targets(user)]
    form.client_ids.choices = [SelectChoice(client.id, client.full_name) for client in clients]
    return form


def _account_page(user: User, clients, form: ReassignClientsForm):
    recent = db.session.scalars(
        db.select(AuditEvent).where(or_(AuditEvent.actor_id == user.id,
                                        (AuditEvent.target_type == "User")
                                        & (AuditEvent.target_id == user.id)))
        .order_by(AuditEvent.id.desc()).limit(10)).all()
    return render_template("admin/account.html", user=user, clients=clients, recent=recent,
                           reassign_form=form, empty_form=EmptyForm())


@bp.route("/accounts/<int:user_id>")
@admin_required
def account(user_id: int):
    user = get_user_or_404(user_id)
    clients = services.clients_of(user) if user.is_practitioner else []
    return _account_page(user, clients, _reassign_form(user, clients))


def _back_to(user: User):
    return redirect(url_for("admin.account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def deactivate(user_id: int):
    user = get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        try:
            services.deactivate_account(user, current_user)
        except AccountError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(f"{user.display_name} is deactivated and signed out everywhere. "
                  "Their records stay.", "success")
    return _back_to(user)


@bp.route("/accounts/<int:user_id>/reactivate", methods=["POST"])
@admin_required
def reactivate(user_id: int):
    user = get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        try:
            services.reactivate_account(user)
        except AccountError as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash(f"{user.display_name} can sign in again.", "success")
    return _back_to(user)


@bp.route("/accounts/<int:user_id>/two-factor/reset", methods=["POST"])
@admin_required
def reset_two_factor(user_id: int):
    user = get_user_or_404(user_id)
    if EmptyForm().validate_on_submit() and user.has_two_factor:
        two_factor.reset(user, by="admin")
        db.session.commit()
        flash(f"Two-factor sign-in is off for {user.display_name}. They sign in with their "
              "password and can turn it on again.", "success")
    return _back_to(user)


@bp.route("/accounts/<int:user_id>/reset-link", methods=["POST"])
@admin_required
def reset_link(user_id: int):
    """A password reset link, or a fresh invitation for someone who never chose a password."""
    user = get_user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not user.is_enabled:
        flash("Reactivate the account first: links for a deactivated account do not work.",
              "warning")
        return _back_to(user)
    purpose = TokenPurpose.INVITATION if user.password_hash is None else TokenPurpose.PASSWORD_RESET
    link, emailed = issue_link(user, purpose)
    db.session.commit()
    return render_template("admin/link_sent.html", user=user, link=link, emailed=emailed,
                           is_invitation=purpose is TokenPurpose.INVITATION)


@bp.route("/accounts/<int:user_id>/reassign", methods=["POST"])
@admin_required
def reassign(user_id: int):
    user = get_user_or_404(user_id)
    if not user.is_practitioner:
        abort(404)
    clients = services.clients_of(user)
    form = _reassign_form(user, clients)
    if form.validate_on_submit():
        target = db.session.get(User, form.to_practitioner_id.data)
        chosen = form.client_ids.data if form.which.data == "selected" else None
        try:
            if target is None:
                raise AccountError("Choose another active practitioner.")
            moved = services.reassign_clients(user, target, chosen)
        except AccountError as exc:
            db.session.rollback()
            form.to_practitioner_id.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"{len(moved)} client{'s' if len(moved) != 1 else ''} handed over to "
                  f"{target.display_name}.", "success")
            return _back_to(user)
    return _account_page(user, clients, form)
