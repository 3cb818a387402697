"""Refer: a referral recorded from a session, an intake or a check-in (to whom, why, how
urgent, the day, who recorded it), shown on the client's record; and the red flags that say
when to stop and refer, where the practitioner and the client read them."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.referrals.models import Referral, ReferralUrgency
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import make_intake
from tests.factories.exercises import make_check_in
from tests.factories.plans import make_session
from tests.html import field_value, links, parse, text_of

ALREADY_SAVED = "Already saved: here it is."
#: The red flags as the practitioner reads them, and as the client does.
PRACTITIONER_FLAGS = ("hard, fixed, growing or lasting over two weeks",
                      "fever, night sweats or weight loss", "hot, swollen, painful calf",
                      "sudden breathlessness", "chest pain that does not settle")
CLIENT_FLAGS = ("has been there more than two weeks", "night sweats",
                "calf is hot, swollen and painful", "suddenly cannot get your breath",
                "chest pain that does not go away", "999 or 112")


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def refer_path(client_record, **source) -> str:
    query = "&".join(f"{name}={value}" for name, value in source.items())
    return f"/referrals/clients/{client_record.id}/new" + (f"?{query}" if query else "")


def referral_form(client, path: str, **overrides) -> dict:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    data = {"form_key": field_value(page, "form_key"), "referred_to": "Her GP",
            "urgency": "soon", "referred_on": local_today().isoformat(),
            "reason": "Hard node under the left jaw for three weeks; night sweats."}
    data.update(overrides)
    return data


def referrals_of(client_record) -> list[Referral]:
    db.session.expire_all()
    return db.session.scalars(select(Referral).where(Referral.client_id == client_record.id)
                              .order_by(Referral.id)).all()


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- recording a referral -------------------------------------------------------------------

def test_refer_from_a_session_records_who_why_how_urgent_and_shows_it_on_the_record(
        client, auth, practitioner, hannah):
    session = make_session(hannah, signed=True)
    auth.login_as(practitioner)
    page = client.get(f"/sessions/{session.id}")
    path = refer_path(hannah, session_id=session.id)
    assert path in links(page)
    form = client.get(path)
    assert "From the session of" in text_of(form)
    for flag in PRACTITIONER_FLAGS:
        assert flag in text_of(form)
    response = client.post(path, data=referral_form(client, path))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{hannah.id}#section-referrals"
    [referral] = referrals_of(hannah)
    assert (referral.session_id, referral.intake_id, referral.check_in_id) == (session.id, None, None)
    assert referral.referred_to == "Her GP"
    assert referral.urgency is ReferralUrgency.SOON
    assert referral.referred_on == local_today()
    assert referral.recorded_by_id == practitioner.id
    overview = text_of(client.get(f"/clients/{hannah.id}"))
    assert "Referrals" in overview
    assert "Her GP" in overview
    assert "Hard node under the left jaw for three weeks" in overview
    assert "Soon (within a few days)" in overview
    assert "Pat Practitioner" in overview
    [event] = events("referral.create")
    assert event.client_id == hannah.id
    assert event.detail_dict == {"urgency": "soon", "source": "session", "source_id": session.id}


def test_refer_from_an_intake_and_from_a_check_in_keeps_where_it_came_from(
        client, auth, practitioner, hannah):
    intake = make_intake(hannah, signed=True)
    check_in = make_check_in(hannah, local_today() - timedelta(days=1), pain=8,
                             note="Calf hot and swollen since last night")
    auth.login_as(practitioner)
    intake_page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    assert refer_path(hannah, intake_id=intake.id) in links(intake_page)
    progress = client.get(f"/progress/client/{hannah.id}")
    assert refer_path(hannah, check_in_id=check_in.id) in links(progress)
    for source in ({"intake_id": intake.id}, {"check_in_id": check_in.id}):
        path = refer_path(hannah, **source)
        client.post(path, data=referral_form(client, path, urgency="urgent",
                                             referred_to="NHS 111"))
    first, second = referrals_of(hannah)
    assert (first.intake_id, first.check_in_id, first.session_id) == (intake.id, None, None)
    assert (second.check_in_id, second.intake_id, second.session_id) == (check_in.id, None, None)
    overview = text_of(client.get(f"/clients/{hannah.id}"))
    assert "From the intake of" in overview
    assert "From the check-in of" in overview


def test_refer_from_the_record_itself_needs_no_source(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    overview = client.get(f"/clients/{hannah.id}")
    assert refer_path(hannah) in links(overview)
    client.post(refer_path(hannah), data=referral_form(client, refer_path(hannah)))
    [referral] = referrals_of(hannah)
    assert (referral.session_id, referral.intake_id, referral.check_in_id) == (None, None, None)


def test_a_referral_form_sent_twice_records_one_referral(client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    path = refer_path(hannah, session_id=session.id)
    data = referral_form(client, path)
    first = client.post(path, data=data)
    second = client.post(path, data=data, follow_redirects=True)
    assert first.status_code == 302
    assert ALREADY_SAVED in text_of(second)
    assert len(referrals_of(hannah)) == 1
    assert len(events("referral.create")) == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"referred_to": ""}, "Say to whom"),
    ({"reason": "  "}, "Say why"),
    ({"urgency": ""}, "Choose how urgent"),
    ({"urgency": "whenever"}, "Choose how urgent"),
    ({"referred_on": (date.today() + timedelta(days=3)).isoformat()}, "cannot be in the future"),
    ({"referred_on": "1850-01-01"}, "check the year"),
    ({"referred_on": "2026-02-30"}, "real day"),
    ({"referred_to": "x" * 201}, "200 characters"),
])
def test_a_form_with_a_missing_or_wrong_answer_says_what_to_fix(client, auth, practitioner,
                                                                hannah, change, message):
    auth.login_as(practitioner)
    path = refer_path(hannah)
    response = client.post(path, data=referral_form(client, path, **change))
    assert response.status_code == 422
    assert message in text_of(response)
    assert referrals_of(hannah) == []


def test_another_practitioners_client_or_record_is_not_found(client, auth, practitioner,
                                                             other_practitioner, hannah):
    theirs = make_client(other_practitioner, given_name="Olga")
    their_session = make_session(theirs)
    my_other = make_client(practitioner, given_name="Graham")
    my_session = make_session(my_other)
    auth.login_as(practitioner)
    assert client.get(refer_path(theirs)).status_code == 404
    assert client.get(refer_path(hannah, session_id=their_session.id)).status_code == 404
    # A record of another of my clients does not belong under this one.
    assert client.get(refer_path(hannah, session_id=my_session.id)).status_code == 404
    assert client.post(refer_path(theirs), data={"referred_to": "GP"}).status_code == 404
    assert client.get(f"/referrals/clients/{theirs.id}").status_code == 404
    assert referrals_of(theirs) == []


def test_an_archived_clients_record_refuses_a_referral_and_offers_no_refer_button(
        client, auth, practitioner, hannah):
    session = make_session(hannah, signed=True)
    auth.login_as(practitioner)
    path = refer_path(hannah, session_id=session.id)
    data = referral_form(client, path)
    hannah.archived_at = now_utc()
    db.session.commit()
    assert path not in links(client.get(f"/sessions/{session.id}"))
    assert client.get(path).status_code == 409
    response = client.post(path, data=data, headers={"Referer": f"http://localhost/sessions/{session.id}"})
    assert response.status_code == 302
    assert "record is archived" in text_of(client.get(response.headers["Location"]))
    assert referrals_of(hannah) == []
    assert events("referral.create") == []


def test_the_referral_list_shows_every_referral_newest_first_and_is_audited(
        client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    for day, to in ((10, "Her GP"), (2, "Emergency services (999)")):
        path = refer_path(hannah)
        client.post(path, data=referral_form(
            client, path, referred_to=to,
            referred_on=(local_today() - timedelta(days=day)).isoformat()))
    page = client.get(f"/referrals/clients/{hannah.id}")
    rows = [row.get_text(" ", strip=True) for row in parse(page).select("tbody tr")]
    assert "Emergency services (999)" in rows[0]
    assert "Her GP" in rows[1]
    [event] = events("referral.view")
    assert event.client_id == hannah.id


def test_the_client_sees_a_referral_in_their_access_history_in_plain_words(
        client, auth, practitioner):
    hannah, user = make_portal_client(practitioner)
    auth.login_as(practitioner)
    client.post(refer_path(hannah), data=referral_form(client, refer_path(hannah)))
    auth.logout()
    auth.login_as(user)
    assert "Recorded advice for you to see a doctor or get help" in text_of(
        client.get("/portal/access/"))


def test_the_overview_section_keeps_a_fixed_number_of_queries(client, auth, practitioner,
                                                              hannah, count_queries):
    from practice.referrals.queries import referrals_section

    def queries_for_section() -> int:
        with count_queries() as statements:
            referrals_section(hannah)
        return len(statements)

    auth.login_as(practitioner)
    client.post(refer_path(hannah), data=referral_form(client, refer_path(hannah)))
    one = queries_for_section()
    for source in ({"session_id": make_session(hannah).id},
                   {"intake_id": make_intake(hannah).id}):
        path = refer_path(hannah, **source)
        client.post(path, data=referral_form(client, path))
    assert queries_for_section() == one
    assert db.session.scalar(select(func.count(Referral.id))) == 3


# --- the red flags, where they matter -------------------------------------------------------

def test_the_practitioner_reads_the_red_flags_on_the_session_page_and_the_intake_form(
        client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    for path in (f"/sessions/{session.id}", f"/clients/{hannah.id}/intakes/new"):
        page = text_of(client.get(path))
        for flag in PRACTITIONER_FLAGS:
            assert flag in page, (path, flag)


def test_an_intake_with_swollen_nodes_shows_the_red_flags(client, auth, practitioner, hannah):
    with_nodes = make_intake(hannah, review={"lymphatic": {"findings": ["swollen_nodes"]}})
    without = make_intake(hannah, review={"sleep": {"findings": ["night_waking"]}})
    auth.login_as(practitioner)
    assert "hard, fixed, growing or lasting over two weeks" in text_of(
        client.get(f"/clients/{hannah.id}/intakes/{with_nodes.id}"))
    assert "hard, fixed, growing or lasting over two weeks" not in text_of(
        client.get(f"/clients/{hannah.id}/intakes/{without.id}"))


def test_the_client_reads_when_to_stop_and_get_help_in_plain_words(client, auth, practitioner):
    _hannah, user = make_portal_client(practitioner)
    auth.login_as(user)
    for path in ("/portal/", "/portal/checkin"):
        page = text_of(client.get(path))
        for flag in CLIENT_FLAGS:
            assert flag in page, (path, flag)
        assert "lymph node" in page  # named the way a client says it: a lump or gland


# --- exports ----------------------------------------------------------------------------------

@pytest.mark.real_commits
def test_referrals_are_in_the_csv_and_json_exports(practitioner):
    import json

    from tests.factories.exports import make_full_record
    from tests.test_exports import read_zip, run_export

    alpha = make_full_record(practitioner, "Alpha")
    [row] = read_zip(run_export("csv", alpha.id))["referrals"]
    assert (row["referred_to"], row["reason"], row["urgency"]) == ("GP Alpha", "Hard node Alpha",
                                                                  "soon")
    assert row["session_id"]
    assert row["recorded_by_id"] == str(practitioner.id)
    document = json.loads(run_export("json", alpha.id))
    [client] = document["clients"]
    [referral] = client["referrals"]
    assert referral["referred_on"]
    assert referral["urgency"] == "soon"
    assert document["counts"]["referrals"] == 1


def test_the_demo_practice_has_a_referral_made_at_a_session(db):
    from practice.demo import seed_demo

    seed_demo("demo-password-1")
    [referral] = db.session.scalars(select(Referral)).all()
    assert referral.client.full_name == "Rosa Martinez"
    assert referral.session is not None
    assert referral.session.client_id == referral.client_id
    assert "three weeks" in referral.reason
