"""The portal on a phone (390 x 844) in a real browser, against the seeded demo practice.

A demo client sees today's exercises with their instructions, marks one done (a double tap
and a resent form still record it once), checks in, finds it in her history; her
practitioner sees the adherence change; another client's records stay out of reach; no
page scrolls sideways and axe-core finds nothing serious. Skipped without Chromium.
"""
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    assert_chart_text_readable,
    check_page,
    nav_link,
    sign_in_at,
)
from tests.e2e.live_server import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def open_page(open_context):
    """A guarded page of the given viewport size: ``open_page(PHONE)``."""
    return lambda viewport: open_context(viewport=viewport).new_page()


def _in_server(live_server, query):
    from practice.core.extensions import db as database

    with live_server.app.app_context():
        result = query(database.session)
        database.session.remove()
    return result


def _first_open_item(page: Page):
    return page.locator("article.today-item").filter(has=page.get_by_role("button", name=re.compile("^Done")))


def _adherence_row(page: Page, exercise: str):
    return page.locator("table.adherence-table tbody tr").filter(
        has=page.get_by_role("link", name=exercise, exact=True)).filter(has_text="Current").first


def _assert_one_scale_of_big_targets(page: Page, measure: str) -> None:
    """0 to 10 then Skip in reading order (rows top to bottom, left to right), each about
    44 px square or more."""
    boxes = page.get_by_role("group", name=measure).locator("label.rating-option").evaluate_all(
        "labels => labels.map(label => { const box = label.getBoundingClientRect();"
        " return [label.textContent.trim(), Math.round(box.top), box.left, box.width, box.height]; })")
    in_reading_order = [text for text, *_ in sorted(boxes, key=lambda box: (box[1], box[2]))]
    assert in_reading_order == [*map(str, range(11)), "Skip"], measure
    small = [(text, width, height) for text, _top, _left, width, height in boxes
             if width < 43.5 or height < 43.5]
    assert small == [], f"{measure}: tap targets under 44 px: {small}"


def test_a_client_day_on_a_phone(open_page, live_server):
    from practice.clients.models import Client
    from practice.exercises.models import Assignment

    hannah = live_server.account("client", "hannah")
    mei = live_server.account("practitioner", "mei")
    client_id = _in_server(live_server, lambda s: s.scalar(
        select(Client.id).where(Client.email == hannah.email)))
    rosas_assignment = _in_server(live_server, lambda s: s.scalar(
        select(Assignment.id).join(Client, Client.id == Assignment.client_id)
        .where(Client.given_name == "Rosa").limit(1)))

    practitioner = open_page(DESKTOP)
    sign_in_at(practitioner, live_server.url, mei.email, DEMO_PASSWORD)

    phone = open_page(PHONE)
    sign_in_at(phone, live_server.url, hannah.email, DEMO_PASSWORD)
    expect(phone.get_by_role("heading", name="Today", level=1)).to_be_visible()
    check_page(phone, phone=True)

    item = _first_open_item(phone).first
    exercise = item.get_by_role("heading", level=3).inner_text()
    practitioner.goto(f"/exercises/program/{client_id}")
    before = _adherence_row(practitioner, exercise).locator(".adherence-figures").first.inner_text()

    expect(item.get_by_role("group", name="How hard was it?")).to_be_hidden()  # folded away
    # Compact: the steps one tap away.
    steps = item.locator("ol.exercise-steps li").first
    expect(steps).to_be_hidden()
    item.locator("details.today-instructions summary").click()
    expect(steps).to_be_visible()
    progress_before = phone.locator("#day-progress progress").get_attribute("value")
    counted = item.locator(".today-count").inner_text()
    done_before = int(counted.split(" of ")[0])
    form = item.locator("form.done-form")
    resend = {field.get_attribute("name"): field.get_attribute("value")
              for field in form.locator("input[type=hidden]").all()}
    action = form.get_attribute("action")

    # Done saves in place: no new page, the message is where the tap was (in view) and takes
    # the focus, the day's progress at the top counts it (a double tap still records one).
    card_id = item.get_attribute("id")
    item.get_by_role("button", name=re.compile("^Done")).dblclick()
    feedback = phone.locator(f"#{card_id} .item-feedback")
    expect(feedback).to_contain_text("is recorded")
    expect(feedback).to_be_focused()
    expect(feedback).to_be_in_viewport()
    assert phone.url.endswith("/portal/")
    expect(phone.locator(f"#{card_id} details.today-instructions")).to_have_attribute("open", "")
    expect(phone.locator("#day-progress progress")).to_have_attribute(
        "value", str(int(progress_before) + 1))
    again = phone.request.post(action, form=resend)
    assert again.ok
    assert "already recorded" in again.text()
    card = phone.locator("article.today-item").filter(
        has=phone.get_by_role("heading", name=exercise, exact=True))
    expect(card).to_contain_text(re.compile(rf"{done_before + 1} of \d+ done|All done for today"))
    check_page(phone, phone=True)

    practitioner.reload()
    after = _adherence_row(practitioner, exercise).locator(".adherence-figures").first.inner_text()
    assert int(after.split(" of ")[0]) == int(before.split(" of ")[0]) + 1

    nav_link(phone, "Check-in").click()
    expect(phone.get_by_role("heading", name="Today's check-in")).to_be_visible()
    check_page(phone, phone=True)
    for measure in ("Pain overall", "Sleep problems"):
        _assert_one_scale_of_big_targets(phone, measure)
    for measure, value in [("Pain overall", "4"), ("Neck and shoulder pain", "5"), ("Fatigue", "6"),
                           ("Sleep problems", "7"), ("Fog (thinking, memory)", "5")]:
        phone.get_by_role("group", name=measure).get_by_text(value, exact=True).click()
    phone.get_by_label("Anything else about today?").fill("Woke twice; neck stiff.")
    phone.get_by_role("button", name="Save my check-in").click()
    expect(phone.get_by_role("status").first).to_contain_text("check-in is saved")
    expect(phone.get_by_text("You have checked in today")).to_be_visible()
    phone.get_by_role("link", name="Change today's check-in").click()
    phone.get_by_role("group", name="Pain overall").get_by_text("3", exact=True).click()
    phone.get_by_role("button", name="Update my check-in").click()
    expect(phone.get_by_role("status").first).to_contain_text("check-in is updated")

    nav_link(phone, "History").click()
    check_page(phone, phone=True)
    assert_chart_text_readable(phone)
    expect(phone.locator(".week-summary")).to_contain_text("Exercises on")
    expect(phone.get_by_role("img", name=re.compile("^Pain overall"))).to_be_visible()
    today = phone.locator("li.history-day").first
    expect(today).to_contain_text("Pain 3")
    expect(today).to_contain_text("Woke twice; neck stiff.")
    expect(today).to_contain_text(exercise)

    nav_link(phone, "My program").click()
    check_page(phone, phone=True)
    expect(phone.get_by_role("heading", name=re.compile("^Home program for Hannah"))).to_be_visible()

    not_hers = phone.request.post(f"/portal/done/{rosas_assignment}", form=resend)
    assert not_hers.status == 404
    forbidden = phone.request.get(f"/exercises/program/{client_id}")
    assert forbidden.status == 403


