"""Client records: the list, the overview page, create, edit, archive and restore."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.clients import bp
from practice.clients.banner import badges_for
from practice.clients.forms import ClientForm, NewClientForm
from practice.clients.models import Client, PortalStatus
from practice.clients.operations import add_client_once, archive_client, restore_client, update_client
from practice.clients.overview import render_sections
from practice.clients.queries import (
    LIST_SORTS,
    LIST_STATUSES,
    client_list_statement,
    get_client_for_edit_or_404,
    get_client_for_view_or_404,
    get_client_or_404,
    has_clients,
)
from practice.core.access import practitioner_required
from practice.core.conflicts import differences
from practice.core.errors import Conflict, DomainError
from practice.core.forms import EmptyForm
from practice.core.locking import version_of
from practice.core.pagination import paginate
from practice.core.search import clean_search


def to_overview(client: Client):
    return redirect(url_for("clients.overview", client_id=client.id))


def _choice(name: str, allowed, default: str) -> str:
    value = request.args.get(name, default)
    return value if value in allowed else default


@bp.route("/")
@practitioner_required
def index():
    search = clean_search(request.args.get("q", ""))
    status = _choice("status", LIST_STATUSES, "active")
    sort = _choice("sort", LIST_SORTS, "name")
    statement = client_list_statement(current_user.id, search=search, status=status, sort=sort)
    page = paginate(statement, per_page=current_app.config["PAGE_SIZE"])
    has_any = bool(page.total) or has_clients(current_user.id)
    return render_template("clients/index.html", page=page, search=search, status=status,
                           sort=sort, has_any=has_any, statuses=LIST_STATUSES, sorts=LIST_SORTS,
                           PortalStatus=PortalStatus, badges=badges_for(page.items))


@bp.route("/new", methods=["GET", "POST"])
@practitioner_required
def new():
    form = NewClientForm()
    if form.validate_on_submit():
        try:
            client, created = add_client_once(current_user, form.values(), form.form_key.data,
                                              form.submitted_version)
        except Conflict as conflict:
            return _conflict_page(form, conflict.current)
        except DomainError as refused:  # the client it added was archived meanwhile
            flash(refused.message, "warning")
            return render_template("clients/form.html", form=form, client=None), refused.status
        flash(f"{client.full_name} has been added." if created else
              f"This form was already saved, so {client.full_name} was not added twice.",
              "success" if created else "info")
        return to_overview(client)
    return render_template("clients/form.html", form=form, client=None)


@bp.route("/<int:client_id>")
@practitioner_required
def overview(client_id: int):
    client = get_client_for_view_or_404(client_id)
    return render_template("clients/overview.html", client=client,
                           sections=render_sections(client))


@bp.route("/<int:client_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit(client_id: int):
    client = get_client_for_edit_or_404(client_id)
    # A post is read on its own: a field it leaves out never falls back to the stored value
    # (above all the version, which would otherwise always match).
    form = ClientForm(obj=None if request.method == "POST" else client)
    if form.validate_on_submit():
        try:
            changed = update_client(client, form.values(), form.submitted_version)
        except Conflict as conflict:
            return _conflict_page(form, conflict.current)
        except DomainError as refused:  # archived meanwhile: keep what was typed on the page
            flash(refused.message, "warning")
            return render_template("clients/form.html", form=form, client=client), refused.status
        flash("Changes saved." if changed else "Nothing was changed.",
              "success" if changed else "info")
        return to_overview(client)
    return render_template("clients/form.html", form=form, client=client)


def _conflict_page(form: ClientForm, stored: Client):
    """The form as typed beside what is stored now, field by field (409); it now carries the
    stored version, so saving it again is a deliberate overwrite."""
    compare = ClientForm(formdata=None, obj=stored)
    form.version.data = version_of(stored)
    return render_template("clients/form.html", form=form, client=stored,
                           conflict=differences(form, compare)), 409


def _state_change(client_id: int, change, message: str):
    client = get_client_or_404(client_id)
    if EmptyForm().validate_on_submit():
        change(client)
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
