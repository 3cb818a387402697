"""Client records: the list, the overview page, create, edit, archive and restore."""
from flask import current_app, flash, render_template, request
from flask_login import current_user

from practice.clients import bp
from practice.clients.blueprint import refuse_if_archived, to_overview
from practice.core.conflicts import differences
from practice.clients.forms import ClientForm
from practice.clients.intakes import client_intakes
from practice.clients.loaders import get_client_or_404
from practice.clients.overview import render_sections
from practice.clients.portal_access import PortalStatus, portal_status
from practice.clients.services import (
    LIST_SORTS,
    LIST_STATUSES,
    RecordStateError,
    archive_client,
    client_list_statement,
    create_client,
    has_clients,
    record_view,
    restore_client,
    update_client,
)
from practice.clients.summary import intake_progress
from practice.core.access import practitioner_required
from practice.core.extensions import db
from practice.core.forms import EmptyForm
from practice.core.signed_records import EditConflict


def _choice(name: str, allowed, default: str) -> str:
    value = request.args.get(name, default)
    return value if value in allowed else default


@bp.route("/")
@practitioner_required
def index():
    search = request.args.get("q", "").strip()[:100]
    status = _choice("status", LIST_STATUSES, "active")
    sort = _choice("sort", LIST_SORTS, "name")
    statement = client_list_statement(current_user.id, search=search, status=status, sort=sort)
    page = db.paginate(statement, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    has_any = bool(page.total) or has_clients(current_user.id)
    return render_template("clients/index.html", page=page, search=search, status=status,
                           sort=sort, has_any=has_any, statuses=LIST_STATUSES, sorts=LIST_SORTS,
                           portal_status=portal_status, PortalStatus=PortalStatus)


@bp.route("/new", methods=["GET", "POST"])
@practitioner_required
def new():
    form = ClientForm()
    if form.validate_on_submit():
        client = create_client(current_user.id, form.values())
        db.session.commit()
        flash(f"{client.full_name} has been added.", "success")
        return to_overview(client)
    return render_template("clients/form.html", form=form, client=None)


@bp.route("/<int:client_id>")
@practitioner_required
def overview(client_id: int):
    client = get_client_or_404(client_id)
    record_view(client)
    db.session.commit()
    intakes = client_intakes(client)
    return render_template("clients/overview.html", client=client, intakes=intakes,
                           latest=intakes[-1] if intakes else None,
                           progress=intake_progress(intakes), portal=portal_status(client),
                           PortalStatus=PortalStatus, sections=render_sections(client))


@bp.route("/<int:client_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit(client_id: int):
    client = get_client_or_404(client_id)
    if refused := refuse_if_archived(client):
        return refused
    # A post is read on its own: a field it leaves out never falls back to the stored value
    # (above all the version, which would otherwise always match).
    form = ClientForm(obj=None if request.method == "POST" else client)
    if form.validate_on_submit():
        try:
            changed = update_client(client, form.values(), form.submitted_version)
        except EditConflict as conflict:
            stored = ClientForm(formdata=None, obj=conflict.current)
            form.version.data = conflict.current.version
            return render_template("clients/form.html", form=form, client=client,
                                   conflict=differences(form, stored)), 409
        db.session.commit()
        flash("Changes saved." if changed else "Nothing was changed.",
              "success" if changed else "info")
        return to_overview(client)
    return render_template("clients/form.html", form=form, client=client)


def _state_change(client_id: int, change, message: str):
    client = get_client_or_404(client_id)
    if EmptyForm().validate_on_submit():
        try:
            change(client)
        except RecordStateError as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash(message.format(name=client.full_name), "success")
    return to_overview(client)


@bp.route("/<int:client_id>/archive", methods=["POST"])
@practitioner_required
def archive(client_id: int):
    return _state_change(client_id, archive_client,
                         "{name}'s record is archived: kept, read only, and hidden from the list.")


@bp.route("/<int:client_id>/restore", methods=["POST"])
@practitioner_required
def restore(client_id: int):
    return _state_change(client_id, restore_client, "{name}'s record is active again.")
