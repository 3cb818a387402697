"""Response headers, cookies and error pages."""
from config import ProductionConfig
from tests.html import parse


def test_security_headers_on_pages(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_with_records_are_not_cached(client, auth, practitioner):
    auth.login_as(practitioner)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/app.css")
    response.close()
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"


def test_session_cookie_flags(client, auth, practitioner):
    response = auth.login(practitioner.email)
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE
    assert ProductionConfig.REMEMBER_COOKIE_SECURE


def test_friendly_404(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_no_page_loads_anything_from_another_host(client, auth, practitioner):
    for page in ("/auth/login", "/auth/reset"):
        body = client.get(page).data
        assert b"http://" not in body
        assert b"https://" not in body
        sources = [node["src"] for node in parse(body.decode()).find_all(src=True)]
        assert not [source for source in sources if source.startswith("//")]


def test_friendly_500_without_details(app):
    from practice import create_app
    from tests.conftest import RequestIsolatedClient

    broken = create_app(_config_of(app))
    broken.test_client_class = RequestIsolatedClient

    @broken.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    boom.is_public_view = True
    broken.config["PROPAGATE_EXCEPTIONS"] = False
    response = broken.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    assert b"secret internals" not in response.data


def _config_of(app):
    class Config:
        pass

    for key, value in app.config.items():
        if key.isupper():
            setattr(Config, key, value)
    return Config
