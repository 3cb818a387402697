"""What someone typed survives the end of their sign-in: kept on the server, given back after
signing in again, to that person only."""
import pytest

from practice.clients.models import Client
from practice.core.extensions import db
from practice.core.kept_forms import KeptForm
from tests.conftest import TEST_PASSWORD
from tests.factories.accounts import make_client
from tests.html import field_value, parse, text_of

NOTE = "Tender above the left collarbone; warmth helped."


def _edit_form(client, record):
    page = parse(client.get(f"/clients/{record.id}/edit"))
    return {field["name"]: field.get("value", "") for field in page.select("form input[name]")
            if field.get("type") != "submit"}


def test_a_save_after_sign_out_leads_through_sign_in_back_to_the_text(client, auth, practitioner):
    record = make_client(practitioner, given_name="Hannah")
    auth.login_as(practitioner)
    data = {**_edit_form(client, record), "given_name": "Hannah", "notes": NOTE}
    owner = parse(client.get("/")).select_one('meta[name="form-owner"]')["content"]
    auth.logout()  # e.g. signed out in another tab
    client.delete_cookie("qi_typist")  # and the browser's cookies cleared
    response = client.post(f"/clients/{record.id}/edit", data={**data, "form_owner": owner})
    assert response.status_code == 302
    assert "/auth/login" in response.location
    assert "kept" in response.location
    landing = client.post(response.location, data={"email": practitioner.email,
                                                   "password": TEST_PASSWORD})
    kept_page = client.get(landing.location)
    assert NOTE in text_of(kept_page)
    resend = parse(kept_page).select_one(f'form[action="/clients/{record.id}/edit"]')
    resent = {field["name"]: field.get("value", "") for field in resend.select("input[name]")}
    assert client.post(f"/clients/{record.id}/edit", data=resent).status_code == 302
    db.session.expire_all()
    assert db.session.get(Client, record.id).notes == NOTE
    assert db.session.scalar(db.select(db.func.count(KeptForm.id))) == 0


def test_kept_text_is_shown_only_to_the_person_who_typed_it(client, auth, practitioner,
                                                            other_practitioner):
    record = make_client(practitioner)
    auth.login_as(practitioner)
    data = {**_edit_form(client, record), "notes": NOTE}
    owner = parse(client.get("/")).select_one('meta[name="form-owner"]')["content"]
    auth.logout()
    response = client.post(f"/clients/{record.id}/edit", data={**data, "form_owner": owner})
    kept_url = response.location.split("next=")[-1].replace("%2F", "/")
    auth.login_as(other_practitioner)
    assert client.get(kept_url).status_code == 404
    assert NOTE not in client.get(kept_url).get_data(as_text=True)


def test_a_sign_in_form_is_never_kept(client, practitioner):
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": practitioner.email, "password": "wrong one"})
    assert db.session.scalar(db.select(db.func.count(KeptForm.id))) == 0


def test_an_anonymous_post_without_an_author_is_sent_to_sign_in_as_before(client, practitioner):
    record = make_client(practitioner)
    response = client.post(f"/clients/{record.id}/edit", data={"notes": NOTE})
    assert response.status_code == 302
    assert "/auth/login" in response.location
    assert db.session.scalar(db.select(db.func.count(KeptForm.id))) == 0


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def _signed_in_form(client, record) -> dict:
    """The client record's edit form as the browser sends it, with its token and author."""
    response = client.get(f"/clients/{record.id}/edit")
    page = parse(response)
    data = {field["name"]: field.get("value", "") for field in page.select("form input[name]")
            if field.get("type") != "submit"}
    data["form_owner"] = page.select_one('meta[name="form-owner"]')["content"]
    return {**data, "notes": NOTE}


@pytest.mark.usefixtures("csrf_on")
def test_cleared_cookies_lead_through_sign_in_saying_the_sign_in_ended(app, client, practitioner):
    """The browser's cookies are cleared: the sign-in and the form's token end together. The
    sign-in page says why; after it the typing comes back."""
    record = make_client(practitioner)
    login = parse(client.get("/auth/login"))
    client.post("/auth/login", data={"email": practitioner.email, "password": TEST_PASSWORD,
                                     "csrf_token": field_value(str(login), "csrf_token")})
    data = _signed_in_form(client, record)
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    client.delete_cookie("qi_typist")
    response = client.post(f"/clients/{record.id}/edit", data=data)
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=/auth/kept/")
    sign_in_page = client.get(response.location)
    assert "You were signed out before that was saved" in text_of(sign_in_page)
    landing = client.post(response.location, data={
        "email": practitioner.email, "password": TEST_PASSWORD,
        "csrf_token": field_value(sign_in_page, "csrf_token")})
    assert NOTE in text_of(client.get(landing.location))


@pytest.mark.usefixtures("csrf_on")
def test_a_form_open_too_long_is_kept_and_given_back_at_once(app, client, practitioner):
    record = make_client(practitioner)
    login = parse(client.get("/auth/login"))
    client.post("/auth/login", data={"email": practitioner.email, "password": TEST_PASSWORD,
                                     "csrf_token": field_value(str(login), "csrf_token")})
    data = {**_signed_in_form(client, record), "csrf_token": "expired-token"}
    response = client.post(f"/clients/{record.id}/edit", data=data)
    assert response.status_code == 302
    assert response.location.startswith("/auth/kept/")
    page = client.get(response.location)
    assert "The form had been open too long" in text_of(page)
    assert NOTE in text_of(page)