def test_a_practitioner_assigns_changes_and_stops_an_exercise(open_page, live_server):
    from practice.clients.models import Client

    mei = live_server.account("practitioner", "mei")
    graham_id = _in_server(live_server, lambda s: s.scalar(
        select(Client.id).where(Client.given_name == "Graham")))
    page = open_page(DESKTOP)
    sign_in_at(page, live_server.url, mei.email, DEMO_PASSWORD)

    nav_link(page, "Exercises").click()
    check_page(page)
    page.get_by_label("Focus system").select_option(label="Lymphatic")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Kidney-area rubbing")).to_have_count(0)
    page.get_by_role("link", name="Neck and collarbone lymph self-massage").click()
    check_page(page)
    page.get_by_label("Client").select_option(label="Graham Whitfield")
    page.get_by_role("button", name="Choose dose and dates").click()
    check_page(page)
    chosen = page.get_by_role("group", name="Neck and collarbone lymph self-massage")
    chosen.get_by_label("Amount").fill("4")
    chosen.get_by_label(re.compile("^Personal note")).fill("Very light strokes only.")
    page.get_by_role("button", name="Add to the home program").click()
    expect(page.get_by_role("status").first).to_contain_text("on Graham's home program")
    check_page(page)  # the client overview, with the home program and progress sections

    page.goto(f"/exercises/program/{graham_id}")
    check_page(page)
    row = page.locator("table.adherence-table tbody tr").filter(
        has=page.get_by_role("link", name="Neck and collarbone lymph self-massage"))
    expect(row).to_contain_text("4 minutes, once a day")
    row.get_by_role("link", name=re.compile("^Change")).click()
    check_page(page)
    page.get_by_label("How often").fill("2")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_role("status").first).to_contain_text("The prescription is updated")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Stop").click()
    expect(page.get_by_role("status").first).to_contain_text("is stopped from today")

    page.goto(f"/progress/client/{graham_id}")
    check_page(page)
    expect(page.get_by_role("img", name=re.compile("^Fatigue"))).to_be_visible()
    page.goto(f"/exercises/program/{graham_id}/print")
    check_page(page)
