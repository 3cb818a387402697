"""A client's progress for their practitioner: check-in charts, the ratings, adherence."""
from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.data_stamps import practice_stamp
from practice.core.kept_renderings import kept_html
from practice.core.once import ALREADY_SAVED
from practice.exercises.adherence import WINDOWS, adherence_for_client
from practice.progress import bp, operations, queries
from practice.progress.chart_cache import chart_grid_html
from practice.progress.forms import PractitionerCheckInForm, nearest_check_in_day, parse_day
from practice.progress.models import MEASURES, CheckInSource, one_per_day

#: Ranges offered on the progress page, in weeks.
RANGES = (4, 8, 12, 26)


def _client_url(client_id: int) -> str:
    return url_for("clients.overview", client_id=client_id)


@bp.route("/client/<int:client_id>")
@practitioner_required
def client_progress(client_id: int):
    weeks = request.args.get("weeks", 8, type=int)
    weeks = weeks if weeks in RANGES else 8
    client = queries.get_progress_client_or_404(client_id, weeks)
    today = local_today()
    # Only stored data as of the day: kept while the client's and the practice's data are
    # unchanged (read before anything is loaded; practice/core/kept_renderings.py).
    key = ("progress", client.id, client.data_stamp, practice_stamp(), today, weeks,
           current_user.id)
    body = kept_html(key, lambda: _draw_page(client, today, weeks))
    return render_template("progress/client.html", client=client, body=body)


def _draw_page(client, today, weeks: int) -> str:
    first_day = today - timedelta(days=7 * weeks - 1)
    check_ins = queries.check_ins_between(client.id, first_day, today)
    return render_template(
        "progress/_page.html", client=client, today=today, weeks=weeks, ranges=RANGES,
        charts=chart_grid_html(one_per_day(check_ins), first_day, today, "practitioner"),
        check_ins=queries.newest_first(check_ins), measures=MEASURES,
        adherence=adherence_for_client(client.id, today), windows=WINDOWS,
        course=queries.client_course(client.id),
        client_url=_client_url(client.id))


@bp.route("/client/<int:client_id>/check-in", methods=["GET", "POST"])
@practitioner_required
def record_check_in(client_id: int):
    """Record (or correct) the practitioner's check-in for a day, e.g. at a session; the
    client's own check-in for that day is shown beside it and never replaced."""
    client = queries.get_check_in_client_or_404(client_id)
    form = PractitionerCheckInForm()
    day = nearest_check_in_day(form.checked_on.data if request.method == "POST"
                               else parse_day(request.args.get("day")))
    existing = queries.check_in_on(client.id, day, CheckInSource.PRACTITIONER)
    if request.method == "GET":
        form = PractitionerCheckInForm(obj=existing)
        form.checked_on.data = day
    if form.validate_on_submit():
        day = form.checked_on.data
        _check_in, created = operations.save_check_in_once(
            client, current_user, day, form.ratings(), form.clean_note(),
            source=CheckInSource.PRACTITIONER, form_key=form.form_key.data)
        flash(ALREADY_SAVED if created is None else f"Your check-in for {day:%d %b %Y} is saved.",
              "info" if created is None else "success")
        return redirect(url_for(".client_progress", client_id=client.id))
    return render_template("progress/check_in_form.html", client=client, form=form, day=day,
                           existing=existing,
                           clients_own=queries.check_in_on(client.id, day, CheckInSource.CLIENT),
                           measures=MEASURES, client_url=_client_url(client.id))
