"""Record exports from the browser: choose a format and the whole practice or one client."""
from flask import Response, render_template, stream_with_context
from flask_login import current_user

from practice.admin import bp
from practice.admin.choices import client_choices
from practice.admin.forms import ExportForm
from practice.core.access import admin_required
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.exports.service import ExportError, start_export


def _recent_exports() -> list[AuditEvent]:
    return list(db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "export.create")
        .order_by(AuditEvent.id.desc()).limit(10)))


@bp.route("/exports", methods=["GET", "POST"])
@admin_required
def exports():
    form = ExportForm()
    form.client_id.choices = client_choices("Choose a client…")
    if form.validate_on_submit():
        client_id = form.client_id.data if form.scope.data == "client" else None
        try:
            export = start_export(form.format.data, client_id, actor=current_user)
        except ExportError as exc:
            form.client_id.errors.append(str(exc))
        else:
            return Response(stream_with_context(export.chunks), mimetype=export.mimetype,
                            headers={"Content-Disposition":
                                     f'attachment; filename="{export.filename}"'})
    return render_template("admin/exports.html", form=form, recent=_recent_exports())
