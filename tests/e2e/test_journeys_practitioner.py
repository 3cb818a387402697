"""A practitioner's work with a client: from the first visit to the client's progress.

Mei (a demo practitioner) adds Lena with a precaution, takes her first intake on the body
map, reads the scores and signs, starts a plan from a template, records and signs the
session, puts an exercise on Lena's home program and looks at progress and adherence.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    accept_next_dialog,
    check_page,
    definition,
    labelled,
    nav_link,
    sign_in_at,
)

pytestmark = pytest.mark.e2e

LENA = {"given": "Lena", "family": "Fischer", "born": "1984-03-09",
        "email": "lena.fischer@example.org",
        "precautions": "Hypermobile joints: no end-range stretching."}
LENA_NAME = f"{LENA['given']} {LENA['family']}"
#: The painful regions clicked on the figure, and the one ticked from the keyboard.
CLICKED_REGIONS = ["Neck", "Shoulder girdle (left)", "Shoulder girdle (right)", "Upper arm (left)",
                   "Upper arm (right)", "Lower back", "Hip - buttock, trochanter (left)"]
KEYBOARD_REGION = "Upper back"
PLAN_TEMPLATE = "Lymph flow - neck and shoulders"
EXERCISE = "Belly breathing (diaphragmatic breathing)"


def sign_in_as_mei(page: Page, live_server, password: str) -> None:
    mei = live_server.account("practitioner", "mei.chen")
    sign_in_at(page, live_server.url, mei.email, password)
    expect(page.get_by_role("heading", name=f"Good day, {mei.name}")).to_be_visible()
    check_page(page)


def add_lena_with_a_precaution(page: Page) -> None:
    nav_link(page, "Clients").click()
    check_page(page)
    page.get_by_role("link", name="Add a client").click()
    check_page(page)
    labelled(page, "Given name").fill(LENA["given"])
    labelled(page, "Family name").fill(LENA["family"])
    labelled(page, "Date of birth").fill(LENA["born"])
    labelled(page, "Email").fill(LENA["email"])
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LENA_NAME)
    page.get_by_role("link", name="Update the checklist").click()
    check_page(page)
    page.get_by_role("checkbox", name="Other", exact=True).check()
    labelled(page, "Other: what to keep in mind").fill(LENA["precautions"])
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LENA_NAME)
    expect(page.get_by_role("note", name="Precautions", exact=True)).to_contain_text(LENA["precautions"])
    check_page(page)


def mark_painful_regions_on_the_body_map(page: Page) -> None:
    figure = page.get_by_role("group", name="Body map: select painful regions")
    expect(figure).to_be_visible()
    for region in CLICKED_REGIONS:
        figure.get_by_role("checkbox", name=region, exact=True).click()
    by_keyboard = figure.get_by_role("checkbox", name=KEYBOARD_REGION, exact=True)
    by_keyboard.focus()
    page.keyboard.press("Space")
    expect(by_keyboard).to_have_attribute("aria-checked", "true")

    chosen = [*CLICKED_REGIONS, KEYBOARD_REGION]
    expect(page.get_by_text(f"{len(chosen)} of 19 regions selected")).to_be_visible()
    # The figure ticks the real checkboxes, which are what the form sends.
    checklist = page.get_by_role("group", name="Painful regions in the past week")
    for region in chosen:
        expect(checklist.get_by_role("checkbox", name=region, exact=True).first).to_be_checked()


def answer(page: Page, question: str, choice: str) -> None:
    """Tick the radio button starting with ``choice`` in the group named ``question``."""
    page.get_by_role("group", name=question) \
        .get_by_role("radio", name=re.compile(f"^{re.escape(choice)}")).check()


def take_the_first_intake(page: Page) -> None:
    page.get_by_role("link", name="First intake").click()
    check_page(page)
    labelled(page, "Condition profile").select_option(label="Type 1 - Immune hypersensitivity")
    labelled(page, "Chief complaint").fill("Neck and shoulder pain, worse after work; poor sleep.")
    answer(page, "Symptoms at a similar level for at least 3 months?", "Yes")
    labelled(page, "Pain overall (0-10)").fill("6")
    labelled(page, "Neck and shoulder pain (0-10)").fill("7")
    mark_painful_regions_on_the_body_map(page)
    answer(page, "Fatigue (past week)", "2 - Moderate")
    answer(page, "Waking unrefreshed (past week)", "2 - Moderate")
    answer(page, "Cognitive symptoms (past week)", "1 - Slight")
    answer(page, "Headaches (past 6 months)", "1 - Yes")
    answer(page, "Pain or cramps in the lower abdomen (past 6 months)", "0 - No")
    answer(page, "Depression (past 6 months)", "0 - No")
    page.get_by_label(re.compile("^I went through the precautions checklist")).check()
    check_page(page)
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Intake saved as a draft")
    check_page(page)


def read_the_scores_and_sign_the_intake(page: Page) -> None:
    # Eight regions; symptom severity 2 + 2 + 1 + 1 (headaches) = 6: the 2016 criteria are met.
    scores = page.get_by_role("region", name="Scores")
    expect(definition(scores, "WPI")).to_have_text("8 / 19")
    expect(definition(scores, "SSS")).to_have_text("6 / 12")
    expect(definition(scores, "PSD")).to_contain_text("14 / 31")
    expect(scores.get_by_role("listitem").filter(has_text="ACR 2016 criteria")).to_contain_text("met")
    regions = page.get_by_role("region", name="Painful regions in the past week")
    expect(regions.get_by_role("listitem")).to_have_count(len(CLICKED_REGIONS) + 1)

    accept_next_dialog(page)
    page.get_by_role("button", name="Sign intake").click()
    expect(page.get_by_role("status").first).to_contain_text("signed")
    expect(page.get_by_role("button", name="Sign intake")).to_have_count(0)
    check_page(page)
    page.get_by_role("link", name=f"Back to {LENA_NAME}").click()
    expect(definition(page.get_by_role("region", name="Latest scores"), "WPI")).to_have_text("8 / 19")


def start_a_plan_from_a_template(page: Page) -> None:
    page.get_by_role("link", name="Start a plan").click()
    check_page(page)
    # Goals typed first stay when the template is chosen; choosing needs no other click.
    labelled(page, "Goals").fill("Turn her head to reverse the car without pain.")
    expect(page.get_by_role("button", name="Use this template")).to_be_hidden()
    labelled(page, "Start from a template").select_option(label=PLAN_TEMPLATE)
    expect(labelled(page, "Name")).to_have_value(PLAN_TEMPLATE)
    expect(labelled(page, "Goals")).to_have_value("Turn her head to reverse the car without pain.")
    expect(page.get_by_role("group", name="Focus systems").get_by_role("checkbox", name="Lymphatic")) \
        .to_be_checked()
    expect(page.get_by_role("group", name="Measures to watch")
           .get_by_role("checkbox", name="Neck and shoulder pain (0-10)")).to_be_checked()
    check_page(page)
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PLAN_TEMPLATE)
    check_page(page)


def record_and_sign_the_session(page: Page) -> None:
    page.get_by_role("link", name="Record a session").click()
    expect(page.get_by_role("combobox", name="Plan").locator("option:checked")).to_have_text(PLAN_TEMPLATE)
    check_page(page)
    labelled(page, "Overall pain before").fill("6")
    labelled(page, "Overall pain after").fill("3")
    labelled(page, "Neck and shoulders before").fill("7")
    labelled(page, "Neck and shoulders after").fill("4")
    labelled(page, "Subjective").fill("Stiff neck all week; slept badly on Tuesday and Wednesday.")
    labelled(page, "Objective").fill("Tender nodes under the left jaw; shoulders raised.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    pain = page.get_by_role("region", name="Pain (0-10)")
    expect(definition(pain, "Overall, before → after")).to_contain_text("6 → 3")
    check_page(page)

    accept_next_dialog(page)
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signed")
    expect(page.get_by_role("link", name="Edit draft")).to_have_count(0)
    check_page(page)


def assign_a_home_exercise(page: Page) -> None:
    page.get_by_role("link", name="Assign a home exercise").click()
    check_page(page)
    row = page.get_by_role("group", name=EXERCISE)
    row.get_by_role("checkbox", name="Assign").check()
    check_page(page)
    labelled(row, "Personal note for the client").fill("Lying down is fine on bad days.")
    page.get_by_role("button", name="Add to the home program").click()
    expect(page.get_by_role("status").first).to_contain_text(f"is on {LENA['given']}'s home program")


def see_progress_and_adherence(page: Page) -> None:
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=LENA_NAME).click()
    program = page.get_by_role("region", name="Home program", exact=True)
    row = program.get_by_role("row").filter(has_text=EXERCISE)
    expect(row).to_contain_text("5 minutes, twice a day")
    expect(row).to_contain_text("not due")  # assigned today: nothing is due before it is done
    check_page(page)

    page.get_by_role("link", name="Full progress and every check-in").click()
    expect(page.get_by_role("heading", name="Progress", level=1)).to_be_visible()
    adherence = page.get_by_role("region", name="Home program adherence").first
    expect(adherence.get_by_role("row").filter(has_text=EXERCISE)).to_be_visible()
    expect(page.get_by_role("table", name="Check-ins, newest first")).to_contain_text(
        "No check-ins in this period.")
    check_page(page)


def test_practitioner_takes_a_new_client_from_intake_to_progress(page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    add_lena_with_a_precaution(page)
    take_the_first_intake(page)
    read_the_scores_and_sign_the_intake(page)
    start_a_plan_from_a_template(page)
    record_and_sign_the_session(page)
    assign_a_home_exercise(page)
    see_progress_and_adherence(page)


def test_practitioner_reads_a_long_standing_clients_progress(page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    nav_link(page, "Clients").click()
    page.get_by_role("link", name="Price, Hannah").click()
    expect(page.get_by_role("note", name="Precautions", exact=True)).to_contain_text("Lymphoedema")
    program = page.get_by_role("region", name="Home program", exact=True)
    expect(program.get_by_role("row").filter(has_text=re.compile(r"\d+ of \d+\s+\(\d+%\)")).first) \
        .to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Full progress and every check-in").click()
    expect(page.get_by_role("figure", name=re.compile("^Pain overall"))).to_be_visible()
    check_ins = page.get_by_role("table", name="Check-ins, newest first")
    expect(check_ins.get_by_role("row").nth(2)).to_be_visible()  # a header and several days
    check_page(page)
    page.get_by_role("navigation", name="Chart range").get_by_role("link", name="12 weeks").click()
    expect(page.get_by_text(re.compile(r"over the last 12 weeks"))).to_be_visible()
    check_page(page)


def test_practitioners_pages_fit_a_phone(phone_page, live_server, password):
    """Between sessions Mei checks a client on her phone: every page fits the screen."""
    page = phone_page
    sign_in_as_mei(page, live_server, password)
    check_page(page, phone=True)
    nav_link(page, "Clients").click()
    check_page(page, phone=True)
    page.get_by_role("link", name="Price, Hannah").click()
    check_page(page, phone=True)
    record = page.url

    for region, link in [("Latest scores", None), ("Active plan", None),
                         ("Progress", "Full progress and every check-in"),
                         ("Home program", "Full history")]:
        scope = page.get_by_role("region", name=region, exact=True)
        (scope.get_by_role("link", name=link) if link else scope.get_by_role("link").first).click()
        check_page(page, phone=True)
        page.goto(record)
    page.get_by_role("region", name="Sessions", exact=True).get_by_role("listitem") \
        .filter(has_text="Signed").first.get_by_role("link").first.click()
    check_page(page, phone=True)
    page.goto(record)
    page.get_by_role("link", name="New re-assessment").click()
    check_page(page, phone=True)
    for section in ("Plan templates", "Exercises"):
        nav_link(page, section).click()
        check_page(page, phone=True)
