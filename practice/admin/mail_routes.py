"""Outgoing mail: the outbox (queued, failed and sent messages) and trying failed ones again."""
from flask import abort, flash, redirect, render_template, request, url_for

from practice.admin import bp, operations, queries
from practice.core.access import admin_required
from practice.core.forms import EmptyForm
from practice.core.mail import MAX_ATTEMPTS, MailStatus, mail_configured


@bp.route("/mail")
@admin_required
def mail():
    status = request.args.get("status", "")
    return render_template("admin/mail.html", page=queries.outbox_page(status), status=status,
                           counts=queries.outbox_counts(), statuses=list(MailStatus),
                           max_attempts=MAX_ATTEMPTS, configured=mail_configured(),
                           empty_form=EmptyForm())


def _checked_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@bp.route("/mail/retry", methods=["POST"])
@admin_required
def retry_mail():
    _checked_form()
    sent, failed = operations.retry_mail()
    if not sent and not failed:
        flash("There is nothing to send.", "info")
    elif failed:
        flash(f"Sent {sent}; {failed} still could not be sent. The error is beside each one.",
              "warning")
    else:
        flash(f"Sent {sent} message{'s' if sent != 1 else ''}.", "success")
    return redirect(url_for("admin.mail"))


@bp.route("/mail/<int:message_id>/retry", methods=["POST"])
@admin_required
def retry_message(message_id: int):
    message = queries.get_outbox_message_or_404(message_id)
    _checked_form()
    if operations.retry_one_message(message):
        flash(f"Sent to {message.recipient}.", "success")
    else:
        flash(f"Still could not send to {message.recipient}: {message.last_error}", "warning")
    return redirect(url_for("admin.mail"))
