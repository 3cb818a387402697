"""The audit log viewer: filters, pages, and a streamed CSV of what the filters select."""
from flask import Response, abort, render_template, request, stream_with_context

from practice.admin import audit_log_queries as queries
from practice.admin import bp, operations
from practice.core.access import admin_required
from practice.core.database import now_utc
from practice.core.forms import EmptyForm


@bp.route("/audit")
@admin_required
def audit_log():
    form = queries.filter_form(request.args)
    valid = form.validate()
    page = queries.events_page(queries.conditions(form) if valid else [])
    return render_template("admin/audit_log.html", form=form, page=page,
                           filters=queries.chosen_filters(request.args),
                           client_names=queries.client_names(page.items), valid=valid)


@bp.route("/audit/export", methods=["POST"])
@admin_required
def export_audit_log():
    if not EmptyForm().validate_on_submit():
        abort(400)
    form = queries.filter_form(request.form)
    if not form.validate():
        abort(400)
    operations.record_audit_export(queries.chosen_filters(request.form))
    where = queries.conditions(form)
    filename = f"qi-practice-audit-log-{now_utc().strftime('%Y%m%d-%H%M%S')}.csv"
    return Response(stream_with_context(queries.csv_rows(where)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
