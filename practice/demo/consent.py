"""Demo consent: each client consented to treatment and to their records at the first intake
(a signed form); Hannah agreed to reminders and messages in the portal, Sam did and then
stopped them."""
from datetime import timedelta

from sqlalchemy import func, select

from practice.consent.models import ConsentMethod, ConsentRecord
from practice.consent.wording import PRACTITIONER_KINDS, ConsentKind, current_wording
from practice.core.extensions import db
from practice.intakes.models import Intake

#: Clients' answers about messages, oldest first: ``(days ago, yes or no)``.
MESSAGE_CHOICES = {"Hannah Price": [(30, True)], "Sam Taylor": [(35, True), (12, False)]}


def seed_consent(context) -> None:
    first_intake = dict(db.session.execute(
        select(Intake.client_id, func.min(Intake.assessed_on)).group_by(Intake.client_id)).all())
    for client in context.clients:
        day = first_intake.get(client.id, context.today - timedelta(days=100))
        for kind in PRACTITIONER_KINDS:
            db.session.add(ConsentRecord(
                client_id=client.id, kind=kind, is_given=True,
                wording_version=current_wording(kind).version, method=ConsentMethod.SIGNED_FORM,
                given_on=day, note="Signed form kept in the client's paper file.",
                recorded_by_id=client.practitioner_id, recorded_at=context.days_ago(
                    (context.today - day).days, hour=11)))
        for days_ago, given in MESSAGE_CHOICES.get(client.full_name, []):
            db.session.add(ConsentRecord(
                client_id=client.id, kind=ConsentKind.MESSAGES, is_given=given,
                wording_version=current_wording(ConsentKind.MESSAGES).version,
                method=ConsentMethod.PORTAL, given_on=context.today - timedelta(days=days_ago),
                recorded_by_id=client.portal_user_id,
                recorded_at=context.days_ago(days_ago, hour=20)))
