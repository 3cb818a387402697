"""Every route is behind sign-in and a role check, and every form behind CSRF.

These tests walk ``app.url_map``, so a new route is covered the moment it exists.
"""
import pytest
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from config import TestConfig
from practice.auth.models import Role
from practice.core.access import ANY_SIGNED_IN_USER, is_public_endpoint
from tests.factories.accounts import make_user

PUBLIC_ENDPOINTS = {"auth.login", "auth.request_reset", "auth.reset_password",
                    "auth.accept_invitation", "auth.two_factor_code"}
#: Reached by a secret token in the address instead of a sign-in: calendar feeds.
TOKEN_ENDPOINTS = {"appointments.feed"}


def _app_rules():
    from practice import create_app

    app = create_app(TestConfig)
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint != "static" and not rule.endpoint.endswith(".static")]
    return rules


RULES = _app_rules()


def build_path(rule: Rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = 1 if isinstance(converter, NumberConverter) else "x"
    return rule.build(values, append_unknown=False)[1]


def method_of(rule: Rule) -> str:
    return "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.endpoint)
def test_anonymous_visitors_are_sent_to_login(client, rule):
    if rule.endpoint in PUBLIC_ENDPOINTS:
        pytest.skip("public by design")
    if rule.endpoint in TOKEN_ENDPOINTS:
        response = client.open(build_path(rule), method=method_of(rule))
        assert response.status_code == 404, rule.endpoint  # a wrong token finds nothing
        return
    response = client.open(build_path(rule), method=method_of(rule))
    assert response.status_code == 302, rule.endpoint
    assert response.headers["Location"].startswith("/auth/login")


def test_only_the_intended_endpoints_are_public(app):
    with app.test_request_context():
        public = {rule.endpoint for rule in app.url_map.iter_rules()
                  if is_public_endpoint(rule.endpoint) and not rule.endpoint.endswith("static")}
    assert public == PUBLIC_ENDPOINTS | TOKEN_ENDPOINTS


def test_token_pages_are_declared_so_and_take_the_token_the_log_masks(app):
    from practice.core.access import is_token_endpoint
    from practice.core.request_log import SECRET_VARIABLES

    with app.test_request_context():
        declared = {rule.endpoint for rule in app.url_map.iter_rules()
                    if is_token_endpoint(rule.endpoint)}
    assert declared == TOKEN_ENDPOINTS
    for rule in app.url_map.iter_rules():
        if rule.endpoint in TOKEN_ENDPOINTS:
            assert rule.arguments & SECRET_VARIABLES, rule.endpoint
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule.endpoint


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.endpoint)
def test_every_page_declares_who_may_use_it(app, rule):
    if rule.endpoint in PUBLIC_ENDPOINTS | TOKEN_ENDPOINTS or rule.endpoint in ANY_SIGNED_IN_USER:
        return
    view = app.view_functions[rule.endpoint]
    assert getattr(view, "allowed_roles", None), f"{rule.endpoint} has no role guard"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.endpoint)
def test_other_roles_get_403(app, client, auth, rule):
    allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
    if not allowed:
        return
    for role in set(Role) - set(allowed):
        user = make_user(role)
        auth.login_as(user)
        response = client.open(build_path(rule), method=method_of(rule))
        assert response.status_code == 403, (rule.endpoint, role)
        auth.logout()


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("rule", [r for r in RULES if "POST" in r.methods], ids=lambda r: r.endpoint)
def test_every_post_needs_a_csrf_token(csrf_client, rule):
    response = csrf_client.post(build_path(rule), data={})
    assert response.status_code == 400, rule.endpoint
    assert b"The form expired or was not sent from this site" in response.data


def test_signed_in_post_without_token_changes_nothing(app, csrf_client, practitioner):
    page = csrf_client.get("/auth/login")
    token = page.data.split(b'name="csrf_token" type="hidden" value="')[1].split(b'"')[0].decode()
    response = csrf_client.post("/auth/login", data={"email": practitioner.email,
                                                     "password": "correct horse battery",
                                                     "csrf_token": token})
    assert response.status_code == 302
    assert csrf_client.post("/auth/logout").status_code == 400
    assert csrf_client.get("/").status_code == 200  # still signed in
