"""The audit log viewer: filters, pages, and a streamed CSV of what the filters select."""
import csv
import io
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from flask import Response, abort, render_template, request, stream_with_context
from werkzeug.datastructures import MultiDict

from practice.admin import bp
from practice.admin.choices import action_choices, client_choices, staff_choices
from practice.admin.forms import AuditFilterForm
from practice.clients.models import Client
from practice.core import audit
from practice.core.access import admin_required
from practice.core.audit import AuditEvent
from practice.core.audit_labels import describe_action
from practice.core.clock import practice_timezone
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.forms import EmptyForm
from practice.exports.csv_zip import csv_cell

PER_PAGE = 50
CSV_BATCH = 1000
FILTER_NAMES = ("actor_id", "action", "client_id", "date_from", "date_to")


def _filter_form(formdata: MultiDict) -> AuditFilterForm:
    form = AuditFilterForm(formdata=formdata)
    actor_id = formdata.get("actor_id", type=int)
    form.actor_id.choices = staff_choices("Anyone", include_id=actor_id)
    form.action.choices = action_choices("Any action")
    form.client_id.choices = client_choices("Any client")
    return form


def _start_of_local_day(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=practice_timezone())


def _conditions(form: AuditFilterForm) -> list:
    """SQL conditions for the valid filters; the dates are whole days in the practice's zone."""
    conditions = []
    if form.actor_id.data:
        conditions.append(AuditEvent.actor_id == form.actor_id.data)
    if form.action.data:
        conditions.append(AuditEvent.action == form.action.data)
    if form.client_id.data:
        conditions.append(AuditEvent.client_id == form.client_id.data)
    if form.date_from.data:
        conditions.append(AuditEvent.occurred_at >= _start_of_local_day(form.date_from.data))
    if form.date_to.data:
        conditions.append(AuditEvent.occurred_at
                          < _start_of_local_day(form.date_to.data + timedelta(days=1)))
    return conditions


def _client_names(events) -> dict[int, str]:
    ids = {event.client_id for event in events if event.client_id}
    if not ids:
        return {}
    rows = db.session.execute(db.select(Client.id, Client.given_name, Client.family_name)
                              .where(Client.id.in_(ids)))
    return {row.id: f"{row.given_name} {row.family_name}" for row in rows}


@bp.route("/audit")
@admin_required
def audit_log():
    form = _filter_form(request.args)
    valid = form.validate()
    conditions = _conditions(form) if valid else []
    query = db.select(AuditEvent).where(*conditions).order_by(AuditEvent.id.desc())
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    filters = {name: request.args[name] for name in FILTER_NAMES if request.args.get(name)}
    return render_template("admin/audit_log.html", form=form, page=page, filters=filters,
                           client_names=_client_names(page.items), valid=valid)


CSV_COLUMNS = ("id", "occurred_at", "actor_id", "actor_email", "action", "action_in_words",
               "target_type", "target_id", "client_id", "ip", "detail", "prev_hash", "hash")


def _csv_rows(conditions: list) -> Iterator[bytes]:
    """The selected events, newest first, read in keyset pages (memory stays flat)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode()
    last_id = None
    while True:
        statement = db.select(AuditEvent).where(*conditions)
        if last_id is not None:
            statement = statement.where(AuditEvent.id < last_id)
        events = db.session.scalars(statement.order_by(AuditEvent.id.desc()).limit(CSV_BATCH)).all()
        buffer.seek(0)
        buffer.truncate()
        for event in events:
            writer.writerow(csv_cell(value) for value in (
                event.id, event.occurred_at.isoformat(), event.actor_id, event.actor_email,
                event.action, describe_action(event.action), event.target_type, event.target_id,
                event.client_id, event.ip, event.detail, event.prev_hash, event.hash))
        yield buffer.getvalue().encode()
        if len(events) < CSV_BATCH:
            return
        last_id = events[-1].id


@bp.route("/audit/export", methods=["POST"])
@admin_required
def export_audit_log():
    if not EmptyForm().validate_on_submit():
        abort(400)
    form = _filter_form(request.form)
    if not form.validate():
        abort(400)
    filters = {name: request.form[name] for name in FILTER_NAMES if request.form.get(name)}
    audit.record("audit.export", detail={"format": "csv", "filters": filters})
    db.session.commit()
    conditions = _conditions(form)
    filename = f"qi-practice-audit-log-{now_utc().strftime('%Y%m%d-%H%M%S')}.csv"
    return Response(stream_with_context(_csv_rows(conditions)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
