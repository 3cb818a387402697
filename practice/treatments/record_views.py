"""Reading session records, and what may still happen to them: sign, discard, addenda."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from practice.clients.loaders import get_client_or_404
from practice.core import audit
from practice.core.access import practitioner_required
from practice.core.extensions import db
from practice.core.signed_records import EditConflict, SignedRecordError
from practice.treatments import bp
from practice.treatments.forms import AddendumForm, VersionForm
from practice.treatments.loaders import get_session_or_404
from practice.treatments.models import SessionAddendum, TreatmentSession
from practice.treatments.services import DraftDiscarded, add_addendum, discard_draft, sign_session


@bp.route("/clients/<int:client_id>")
@practitioner_required
def client_sessions(client_id: int):
    client = get_client_or_404(client_id)
    query = (select(TreatmentSession).where(TreatmentSession.client_id == client.id,
                                            TreatmentSession.discarded_at.is_(None))
             .options(joinedload(TreatmentSession.plan))
             .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc()))
    page = db.paginate(query, per_page=25, error_out=False)
    return render_template("treatments/client_sessions.html", client=client, page=page)


def _session_with_addenda(session_id: int) -> TreatmentSession:
    return get_session_or_404(session_id, joinedload(TreatmentSession.plan),
                              selectinload(TreatmentSession.addenda).joinedload(SessionAddendum.author))


def _render_session(session: TreatmentSession, addendum_form: AddendumForm | None = None,
                    status: int = 200):
    return render_template("treatments/session.html", session=session, client=session.client,
                           version_form=VersionForm(formdata=None, data={"version": session.version}),
                           addendum_form=addendum_form or AddendumForm(formdata=None)), status


@bp.route("/<int:session_id>")
@practitioner_required
def view_session(session_id: int):
    session = _session_with_addenda(session_id)
    audit.record("session.view", session, client_id=session.client_id)
    db.session.commit()
    return _render_session(session)


@bp.route("/<int:session_id>/sign", methods=["POST"])
@practitioner_required
def sign(session_id: int):
    session = get_session_or_404(session_id)
    try:
        sign_session(session, current_user, VersionForm().submitted_version())
    except SignedRecordError:
        flash("This session is already signed.", "info")
    except DraftDiscarded as exc:
        flash(str(exc), "warning")
    except EditConflict:
        flash("This draft changed since you opened it. Read the latest version below, then sign.",
              "warning")
    else:
        audit.record("session.sign", session, client_id=session.client_id)
        db.session.commit()
        flash("Session signed and locked. Corrections from now on are addenda.", "success")
    return redirect(url_for("treatments.view_session", session_id=session_id))


@bp.route("/<int:session_id>/discard", methods=["POST"])
@practitioner_required
def discard(session_id: int):
    session = get_session_or_404(session_id)
    try:
        discard_draft(session, VersionForm().submitted_version())
    except (SignedRecordError, DraftDiscarded):
        flash("Only an unsigned draft can be discarded.", "warning")
    except EditConflict:
        flash("This draft changed since you opened it; nothing was discarded.", "warning")
    else:
        audit.record("session.discard", session, client_id=session.client_id)
        db.session.commit()
        flash("Draft discarded. It no longer shows in the client's sessions.", "success")
        return redirect(url_for("treatments.client_sessions", client_id=session.client_id))
    return redirect(url_for("treatments.view_session", session_id=session_id))


@bp.route("/<int:session_id>/addenda", methods=["POST"])
@practitioner_required
def add_addendum_view(session_id: int):
    session = _session_with_addenda(session_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        return _render_session(session, form, 422)
    try:
        addendum = add_addendum(session, current_user, form.body.data)
    except ValueError as exc:
        flash(str(exc), "warning")
        return redirect(url_for("treatments.view_session", session_id=session_id))
    audit.record("session.addendum", addendum, client_id=session.client_id,
                 detail={"session_id": session.id})
    db.session.commit()
    flash("Addendum added under the note.", "success")
    return redirect(url_for("treatments.view_session", session_id=session_id, _anchor="addenda"))

