"""Settings -> Opening hours and holidays: when the practice books sessions."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from practice.appointments import bp, hours_operations
from practice.appointments.forms import HolidayForm, OpeningHoursForm
from practice.appointments.hours import PracticeHoliday, opening_hours
from practice.core.access import admin_required, one_or_404
from practice.core.clock import local_today
from practice.core.extensions import db


def _page(hours_form: OpeningHoursForm, holiday_form: HolidayForm, status: int = 200):
    holidays = db.session.scalars(select(PracticeHoliday).where(
        PracticeHoliday.day >= local_today()).order_by(PracticeHoliday.day)).all()
    return render_template("appointments/hours.html", hours_form=hours_form,
                           holiday_form=holiday_form, holidays=holidays), status


@bp.route("/hours", methods=["GET", "POST"])
@admin_required
def hours():
    stored = opening_hours()
    form = OpeningHoursForm(data={"weekdays": stored.weekday_numbers, "opens_at": stored.opens_at,
                                  "closes_at": stored.closes_at}) \
        if request.method == "GET" else OpeningHoursForm()
    if form.validate_on_submit():
        hours_operations.save_opening_hours(current_user, form.weekdays.data, form.opens_at.data,
                                            form.closes_at.data)
        flash("Opening hours saved: bookings outside them are refused.", "success")
        return redirect(url_for("appointments.hours"))
    return _page(form, HolidayForm(formdata=None), 422 if form.errors else 200)


@bp.route("/hours/holidays", methods=["POST"])
@admin_required
def add_holiday():
    form = HolidayForm()
    if not form.validate_on_submit():
        stored = opening_hours()
        return _page(OpeningHoursForm(formdata=None, data={
            "weekdays": stored.weekday_numbers, "opens_at": stored.opens_at,
            "closes_at": stored.closes_at}), form, 422)
    hours_operations.add_holiday(form.day.data, form.name.data)
    flash(f"{form.name.data} added: no bookings that day.", "success")
    return redirect(url_for("appointments.hours"))


@bp.route("/hours/holidays/<int:holiday_id>/remove", methods=["POST"])
@admin_required
def remove_holiday(holiday_id: int):
    holiday = one_or_404(select(PracticeHoliday).where(PracticeHoliday.id == holiday_id))
    hours_operations.remove_holiday(holiday)
    flash("Holiday removed.", "success")
    return redirect(url_for("appointments.hours"))
