"""A client's precautions checklist: read it with its history, and update it."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.auth.routes import safe_next_url
from practice.core.access import practitioner_required
from practice.core.archive import ensure_not_archived
from practice.core.clock import local_today
from practice.core.conflicts import differences
from practice.core.errors import Conflict, DomainError
from practice.precautions import bp, operations, queries
from practice.precautions.forms import ChecklistForm
from practice.precautions.kinds import KINDS
from practice.precautions.wording import summary


@bp.route("/clients/<int:client_id>")
@practitioner_required
def checklist(client_id: int):
    client = queries.get_client_for_checklist_or_404(client_id)
    today = local_today()
    items = queries.active_precautions(client.id)
    return render_template("precautions/checklist.html", client=client, items=items, today=today,
                           summary=summary, history=queries.precaution_history(client.id),
                           checklist_record=queries.checklist_of(client.id),
                           open_work=queries.open_work(client, items, today))


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit(client_id: int):
    client = queries.get_client_for_checklist_or_404(client_id, page="edit")
    next_url = safe_next_url(request.args.get("next"))
    if request.method == "GET":
        ensure_not_archived(client)
        form = ChecklistForm(data={**ChecklistForm.data_of(queries.active_precautions(client.id)),
                                   "version": queries.checklist_version(client.id)})
    else:
        form = ChecklistForm()
    if form.validate_on_submit():
        today = local_today()
        try:
            change = operations.save_checklist(client, form.entries(),
                                               form.submitted_version, current_user, today)
        except Conflict:
            return _conflict_page(form, client, next_url)
        except DomainError as refused:  # archived meanwhile: keep what was typed
            flash(refused.message, "warning")
            return _form_page(form, client, next_url), refused.status
        items = queries.active_precautions(client.id)
        conflicting = queries.open_work(client, items, today) if change else []
        if conflicting:
            flash("The checklist is saved. Some of the work under way now conflicts with it: "
                  "decide about each below.", "warning")
            return redirect(url_for(".checklist", client_id=client.id, _anchor="open-conflicts"))
        flash("The precautions checklist is saved." if change else "Nothing was changed.",
              "success" if change else "info")
        return redirect(next_url or url_for("clients.overview", client_id=client.id))
    return _form_page(form, client, next_url)


def _form_page(form: ChecklistForm, client, next_url, **context):
    return render_template("precautions/form.html", form=form, client=client, kinds=KINDS,
                           next_url=next_url, **context)


def _conflict_page(form: ChecklistForm, client, next_url):
    """Someone saved the checklist meanwhile: both versions, the form now at the stored
    version (saving it again keeps what was typed)."""
    stored = ChecklistForm(formdata=None,
                           data=ChecklistForm.data_of(queries.active_precautions(client.id)))
    form.version.data = queries.checklist_version(client.id)
    return _form_page(form, client, next_url, conflict=differences(form, stored)), 409
