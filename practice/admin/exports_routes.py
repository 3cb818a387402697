"""Record exports from the browser: choose a format and the whole practice or one client."""
from flask import Response, render_template, stream_with_context
from flask_login import current_user

from practice.admin import bp, queries
from practice.admin.forms import ExportForm
from practice.core.access import admin_required
from practice.core.errors import DomainError
from practice.exports.operations import start_export


@bp.route("/exports", methods=["GET", "POST"])
@admin_required
def exports():
    form = ExportForm()
    form.client_id.choices = queries.client_choices("Choose a client…")
    if form.validate_on_submit():
        client_id = form.client_id.data if form.scope.data == "client" else None
        try:
            export = start_export(form.format.data, client_id, actor=current_user)
        except DomainError as error:
            form.client_id.errors.append(error.message)
        else:
            # Streamed after the request's commit, in the request's context; the export is
            # recorded at its end, as complete or as failed.
            return Response(stream_with_context(export.chunks), mimetype=export.mimetype,
                            headers={"Content-Disposition":
                                     f'attachment; filename="{export.filename}"'})
    return render_template("admin/exports.html", form=form, recent=queries.recent_exports())
