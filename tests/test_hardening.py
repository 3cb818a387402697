"""Requests from outside: hosts, proxies, sizes, request ids and log lines."""
import logging

import pytest

from config import TestConfig
from practice import create_app
from practice.core.links import external_url


def test_links_are_built_from_the_configured_address_not_the_host_header(app):
    with app.test_request_context("/auth/reset", base_url="http://attacker.example"):
        assert external_url("auth.login") == "http://localhost/auth/login"


@pytest.fixture
def hardened_app(tmp_path):
    class Hardened(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'hardened.sqlite3'}"
        TRUSTED_HOSTS = ["practice.example"]
        TRUSTED_PROXIES = 1

    return create_app(Hardened)


def test_a_request_for_another_host_is_refused(hardened_app):
    client = hardened_app.test_client()
    assert client.get("/auth/login", base_url="http://attacker.example").status_code == 400
    assert client.get("/auth/login", base_url="http://practice.example").status_code == 200


def test_behind_the_proxy_the_client_address_and_scheme_come_from_it(hardened_app):
    seen = {}

    @hardened_app.get("/_address")
    def _address():
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return "ok"

    hardened_app.view_functions["_address"].is_public_view = True
    hardened_app.test_client().get("/_address", base_url="http://practice.example", headers={
        "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert seen == {"addr": "203.0.113.7", "secure": True}


def test_an_oversized_body_is_refused_unread(client):
    response = client.post("/auth/login", data={"email": "a@example.org",
                                                "password": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_each_request_logs_one_line_with_its_id_and_masks_link_tokens(client, caplog):
    caplog.set_level(logging.INFO, logger="practice.requests")
    response = client.get("/auth/invitation/secret-token-value")
    lines = [record.getMessage() for record in caplog.records if record.name == "practice.requests"]
    assert len(lines) == 1
    assert f"request_id={response.headers['X-Request-ID']}" in lines[0]
    assert "secret-token-value" not in lines[0]
    assert "/auth/invitation/***" in lines[0]
