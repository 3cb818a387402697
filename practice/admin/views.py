from flask import Blueprint, flash, render_template, request
from sqlalchemy import func, or_

from practice.auth.access import admin_required
from practice.auth.forms import InviteForm
from practice.auth.models import Role, User
from practice.auth.services import AccountError, invite_user
from practice.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/accounts")
@admin_required
def accounts():
    role = request.args.get("role", "")
    search = request.args.get("q", "").strip()
    query = db.select(User).order_by(User.role, func.lower(User.display_name))
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(or_(func.lower(User.email).like(pattern),
                                func.lower(User.display_name).like(pattern)))
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("admin/accounts.html", page=page, role=role, search=search,
                           roles=list(Role))


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
