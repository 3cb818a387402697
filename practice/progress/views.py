"""A client's progress for their practitioner: check-in charts, the ratings, adherence."""
from datetime import timedelta

from flask import Blueprint, after_this_request, has_request_context, render_template, request

from practice import audit
from practice.auth.access import practitioner_required
from practice.clients.loaders import get_client_or_404
from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.exercises.links import client_page_url
from practice.extensions import db
from practice.formatting import local_today
from practice.progress import services
from practice.progress.adherence import WINDOWS, adherence_for_client
from practice.progress.charts import build_charts
from practice.progress.models import MEASURES

bp = Blueprint("progress", __name__, url_prefix="/progress")

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
    check_ins = services.check_ins_between(client.id, first_day, today)
    audit.record("progress.view", client, client_id=client.id, detail={"weeks": weeks})
    db.session.commit()
    return render_template(
        "progress/client.html", client=client, today=today, weeks=weeks, ranges=RANGES,
        charts=build_charts(check_ins, first_day, today), check_ins=list(reversed(check_ins)),
        measures=MEASURES, adherence=adherence_for_client(client.id, today), windows=WINDOWS,
        client_url=client_page_url(client.id))


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
