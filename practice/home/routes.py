"""The landing page after sign-in: the practitioner's Today page; other roles go to theirs."""
from flask import redirect, render_template, url_for
from flask_login import current_user

from practice.appointments.queries import appointments_of_day, badges_of, next_of, open_requests
from practice.attention.queries import needs_attention
from practice.core.clock import local_today, now_utc
from practice.core.roles import Role
from practice.home import bp
from practice.treatments.queries import practitioner_day

ROLE_HOMES = {Role.ADMIN: "admin.accounts", Role.CLIENT: "portal.today"}


@bp.route("/")
def index():
    endpoint = ROLE_HOMES.get(current_user.role)
    if endpoint:
        return redirect(url_for(endpoint))
    if current_user.role is Role.PRACTITIONER:
        today_appointments = appointments_of_day(current_user, local_today())
        return render_template("home/practitioner.html",
                               today_appointments=today_appointments,
                               next_appointment=next_of(today_appointments, now_utc()),
                               appointment_badges=badges_of(today_appointments),
                               attention=needs_attention(current_user, now_utc()),
                               appointment_requests=open_requests(current_user),
                               **practitioner_day(current_user, local_today()))
    return render_template(f"home/{current_user.role.value}.html")
