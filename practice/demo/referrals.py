"""A demo referral: a red flag seen at one of Rosa's lymph sessions, and the advice given."""
from datetime import timedelta

from sqlalchemy import select

from practice.core.extensions import db
from practice.referrals.models import Referral, ReferralUrgency
from practice.treatments.models import TreatmentSession

#: Whose session, about how many days ago, and the referral made from it.
DEMO_REFERRALS = [
    {"client": "Rosa Martinez", "days_ago": 10, "referred_to": "Her GP",
     "urgency": ReferralUrgency.SOON,
     "reason": "A node under the left jaw is hard and does not move; she says it has been "
               "there about three weeks. No fever or night sweats. Advised her to see her GP "
               "this week; no lymph work over the left jaw until she has been seen."},
]


def seed_referrals(context) -> None:
    clients = {client.full_name: client for client in context.clients}
    for data in DEMO_REFERRALS:
        client = clients[data["client"]]
        around = context.now - timedelta(days=data["days_ago"])
        sessions = db.session.scalars(select(TreatmentSession)
                                      .where(TreatmentSession.client_id == client.id)).all()
        session = min(sessions, key=lambda given: abs(given.started_at - around))
        db.session.add(Referral(
            client_id=client.id, session_id=session.id, referred_to=data["referred_to"],
            urgency=data["urgency"], reason=data["reason"],
            referred_on=session.started_at.date(), recorded_by_id=client.practitioner_id,
            created_at=session.started_at + timedelta(hours=1)))
