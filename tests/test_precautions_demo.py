"""The demo practice's precautions: Graham on warfarin and Hannah with left-arm lymphoedema
have them on their checklists, so assigning patting to him or heat to her warns; the work
kept knowingly carries its reason; Hannah reads her caution on her phone."""
import pytest
from sqlalchemy import select

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.extensions import db
from practice.demo import seed_demo
from practice.exercises.models import Assignment, Exercise
from practice.plans.models import SessionPlan
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.precautions.queries import active_precautions
from tests.html import parse, text_of

PASSWORD = "demo-password-1"


@pytest.fixture
def demo(db):
    seed_demo(PASSWORD)
    db.session.commit()
    return {client.given_name: client for client in db.session.scalars(select(Client))}


def _login(client, email):
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def _exercise(name_start):
    return db.session.scalar(select(Exercise).where(Exercise.owner_id.is_(None),
                                                    Exercise.name.startswith(name_start)))


def test_every_demo_client_has_a_checklist_and_the_two_in_the_story_are_structured(demo):
    [graham] = active_precautions(demo["Graham"].id)
    assert graham.kind is PrecautionKind.BLOOD_THINNERS
    assert "Warfarin" in graham.details
    [hannah] = active_precautions(demo["Hannah"].id)
    assert (hannah.kind, hannah.side, hannah.limb) == (PrecautionKind.LYMPHOEDEMA, Side.LEFT,
                                                      Limb.ARM)
    assert [item.kind for item in active_precautions(demo["Rosa"].id)] == []


def test_patting_for_graham_and_heat_for_hannah_warn(client, demo):
    mei = demo["Graham"].practitioner
    _login(client, mei.email)
    patting, warmth = _exercise("Patting along"), _exercise("Warmth on the back")
    page = client.get(f"/exercises/assign/{demo['Graham'].id}?exercise_id={patting.id}")
    assert "conflicts with Blood thinners" in text_of(page, ".precaution-warning")
    page = client.get(f"/exercises/assign/{demo['Hannah'].id}?exercise_id={warmth.id}")
    assert "conflicts with Lymphoedema: left arm" in text_of(page, ".precaution-warning")


def test_work_kept_knowingly_shows_its_reason_and_one_conflict_is_left_open(client, demo):
    hannah = demo["Hannah"]
    warmth = db.session.scalar(select(Assignment).join(Exercise).where(
        Assignment.client_id == hannah.id, Exercise.name.startswith("Warmth")))
    assert warmth.precaution_overrides == [PrecautionKind.LYMPHOEDEMA]
    _login(client, hannah.practitioner.email)
    assert "Went ahead despite: Lymphoedema. Reason: Warm, never hot" in text_of(
        client.get(f"/clients/{hannah.id}"))
    graham_plan = db.session.scalar(select(SessionPlan).where(
        SessionPlan.client_id == demo["Graham"].id, SessionPlan.name.startswith("Circulation")))
    assert graham_plan.precaution_overrides == []
    today = parse(client.get("/"))
    reasons = [" ".join(node.get_text(" ").split()) for node in today.select(".attention-reason")]
    assert any("Circulation and gentle movement" in reason and "Blood thinners" in reason
               for reason in reasons)


def test_hannah_reads_her_caution_on_her_phone(client, demo):
    user = db.session.get(User, demo["Hannah"].portal_user_id)
    _login(client, user.email)
    page = text_of(client.get("/portal/"))
    assert ("Your cautions: Keep warmth, patting and pressure away from your left arm and that "
            "side of your body.") in page
    assert "lymphoedema" not in page.lower()
