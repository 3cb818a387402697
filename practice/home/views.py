from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user

from practice.auth.models import Role
from practice.formatting import local_today
from practice.treatments.dashboard import practitioner_day

bp = Blueprint("home", __name__)

ROLE_HOMES = {Role.ADMIN: "admin.accounts", Role.CLIENT: "portal.today"}


@bp.route("/")
def index():
    endpoint = ROLE_HOMES.get(current_user.role)
    if endpoint and endpoint in current_app.view_functions:
        return redirect(url_for(endpoint))
    if current_user.role is Role.PRACTITIONER:
        return render_template("home/practitioner.html",
                               **practitioner_day(current_user, local_today()))
    return render_template(f"home/{current_user.role.value}.html")
