"""A client's consent page: where they stand, the history, and recording consent."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.consent import bp, operations, queries
from practice.consent.forms import ConsentForm
from practice.consent.models import ConsentRecord
from practice.consent.wording import PRACTITIONER_KINDS, ConsentKind, current_wording
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.once import ALREADY_SAVED, create_once


@bp.route("/clients/<int:client_id>", methods=["GET", "POST"])
@practitioner_required
def client_consent(client_id: int):
    client = queries.get_client_for_consent_or_404(client_id)
    form = ConsentForm()
    if request.method == "GET":
        form.given_on.data = local_today()
    elif form.validate_on_submit():
        record, created = create_once(
            form.form_key.data, current_user, ConsentRecord,
            lambda: operations.record_consent(client, current_user, **form.values())[0])
        flash("Consent recorded." if created else ALREADY_SAVED,
              "success" if created else "info")
        return redirect(url_for("clients.overview", client_id=client.id,
                                _anchor="section-consent"))
    return render_template(
        "consent/client.html", client=client, form=form,
        wordings=[current_wording(kind) for kind in PRACTITIONER_KINDS],
        current=queries.latest_consents(client.id), history=queries.consent_history(client),
        kinds=list(ConsentKind),
    ), 422 if form.errors else 200
