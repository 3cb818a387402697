"""Body map and scores over time: every signed intake charted, any two side by side."""
from flask import render_template, request

from practice.core.access import practitioner_required
from practice.progress import bp
from practice.progress.body_map import RegionState, change_marks, count_by_state, marked
from practice.progress.charts import intake_scores_chart
from practice.progress.intake_queries import get_intakes_over_time_or_404


def _record_id(name: str) -> int | None:
    """``?name=`` as a record number, or None for anything else (the page then chooses)."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value < 2**31 else None


@bp.route("/client/<int:client_id>/intakes")
@practitioner_required
def intakes_over_time(client_id: int):
    found = get_intakes_over_time_or_404(client_id, _record_id("earlier"), _record_id("later"))
    return render_template(
        "progress/intakes.html", client=found.client, found=found,
        chart=intake_scores_chart(found.intakes),
        earlier_marks=marked(found.earlier.painful_regions) if found.earlier else {},
        later_marks=change_marks(found.regions), counts=count_by_state(found.regions),
        states=RegionState)
