"""A client with one of every exported record, for the export, audit and settings tests.

Built from the models directly (not other features' factories), with ``marker`` woven into
every free-text field, so a test can tell one client's records from another's in an export.
"""
import secrets
from datetime import date, timedelta

from sqlalchemy import select

from practice.consent.models import ConsentMethod, ConsentRecord
from practice.consent.wording import ConsentKind, current_wording
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.exercises.models import Assignment, DosePeriod, DoseUnit, Exercise, ExerciseLog
from practice.intakes.models import ConditionType, Intake, IntakeAddendum
from practice.plans.models import PlanStep, SessionPlan
from practice.progress.models import CheckIn
from practice.referrals.models import Referral, ReferralUrgency
from practice.treatments.models import SessionAddendum, TreatmentSession
from tests.factories.accounts import make_client, make_portal_client


def make_full_record(practitioner, marker: str, *, portal: bool = True):
    """A client (with a portal account when ``portal``) and one of every record about them."""
    if portal:
        client, portal_user = make_portal_client(practitioner, given_name=f"Given{marker}",
                                                 family_name=f"Family{marker}",
                                                 email=f"{marker.lower()}@example.com",
                                                 precautions=f"Precaution {marker}")
    else:
        client = make_client(practitioner, given_name=f"Given{marker}", family_name=f"Family{marker}")
        portal_user = None
    with db.session.no_autoflush:
        today = date.today()
        condition = db.session.scalars(select(ConditionType).order_by(ConditionType.id)).first()
        exercise = db.session.scalars(select(Exercise).where(Exercise.owner_id.is_(None))
                                      .order_by(Exercise.id)).first()
        intake = Intake(client=client, author_id=practitioner.id, assessed_on=today - timedelta(days=30),
                        condition_type_id=condition.id, chief_complaint=f"Neck pain {marker}",
                        symptoms_3_months=True, painful_regions=["neck", "upper_back", "hip_left"],
                        fatigue=2, waking_unrefreshed=3, cognitive_symptoms=1, headaches=1,
                        lower_abdominal_pain=0, depression=0, systems_review={},
                        pain_overall=6, pain_neck_shoulders=8, notes=f"Intake note {marker}")
        plan = SessionPlan(client=client, created_by_id=practitioner.id, name=f"Plan {marker}",
                           focus_systems=[FocusSystem.LYMPHATIC], goals=f"Goal {marker}",
                           start_date=today - timedelta(days=20),
                           steps=[PlanStep(position=1, technique=f"Breathing {marker}", minutes=5),
                                  PlanStep(position=2, technique="Lymph strokes", body_region="Neck",
                                           minutes=10, instructions="Toward the collarbone.")])
        session = TreatmentSession(client=client, practitioner_id=practitioner.id, plan=plan,
                                   started_at=now_utc() - timedelta(days=7), duration_minutes=50,
                                   steps=[{"technique": "Lymph strokes", "body_region": "Neck",
                                           "minutes": 10, "performed": True, "note": None}],
                                   pain_before=6, pain_after=3, neck_shoulder_pain_before=7,
                                   neck_shoulder_pain_after=4, subjective=f"Subjective {marker}",
                                   assessment="Neck <looser> & warmer")
        assignment = Assignment(client=client, exercise=exercise, prescribed_by_id=practitioner.id,
                                amount=5, unit=DoseUnit.MINUTES, times=2, period=DosePeriod.DAY,
                                starts_on=today - timedelta(days=10), notes=f"Assignment {marker}")
        db.session.add_all([intake, plan, session, assignment])
        db.session.flush()
        intake.sign(practitioner)
        session.sign(practitioner)
        db.session.flush()
        db.session.add_all([
            IntakeAddendum(intake=intake, author_id=practitioner.id, body=f"Intake addendum {marker}"),
            SessionAddendum(session=session, author_id=practitioner.id, body=f"Session addendum {marker}"),
            *(ExerciseLog(assignment=assignment, client_id=client.id, logged_on=today - timedelta(days=day),
                          slot=1, effort=3, pain_after=4, note=f"Log {marker}",
                          form_token=secrets.token_hex(16)) for day in (1, 2)),
            *(CheckIn(client_id=client.id, checked_on=today - timedelta(days=day), pain=5,
                      neck_shoulder_pain=6, fatigue=7, sleep_problems=6, fog=5,
                      note=f"Check-in {marker}", recorded_by_id=(portal_user or practitioner).id)
              for day in (1, 2, 3)),
            Referral(client_id=client.id, session=session, referred_to=f"GP {marker}",
                     reason=f"Hard node {marker}", urgency=ReferralUrgency.SOON,
                     referred_on=today - timedelta(days=7), recorded_by_id=practitioner.id),
            *(ConsentRecord(client_id=client.id, kind=kind, is_given=True,
                            wording_version=current_wording(kind).version, method=method,
                            given_on=today - timedelta(days=30), note=f"Consent {marker}",
                            recorded_by_id=(portal_user or practitioner).id)
              for kind, method in ((ConsentKind.TREATMENT, ConsentMethod.SIGNED_FORM),
                                   (ConsentKind.MESSAGES, ConsentMethod.PORTAL))),
        ])
    db.session.commit()
    return client
