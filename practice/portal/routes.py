"""The client's own pages, phone first: today's exercises, check-in, history, program."""
from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.clients.loaders import get_own_client_record_or_404
from practice.core import audit
from practice.core.access import client_required
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.core.settings import practice_settings
from practice.exercises.services import current_program
from practice.portal import bp, services
from practice.portal.forms import DoneForm
from practice.portal.history import HISTORY_DAYS, days_of_history
from practice.progress import services as progress
from practice.progress.charts import build_charts
from practice.progress.forms import CheckInForm

#: Chart ranges the client can pick on the history page, in weeks.
CHART_WEEKS = (4, 8, 12, 26)


def _done_form(assignment_id: int, formdata=None) -> DoneForm:
    form = DoneForm(formdata=formdata, prefix=f"a{assignment_id}")
    if formdata is None:
        form.form_token.data = services.new_form_token()
    return form


@bp.route("/")
@client_required
def today():
    client = get_own_client_record_or_404()
    day = local_today()
    items = services.todays_items(client, day)
    forms = {item.assignment.id: _done_form(item.assignment.id) for item in items
             if not item.finished_today}
    return render_template("portal/today.html", client=client, today=day, items=items,
                           forms=forms, check_in=progress.check_in_on(client.id, day))


@bp.route("/done/<int:assignment_id>", methods=["POST"])
@client_required
def done(assignment_id: int):
    client = get_own_client_record_or_404()
    assignment = services.get_own_assignment_or_404(client, assignment_id)
    day = local_today()
    form = _done_form(assignment.id, request.form)
    if not assignment.applies_on(day):
        flash(f"“{assignment.exercise.name}” is not on your program today.", "info")
    elif not form.validate():
        flash("That did not save: the ratings go from 0 to 10 and the note is limited "
              "to 2,000 characters. Please try again.", "danger")
    else:
        result, log = services.record_done(
            client, assignment, day, form_token=form.form_token.data, effort=form.effort.data,
            pain_after=form.pain_after.data, note=(form.note.data or "").strip() or None)
        if result is services.DoneResult.RECORDED:
            audit.record("exercise_log.create", log, client_id=client.id,
                         detail={"assignment_id": assignment.id, "logged_on": day,
                                 "slot": log.slot})
            db.session.commit()
            flash(f"Well done: “{assignment.exercise.name}” is recorded.", "success")
        elif result is services.DoneResult.ALREADY_RECORDED:
            flash("That was already recorded.", "info")
        else:
            flash(f"“{assignment.exercise.name}” is already done for today.", "info")
    return redirect(url_for(".today", _anchor=f"assignment-{assignment.id}"))


@bp.route("/checkin", methods=["GET", "POST"])
@client_required
def checkin():
    client = get_own_client_record_or_404()
    day = local_today()
    existing = progress.check_in_on(client.id, day)
    form = CheckInForm(obj=existing if request.method == "GET" else None)
    if form.validate_on_submit():
        check_in, created = progress.save_check_in(
            client, current_user, day, form.ratings(), (form.note.data or "").strip() or None)
        audit.record("check_in.create" if created else "check_in.update", check_in,
                     client_id=client.id, detail={"checked_on": day})
        db.session.commit()
        flash("Thank you: today's check-in is saved." if created
              else "Today's check-in is updated.", "success")
        return redirect(url_for(".today"))
    return render_template("portal/checkin.html", client=client, form=form, today=day,
                           existing=existing)


@bp.route("/history")
@client_required
def history():
    client = get_own_client_record_or_404()
    day = local_today()
    weeks = request.args.get("weeks", 4, type=int)
    weeks = weeks if weeks in CHART_WEEKS else 4
    until = _parse_day(request.args.get("until"), default=day, latest=day)
    first_chart_day = day - timedelta(days=7 * weeks - 1)
    first_listed = until - timedelta(days=HISTORY_DAYS - 1)
    check_ins = progress.check_ins_between(client.id, min(first_chart_day, first_listed), day)
    days = days_of_history(client.id, first_listed, until, check_ins)
    return render_template(
        "portal/history.html", client=client, today=day, weeks=weeks, chart_weeks=CHART_WEEKS,
        charts=build_charts([c for c in check_ins if c.checked_on >= first_chart_day],
                            first_chart_day, day),
        days=days, until=until, earlier=first_listed - timedelta(days=1),
        later=min(day, until + timedelta(days=HISTORY_DAYS)) if until < day else None)


@bp.route("/program")
@client_required
def program():
    client = get_own_client_record_or_404()
    day = local_today()
    return render_template("portal/program.html", client=client, today=day,
                           assignments=current_program(client.id, day), practice=practice_settings())


def _parse_day(text: str | None, *, default: date, latest: date) -> date:
    try:
        day = date.fromisoformat(text) if text else default
    except ValueError:
        return default
    return min(day, latest)
