"""Outcomes by protocol: the page (the period and grouping from the query string) and its CSV."""
from flask import Response, abort, render_template, request, stream_with_context
from flask_login import current_user

from practice.auth.models import Role
from practice.core.access import role_required
from practice.outcomes import bp, operations, queries
from practice.outcomes.chart import pain_change_chart
from practice.outcomes.download import CAVEAT, csv_chunks
from practice.outcomes.figures import MEASURES
from practice.outcomes.forms import OutcomesForm

staff_required = role_required(Role.PRACTITIONER, Role.ADMIN)


@bp.route("/")
@staff_required
def index():
    form = OutcomesForm(request.args, csrf=False)
    report = None
    if form.validate():
        period = form.period()
        report = queries.outcomes_report(current_user, period, form.grouping())
        form.date_from.data, form.date_to.data = period.first, period.last  # shown as chosen
    return render_template("outcomes/index.html", form=form, report=report,
                           chart=pain_change_chart(report.rows) if report else None,
                           measures=MEASURES, caveat=CAVEAT)


@bp.route("/export", methods=["POST"])
@staff_required
def export():
    form = OutcomesForm(request.form)
    if not form.validate():
        abort(400)
    report = queries.outcomes_report(current_user, form.period(), form.grouping())
    operations.record_outcomes_export(report)
    filename = (f"qi-practice-outcomes-{report.period.first.isoformat()}-to-"
                f"{report.period.last.isoformat()}.csv")
    return Response(stream_with_context(csv_chunks(report)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
