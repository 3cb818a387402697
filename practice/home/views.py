from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user

from practice.auth.models import Role

bp = Blueprint("home", __name__)

ROLE_HOMES = {Role.ADMIN: "admin.accounts", Role.CLIENT: "portal.today"}


@bp.route("/")
def index():
    endpoint = ROLE_HOMES.get(current_user.role)
    if endpoint and endpoint in current_app.view_functions:
        return redirect(url_for(endpoint))
    return render_template(f"home/{current_user.role.value}.html")
