"""Printouts: print pages and PDF downloads for the practitioner, the client's own record."""
from flask import Response, flash, redirect, render_template, url_for

from practice.core.access import client_required, practitioner_required
from practice.core.database import now_utc
from practice.core.errors import DomainError
from practice.core.forms import EmptyForm
from practice.core.settings import practice_settings
from practice.printouts import bp, operations, queries


def _documents():
    """The PDF writers, imported with the first PDF asked for: fpdf2 and its fonts take a
    quarter of a second to import, which every command and worker would pay at start."""
    from practice.printouts import documents

    return documents


def _pdf_response(content: bytes, filename: str) -> Response:
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


@bp.route("/clients/<int:client_id>/chart")
@practitioner_required
def chart(client_id: int):
    client = queries.own_client_or_404(client_id)
    operations.record_printout("chart.print", client, client)
    return render_template("printouts/chart.html", chart=queries.chart(client), client=client,
                           printed_at=now_utc())


@bp.route("/clients/<int:client_id>/chart.pdf")
@practitioner_required
def chart_pdf(client_id: int):
    client = queries.own_client_or_404(client_id)
    operations.record_printout("chart.download", client, client, format="pdf")
    return _pdf_response(_documents().chart_pdf(queries.chart(client)), f"chart-{client.id}.pdf")


@bp.route("/clients/<int:client_id>/intakes/<int:intake_id>.pdf")
@practitioner_required
def intake_pdf(client_id: int, intake_id: int):
    client = queries.own_client_or_404(client_id)
    intake = queries.own_intake_or_404(client, intake_id)
    operations.record_printout("intake.download", intake, client, format="pdf")
    return _pdf_response(_documents().intake_pdf(client, intake), f"intake-{intake.id}.pdf")


@bp.route("/sessions/<int:session_id>.pdf")
@practitioner_required
def session_pdf(session_id: int):
    session = queries.own_session_or_404(session_id)
    operations.record_printout("session.download", session, session.client, format="pdf")
    return _pdf_response(_documents().session_pdf(session), f"session-{session.id}.pdf")


def _release_change(client_id: int, change, done: str):
    client = queries.own_client_or_404(client_id)
    if EmptyForm().validate_on_submit():
        try:
            change(client)
        except DomainError as error:
            flash(error.message, "warning")
        else:
            flash(done.format(name=client.full_name), "success")
    return redirect(url_for("clients.overview", client_id=client.id))


@bp.route("/clients/<int:client_id>/release", methods=["POST"])
@practitioner_required
def release(client_id: int):
    return _release_change(client_id, operations.release_record,
                           "{name} can now download their record from the portal.")


@bp.route("/clients/<int:client_id>/release/withdraw", methods=["POST"])
@practitioner_required
def withdraw_release(client_id: int):
    return _release_change(client_id, operations.withdraw_release,
                           "{name} can no longer download their record.")


def _may_download(client) -> bool:
    return operations.may_download_own_record(
        client, practice_settings().client_records_need_release)


@bp.route("/my-record")
@client_required
def my_record():
    client = queries.portal_client_or_404()
    return render_template("printouts/my_record.html", client=client,
                           may_download=_may_download(client))


@bp.route("/my-record.pdf")
@client_required
def my_record_pdf():
    client = queries.portal_client_or_404()
    if not _may_download(client):
        return render_template("printouts/my_record.html", client=client,
                               may_download=False), 403
    operations.record_printout("record.download", client, client, format="pdf", own=True)
    return _pdf_response(_documents().chart_pdf(queries.chart(client, signed_only=True),
                                             for_client=True), "my-record.pdf")
