"""Refer: record a referral from a session, an intake, a check-in or the record; list them."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.once import ALREADY_SAVED, create_once
from practice.core.pagination import paginate
from practice.referrals import bp, operations, queries
from practice.referrals.forms import SUGGESTED_RECIPIENTS, ReferralForm
from practice.referrals.models import Referral


@bp.route("/clients/<int:client_id>/new", methods=["GET", "POST"])
@practitioner_required
def new_referral(client_id: int):
    """The form keeps its source in the query string (``?session_id=...``), so the post goes
    back to the same address."""
    client = queries.get_client_for_referral_or_404(client_id)
    source = queries.get_referral_source_or_404(client, request.args)
    form = ReferralForm()
    if request.method == "GET":
        form.referred_on.data = local_today()
    if form.validate_on_submit():
        referral, created = create_once(
            form.form_key.data, current_user, Referral,
            lambda: operations.record_referral(client, current_user, source, form.values()))
        flash(f"Referral recorded: {referral.referred_to}, {referral.urgency.label.lower()}."
              if created else ALREADY_SAVED, "success" if created else "info")
        return redirect(url_for("clients.overview", client_id=client.id,
                                _anchor="section-referrals"))
    return render_template("referrals/form.html", client=client, source=source, form=form,
                           source_kind=operations.source_kind(source),
                           suggestions=SUGGESTED_RECIPIENTS), 422 if form.errors else 200


@bp.route("/clients/<int:client_id>")
@practitioner_required
def client_referrals(client_id: int):
    client = queries.get_client_for_referrals_or_404(client_id)
    page = paginate(queries.referrals_statement(client), per_page=current_app.config["PAGE_SIZE"])
    return render_template("referrals/list.html", client=client, page=page)
