"""Personal note snippets: a practitioner's own phrases, managed on their page and offered
beside a session's note (listed to copy without JavaScript; snippets.js puts one in)."""
import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.snippets.models import NoteSnippet
from tests.factories.accounts import make_client
from tests.factories.plans import make_session
from tests.html import field_value, links, parse, text_of

NODES = "Tender nodes under the left jaw, less than last time."


def _snippet(owner, title="Nodes", body=NODES, shortcut="nodes") -> NoteSnippet:
    snippet = NoteSnippet(practitioner_id=owner.id, title=title, body=body, shortcut=shortcut)
    db.session.add(snippet)
    db.session.commit()
    return snippet


def _snippets(owner) -> list[NoteSnippet]:
    db.session.expire_all()
    return db.session.scalars(select(NoteSnippet).where(NoteSnippet.practitioner_id == owner.id)
                              .order_by(NoteSnippet.id)).all()


def _events(action) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def signed_in(auth, practitioner):
    auth.login_as(practitioner)


@pytest.mark.usefixtures("signed_in")
def test_add_a_snippet_once_however_often_it_is_sent(client, practitioner):
    key = field_value(client.get("/snippets/new"), "form_key")
    data = {"title": "Nodes", "shortcut": " Nodes ", "body": NODES, "form_key": key}
    first = client.post("/snippets/new", data=data)
    second = client.post("/snippets/new", data=data)
    assert first.status_code == second.status_code == 302
    [snippet] = _snippets(practitioner)
    assert (snippet.title, snippet.shortcut, snippet.body) == ("Nodes", "nodes", NODES)
    listed = text_of(client.get("/snippets/"))
    assert "Nodes /nodes" in listed
    assert NODES in listed
    [event] = _events("snippet.create")
    assert event.actor_id == practitioner.id
    assert "jaw" not in event.detail  # the trail never holds the text


@pytest.mark.usefixtures("signed_in")
def test_change_and_remove_a_snippet(client, practitioner):
    snippet = _snippet(practitioner)
    page = client.get(f"/snippets/{snippet.id}/edit")
    assert field_value(page, "body").strip() == NODES
    client.post(f"/snippets/{snippet.id}/edit", data={"title": "Jaw nodes", "shortcut": "jaw",
                                                       "body": "Nodes settled."})
    [changed] = _snippets(practitioner)
    assert (changed.title, changed.shortcut, changed.body) == ("Jaw nodes", "jaw", "Nodes settled.")
    assert client.post(f"/snippets/{snippet.id}/delete").status_code == 302
    assert _snippets(practitioner) == []
    assert len(_events("snippet.edit")) == len(_events("snippet.delete")) == 1


@pytest.mark.usefixtures("signed_in")
@pytest.mark.parametrize(("data", "message"), [
    ({"title": "", "body": NODES}, "Give it a name."),
    ({"title": "Nodes", "body": "  "}, "Write the phrase."),
    ({"title": "Nodes", "body": NODES, "shortcut": "two words"}, "letters, digits and - only"),
    ({"title": "Nodes", "body": NODES, "shortcut": "/nodes"}, "letters, digits and - only"),
    ({"title": "Nodes", "body": "x" * 4001}, "Field cannot be longer than 4000 characters."),
    ({"title": "N" * 81, "body": NODES}, "Field cannot be longer than 80 characters."),
])
def test_bad_snippets_are_explained_and_not_stored(client, practitioner, data, message):
    response = client.post("/snippets/new", data=data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert _snippets(practitioner) == []


@pytest.mark.usefixtures("signed_in")
def test_a_shortcut_is_used_once_per_practitioner(client, practitioner, other_practitioner):
    _snippet(practitioner, title="Nodes", shortcut="nodes")
    _snippet(other_practitioner, title="Their nodes", shortcut="jaw")
    response = client.post("/snippets/new", data={"title": "Again", "shortcut": "NODES",
                                                   "body": "Another text."})
    assert "You already use /nodes for “Nodes”." in text_of(response)
    # Someone else's shortcut is theirs alone: the same one is free here.
    client.post("/snippets/new", data={"title": "Jaw", "shortcut": "jaw", "body": "Jaw."})
    assert [snippet.shortcut for snippet in _snippets(practitioner)] == ["nodes", "jaw"]


@pytest.mark.usefixtures("signed_in")
def test_another_practitioners_snippets_are_not_found_nor_shown(client, practitioner,
                                                                other_practitioner):
    theirs = _snippet(other_practitioner, title="Their phrase", body="Secret wording.",
                      shortcut="theirs")
    assert client.get(f"/snippets/{theirs.id}/edit").status_code == 404
    assert client.post(f"/snippets/{theirs.id}/edit",
                       data={"title": "x", "body": "y"}).status_code == 404
    assert client.post(f"/snippets/{theirs.id}/delete").status_code == 404
    assert "Secret wording." not in text_of(client.get("/snippets/"))
    hannah = make_client(practitioner)
    assert "Secret wording." not in client.get(f"/sessions/clients/{hannah.id}/new") \
        .get_data(as_text=True)
    assert _snippets(other_practitioner)[0].body == "Secret wording."


@pytest.mark.usefixtures("signed_in")
def test_the_session_form_lists_the_snippets_beside_the_note(client, practitioner):
    _snippet(practitioner)
    _snippet(practitioner, title="Shoulders", body="Shoulders dropped by the end.",
             shortcut=None)
    hannah = make_client(practitioner)
    draft = make_session(hannah)
    for url in (f"/sessions/clients/{hannah.id}/new", f"/sessions/{draft.id}/edit"):
        page = parse(client.get(url))
        panel = page.select_one("[data-snippets]")
        assert panel.find_parent("form", attrs={"data-session-form": True}) is not None
        # Listed to copy without JavaScript; the buttons wait for the script.
        texts = [node.get_text() for node in panel.select("[data-snippet-text]")]
        assert texts == [NODES, "Shoulders dropped by the end."]
        assert [item["data-snippet-shortcut"] for item in panel.select("[data-snippet]")] == [
            "nodes", ""]
        assert all(button.has_attr("hidden") for button in panel.select("[data-snippet-insert]"))
        assert "/snippets/" in links(str(panel))
        assert "/static/js/snippets.js" in [script.get("src") for script in page.find_all("script")]


@pytest.mark.usefixtures("signed_in")
def test_without_snippets_the_note_says_where_to_add_them(client, practitioner):
    hannah = make_client(practitioner)
    panel = parse(client.get(f"/sessions/clients/{hannah.id}/new")).select_one("[data-snippets]")
    assert "Manage your snippets" in panel.get_text()
    assert panel.select("[data-snippet]") == []


def test_snippets_are_a_practitioners_own(client, auth, admin_user):
    auth.login_as(admin_user)
    assert client.get("/snippets/").status_code == 403
    assert db.session.scalar(select(func.count(NoteSnippet.id))) == 0
