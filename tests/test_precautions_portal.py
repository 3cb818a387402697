"""The client sees the cautions that concern them beside each exercise, on Today and on the
printable program, in plain words that never name the condition; the portal says plainly
that nothing is read in real time and what to do in an emergency."""
from datetime import date, timedelta

import pytest

from practice.core.extensions import db
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.precautions.models import ClientPrecaution
from tests.factories.accounts import make_portal_client
from tests.factories.exercises import make_assignment, starter_exercise
from tests.factories.precautions import make_precaution
from tests.html import parse, text_of

TODAY = date.today()
#: What a take-home sheet never prints about this client.
CONDITIONS = ("lymphoedema", "cancer", "pregnan", "warfarin", "blood thinner", "oncology")
LIMB_CAUTION = ("Keep warmth, patting and pressure away from your left arm and that side of "
                "your body.")


@pytest.fixture
def hannah(practitioner):
    hannah, _user = make_portal_client(practitioner, given_name="Hannah", family_name="Price")
    make_precaution(hannah, PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM,
                    details="After breast cancer surgery, 2019; sleeve by day.")
    make_precaution(hannah, PrecautionKind.BLOOD_THINNERS, details="Warfarin")
    warmth = make_assignment(hannah, starter_exercise("Warmth on the back"),
                             starts_on=TODAY - timedelta(days=3))
    warmth.precaution_overrides = [PrecautionKind.LYMPHOEDEMA]
    warmth.precaution_reason = "Right side only."
    db.session.commit()
    make_assignment(hannah, starter_exercise("Belly breathing"), starts_on=TODAY - timedelta(days=3))
    return hannah


@pytest.fixture
def signed_in(client, auth, hannah):
    auth.login_as(hannah.portal_user)
    return client


def test_today_shows_each_exercises_cautions_never_the_condition(signed_in):
    page = signed_in.get("/portal/")
    cards = {article.select_one("h3").get_text(strip=True): " ".join(article.get_text(" ").split())
             for article in parse(page).select("article.today-item")}
    warmth = cards["Warmth on the back of the neck and shoulders"]
    assert f"Your cautions: {LIMB_CAUTION}" in warmth
    assert "Your cautions" not in cards["Belly breathing (diaphragmatic breathing)"]
    whole = text_of(page).lower()
    assert not [word for word in CONDITIONS if word in whole]
    assert "Right side only" not in text_of(page)  # the practitioner's reason stays theirs


def test_the_portal_says_it_is_not_read_in_real_time(signed_in):
    for path in ("/portal/", "/portal/checkin", "/portal/program"):
        note = text_of(signed_in.get(path), '[aria-label="Not read in real time"]')
        assert "Your check-ins and notes are not read in real time." in note, path
        assert "In an emergency call 999 (or 112)" in note, path


def test_the_printable_program_has_the_cautions_and_when_to_get_help(signed_in):
    sheet = text_of(signed_in.get("/portal/program"), ".program-sheet")
    assert f"Your cautions: {LIMB_CAUTION}" in sheet
    assert "When to stop and get help" in sheet
    assert not [word for word in CONDITIONS if word in sheet.lower()]


def test_the_practitioners_printout_is_the_same_take_home_sheet(client, auth, practitioner,
                                                                hannah):
    auth.login_as(practitioner)
    sheet = text_of(client.get(f"/exercises/program/{hannah.id}/print"), ".program-sheet")
    assert f"Your cautions: {LIMB_CAUTION}" in sheet
    assert not [word for word in CONDITIONS if word in sheet.lower()]


def test_an_ended_precaution_no_longer_shows(signed_in, hannah):
    for item in db.session.scalars(db.select(ClientPrecaution)):
        item.ended_on = TODAY
    db.session.commit()
    assert "Your cautions" not in text_of(signed_in.get("/portal/"))
