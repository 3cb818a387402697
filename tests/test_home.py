"""The practitioner's start page: today's and recent sessions, drafts to sign, quick links."""
from datetime import timedelta

import pytest

from practice.auth.models import Role
from practice.core.database import now_utc
from practice.core.extensions import db
from tests.factories.accounts import make_client, make_user
from tests.factories.plans import make_plan, make_session
from tests.html import links, text_of


@pytest.fixture
def today_noon():
    # Midday in the practice's zone (London): safely inside "today" whatever the clock says.
    from zoneinfo import ZoneInfo

    local = now_utc().astimezone(ZoneInfo("Europe/London"))
    return local.replace(hour=12, minute=0, second=0, microsecond=0).astimezone(now_utc().tzinfo)


def test_practitioner_home_shows_today_drafts_and_recent(client, auth, practitioner, other_practitioner,
                                                         today_noon):
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    graham = make_client(practitioner, given_name="Graham", family_name="Whitfield")
    plan = make_plan(hannah, name="Neck lymph course")
    make_session(hannah, plan=plan, started_at=today_noon, signed=True, pain=(6, 3))
    make_session(graham, started_at=today_noon - timedelta(days=3))  # a draft from earlier
    make_session(graham, started_at=today_noon - timedelta(days=5), signed=True)
    make_session(hannah, started_at=today_noon - timedelta(days=40), signed=True)  # too old
    make_session(hannah, started_at=today_noon - timedelta(days=2), discarded_at=now_utc())
    rosa = make_client(other_practitioner, given_name="Rosa", family_name="Martinez")
    make_session(rosa, started_at=today_noon)
    auth.login_as(practitioner)
    page = client.get("/")
    today = text_of(page, "section[aria-labelledby=today-heading]")
    drafts = text_of(page, "section[aria-labelledby=drafts-heading]")
    recent = text_of(page, "section[aria-labelledby=recent-heading]")
    assert "Hannah Price" in today
    assert "Neck lymph course" in today
    assert "Graham" not in today
    assert "6 → 3" in today
    assert "Graham Whitfield" in drafts
    assert "Hannah" not in drafts
    assert text_of(page, "#drafts-heading .badge") == "1"  # the count badge
    assert recent.count("Graham Whitfield") == 2
    assert "Hannah" not in recent
    assert "Rosa" not in page.get_data(as_text=True)
    assert "/plans/templates" in links(page)


def test_empty_home_page_says_so(client, auth, practitioner):
    auth.login_as(practitioner)
    html = client.get("/").get_data(as_text=True)
    assert "No sessions recorded today yet." in html
    assert "Nothing to sign" in html


def test_home_page_issues_the_same_queries_whatever_the_data_size(client, auth, practitioner,
                                                                  count_queries, today_noon):
    auth.login_as(practitioner)

    def add_sessions(count):
        for number in range(count):
            person = make_client(practitioner, given_name=f"Client {number}")
            plan = make_plan(person)
            make_session(person, plan=plan, started_at=today_noon - timedelta(minutes=number))
            make_session(person, plan=plan, started_at=today_noon - timedelta(days=2), signed=True)

    add_sessions(2)
    with count_queries() as few:
        client.get("/")
    add_sessions(25)
    with count_queries() as many:
        html = client.get("/").get_data(as_text=True)
    assert "Client 24" in html
    assert "Showing the oldest 20 of 27." in html
    assert len(many) == len(few)


@pytest.mark.parametrize(("role", "endpoint"), [(Role.ADMIN, "admin.accounts"),
                                                (Role.CLIENT, "portal.today")])
def test_other_roles_keep_their_redirects(app, client, auth, role, endpoint):
    user = make_user(role)
    auth.login_as(user)
    response = client.get("/")
    assert response.status_code == 302
    with app.test_request_context():
        from flask import url_for

        assert response.headers["Location"].endswith(url_for(endpoint))
    db.session.rollback()
