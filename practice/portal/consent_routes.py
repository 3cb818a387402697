"""The client's own choice about reminders and other messages, and what they agreed to."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from practice.clients.queries import get_own_client_record_or_404
from practice.consent.forms import MessagesChoiceForm
from practice.consent.operations import set_messages_choice
from practice.consent.queries import latest_consents
from practice.consent.wording import PRACTITIONER_KINDS, ConsentKind, current_wording
from practice.core.access import client_required
from practice.portal import bp


@bp.route("/messages", methods=["GET", "POST"])
@client_required
def messages():
    client = get_own_client_record_or_404()
    form = MessagesChoiceForm()
    if form.validate_on_submit():
        given = form.choice.data == "yes"
        changed = set_messages_choice(client, current_user, given)
        if given:
            flash("Thank you: you will receive reminders and other messages." if changed
                  else "You already receive reminders and other messages.", "success")
        else:
            flash("Done: the practice will send you no more reminders or other messages."
                  if changed else "You already receive no reminders or other messages.",
                  "success")
        return redirect(url_for(".messages"))
    current = latest_consents(client.id)
    return render_template("portal/messages.html", client=client, form=form,
                           messages=current.get(ConsentKind.MESSAGES),
                           wording=current_wording(ConsentKind.MESSAGES),
                           agreed=[(kind, current.get(kind)) for kind in PRACTITIONER_KINDS],
                           ), 422 if form.errors else 200
