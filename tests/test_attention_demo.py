"""The demo practice has a case of every attention rule on its practitioners' Today pages."""
import pytest

from practice.attention.registry import RULES
from practice.demo import seed_demo
from practice.demo.people import PRACTICE
from tests.html import parse


@pytest.fixture
def demo(db):
    seed_demo("demo-password-1")
    db.session.commit()


@pytest.mark.usefixtures("demo")
def test_the_demo_today_pages_name_a_case_of_every_rule(client, auth):
    shown = {}
    for practitioner in PRACTICE["practitioners"]:
        auth.login(practitioner["email"], "demo-password-1")
        page = parse(client.get("/"))
        for item in page.select(".attention-item"):
            rule = next(name.removeprefix("attention-") for name in item["class"]
                        if name.startswith("attention-") and name != "attention-item")
            shown.setdefault(rule, []).append(
                (item.select_one("a").get_text(strip=True),
                 item.select_one(".attention-reason").get_text(" ", strip=True)))
        auth.logout()
    assert set(shown) == set(RULES)
    graham = {rule: reasons for rule, reasons in shown.items()
              if any(name == "Graham Whitfield" for name, _reason in reasons)}
    assert {"worse_than_baseline", "high_rating", "check_in_note", "low_adherence"} <= set(graham)
    assert any("Couldn't find words at work" in reason for _name, reason in shown["check_in_note"])
    assert "Margaret O'Brien" in {name for name, _reason in shown["session_overdue"]}
    assert "Margaret O'Brien" in {name for name, _reason in shown["unsigned_draft"]}
