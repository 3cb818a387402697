"""A client's progress for their practitioner: check-in charts, the ratings, adherence."""
from datetime import date, timedelta

from flask import (
    after_this_request,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from practice.clients.loaders import get_client_or_404
from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.core import audit
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.exercises.links import client_page_url
from practice.progress import bp, services
from practice.progress.adherence import WINDOWS, adherence_for_client
from practice.progress.charts import build_charts
from practice.progress.forms import PractitionerCheckInForm
from practice.progress.models import MEASURES

#: Ranges offered on the progress page, in weeks.
RANGES = (4, 8, 12, 26)
#: The overview shows this many days of check-ins.
OVERVIEW_DAYS = 28


@bp.route("/client/<int:client_id>")
@practitioner_required
def client_progress(client_id: int):
    client = get_client_or_404(client_id)
    today = local_today()
    weeks = request.args.get("weeks", 8, type=int)
    weeks = weeks if weeks in RANGES else 8
    first_day = today - timedelta(days=7 * weeks - 1)
    # Commit the audit event first: a commit expires loaded rows, and the page reads many.
    audit.record("progress.view", client, client_id=client.id, detail={"weeks": weeks})
    db.session.commit()
    check_ins = services.check_ins_between(client.id, first_day, today)
    return render_template(
        "progress/client.html", client=client, today=today, weeks=weeks, ranges=RANGES,
        charts=build_charts(check_ins, first_day, today), check_ins=list(reversed(check_ins)),
        measures=MEASURES, adherence=adherence_for_client(client.id, today), windows=WINDOWS,
        client_url=client_page_url(client.id))


@bp.route("/client/<int:client_id>/check-in", methods=["GET", "POST"])
@practitioner_required
def record_check_in(client_id: int):
    """Record (or correct) a day's check-in for the client, e.g. at a session."""
    client = get_client_or_404(client_id)
    if client.is_archived:
        flash("This client's record is archived; restore it before recording a check-in.", "warning")
        return redirect(url_for(".client_progress", client_id=client.id))
    form = PractitionerCheckInForm()
    day = form.checked_on.data if request.method == "POST" else None
    day = day or request.args.get("day", type=_iso_day) or local_today()
    existing = services.check_in_on(client.id, day)
    if request.method == "GET":
        form = PractitionerCheckInForm(obj=existing)
        form.checked_on.data = day
    if form.validate_on_submit():
        day = form.checked_on.data
        check_in, created = services.save_check_in(
            client, current_user, day, form.ratings(), (form.note.data or "").strip() or None)
        audit.record("check_in.create" if created else "check_in.update", check_in,
                     client_id=client.id, detail={"checked_on": day})
        db.session.commit()
        flash(f"The check-in for {day:%d %b %Y} is saved.", "success")
        return redirect(url_for(".client_progress", client_id=client.id))
    return render_template("progress/check_in_form.html", client=client, form=form,
                           existing=existing, client_url=client_page_url(client.id))


def _iso_day(text: str) -> date:
    return date.fromisoformat(text)


@overview_section("progress", "Progress", "progress/_overview_section.html", order=45)
def progress_section(client):
    today = local_today()
    if has_request_context():
        after_this_request(_record_overview_view(client.id))
    first_day = today - timedelta(days=OVERVIEW_DAYS - 1)
    check_ins = services.check_ins_between(client.id, first_day, today)
    latest = check_ins[-1] if check_ins else services.latest_check_in(client.id)
    return {"latest": latest, "measures": MEASURES, "today": today,
            "charts": build_charts(check_ins, first_day, today) if check_ins else []}


def _record_overview_view(client_id: int):
    """Audit the practitioner seeing progress on the overview, once the page has rendered.

    Recorded after the response is built: committing while the overview is still rendering
    would expire what it has loaded (and cost a query per object to reload).
    """
    def record(response):
        if response.status_code == 200:
            client = db.session.get(Client, client_id)
            audit.record("progress.view", client, client_id=client_id, detail={"where": "overview"})
            db.session.commit()
        return response

    return record
