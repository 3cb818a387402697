"""``flask seed-large``: a large practice in bulk, its accounts printed, its pages working."""
from collections import Counter
from datetime import timedelta

from practice.attention.models import AttentionItem
from practice.auth.models import User
from practice.clients.models import Client
from practice.core.audit import AuditEvent
from practice.core.data_stamps import PRACTICE_STAMP_ID, DataStamp
from practice.core.extensions import db
from practice.exercises.models import Assignment, ExerciseLog
from practice.intakes.models import Intake
from practice.precautions.kinds import PrecautionKind
from practice.precautions.models import ClientPrecaution
from practice.progress.models import CheckIn
from practice.treatments.models import TreatmentSession

PASSWORD = "large-password-1"
SIZE = ["--practitioners", "3", "--clients", "20", "--sessions-per-client", "4",
        "--checkins-per-client", "10", "--intakes-per-client", "2",
        "--assignments-per-client", "2", "--logs-per-assignment", "3"]


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _seed(app):
    result = app.test_cli_runner().invoke(args=["seed-large", *SIZE, "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.strip().splitlines()]


def _practice_stamp() -> str | None:
    stamp = db.session.get(DataStamp, PRACTICE_STAMP_ID)
    return stamp.stamp if stamp else None


def test_seed_large_fills_the_practice_and_prints_its_accounts(app):
    stamp_before = _practice_stamp()
    accounts = _seed(app)
    assert all(len(fields) == 4 for fields in accounts)
    roles = Counter(fields[0] for fields in accounts)
    assert roles["admin"] == 1
    assert roles["practitioner"] == 3
    assert roles["client"] >= 3  # the first client of each practitioner at least
    practitioners = {fields[1] for fields in accounts if fields[0] == "practitioner"}
    assert all(owner in practitioners for role, _, _, owner in accounts if role == "client")

    assert _count(Client) == 20
    assert _count(Intake) == 40
    assert _count(TreatmentSession) == 80
    assert _count(CheckIn) == 200
    assert _count(Assignment) == 40
    assert _count(ExerciseLog) == 120
    assert _count(User) == 1 + 3 + roles["client"]
    per_practitioner = Counter(db.session.scalars(db.select(Client.practitioner_id)))
    assert sorted(per_practitioner.values()) == [6, 7, 7]  # spread evenly
    assert _count(AuditEvent) == 0  # nothing was viewed or changed through the app
    [precaution] = db.session.scalars(db.select(ClientPrecaution)).all()  # every 25th client
    assert precaution.kind is PrecautionKind.BLOOD_THINNERS
    assert "Warfarin" in precaution.details
    assert _count(AttentionItem) > 0  # the attention list was worked out
    db.session.expire_all()
    assert _practice_stamp() not in (None, stamp_before)  # nothing kept from before is shown

    again = app.test_cli_runner().invoke(args=["seed-large", *SIZE, "--password", PASSWORD])
    assert again.exit_code != 0
    assert "not empty" in again.output
    assert _count(Client) == 20


def test_seeded_accounts_sign_in_and_their_pages_load(app, client, auth):
    accounts = _seed(app)
    practitioner = next(fields[1] for fields in accounts if fields[0] == "practitioner")
    user = db.session.scalar(db.select(User).where(User.email == practitioner))
    own = db.session.scalars(db.select(Client).where(Client.practitioner_id == user.id)
                             .order_by(Client.id)).first()
    session = db.session.scalars(db.select(TreatmentSession)
                                 .where(TreatmentSession.client_id == own.id)).first()
    assert auth.login(practitioner, PASSWORD).status_code == 302
    for url in ["/", "/clients/", f"/clients/?q={own.family_name}", f"/clients/{own.id}",
                f"/progress/client/{own.id}", f"/sessions/clients/{own.id}/new",
                f"/sessions/{session.id}"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert own.family_name in client.get(f"/clients/?q={own.family_name}").get_data(as_text=True)
    first = db.session.scalars(db.select(Client).order_by(Client.id)).first()
    assert first.practitioner_id == user.id  # the first client has a precaution
    assert "Warfarin" in client.get(f"/clients/{first.id}").get_data(as_text=True)
    auth.logout()

    portal = next(fields[1] for fields in accounts if fields[0] == "client")
    assert auth.login(portal, PASSWORD).status_code == 302
    assert client.get("/portal/").status_code == 200
    auth.logout()

    admin = next(fields[1] for fields in accounts if fields[0] == "admin")
    assert auth.login(admin, PASSWORD).status_code == 302


def test_the_seeded_attention_items_are_those_of_the_per_client_refresh(app):
    from practice.attention.operations import refresh

    _seed(app)
    fields = (AttentionItem.client_id, AttentionItem.rule, AttentionItem.subject,
              AttentionItem.reason, AttentionItem.data_at, AttentionItem.shows_from,
              AttentionItem.shows_until)
    seeded = sorted(db.session.execute(db.select(*fields)).all())
    assert {rule for _client, rule, *_rest in seeded} >= {"high_rating", "low_adherence"}
    db.session.execute(db.delete(AttentionItem))
    for client_id in db.session.scalars(db.select(Client.id)):
        refresh([client_id])
    db.session.flush()
    assert sorted(db.session.execute(db.select(*fields)).all()) == seeded


def test_the_coming_week_is_booked_without_clashes(app, client, auth):
    from practice.appointments.models import Appointment, AppointmentStatus
    from practice.appointments.operations import clashes
    from practice.core.clock import local_datetime, local_today
    from practice.core.database import now_utc

    accounts = _seed(app)
    booked = db.session.scalars(db.select(Appointment)).all()
    assert len(booked) == 20  # every client here (a practitioner books up to 49)
    week_end = local_today() + timedelta(days=7)
    assert all(appointment.status is AppointmentStatus.BOOKED and appointment.starts_at > now_utc()
               and local_datetime(appointment.starts_at).date() < week_end
               for appointment in booked)
    assert all(local_datetime(appointment.starts_at).weekday() < 5 for appointment in booked)
    for appointment in booked:
        assert clashes(appointment.practitioner_id, appointment.client_id, appointment.starts_at,
                       appointment.ends_at, ignore_id=appointment.id,
                       room=appointment.room) == []
        assert appointment.room is not None
    practitioner = next(fields[1] for fields in accounts if fields[0] == "practitioner")
    user = db.session.scalar(db.select(User).where(User.email == practitioner))
    theirs = [appointment for appointment in booked if appointment.practitioner_id == user.id]
    first = min(theirs, key=lambda appointment: appointment.starts_at)
    auth.login(practitioner, PASSWORD)
    day = local_datetime(first.starts_at).date()
    page = client.get(f"/appointments/week?day={day.isoformat()}").get_data(as_text=True)
    assert first.client.full_name in page
