"""The text the app ships states no diagnosis and no treatment effect as fact.

Starter exercises, plan templates and condition types, the demo practice, every template and
every migration are read as written (Python string constants, template text), and none may
contain one of the unhedged claims below. A migration that replaces old wording keeps it in a
module-level name starting with ``REPLACED``: that text is what is being taken out, not
shipped.
"""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Unhedged claims, each with why it may not be shipped. Hedged wording ("many people find",
#: "in qigong practice", "the practitioner's classification") says the same without them.
FORBIDDEN = {
    r"\bsupports? the (kidneys?|immune|lymph|liver|adrenals?|hormones|endocrine)":
        "a treatment effect stated as fact",
    r"over-?active immune": "a diagnosis stated as fact",
    r"\bmain pump": "physiology offered as the reason an exercise works",
    r"\bpumps? (the )?lymph": "a treatment effect stated as fact",
    r"\bmoves? (the )?lymph": "a treatment effect stated as fact",
    r"\b(help|helps|get|gets|keep|keeps|getting|keeping) (the )?lymph( and blood)? mov":
        "a treatment effect stated as fact",
    r"\b(blood and )?lymph mov(ing|es) more freely": "a treatment effect stated as fact",
    r"\bget(s|ting)? blood and lymph moving": "a treatment effect stated as fact",
    r"\bdetox": "a treatment effect stated as fact",
    r"\btoxins?\b": "a treatment effect stated as fact",
    r"\bboosts?\b": "a treatment effect stated as fact",
    r"\bcures?\b": "a treatment effect stated as fact",
    r"\bheals?\b": "a treatment effect stated as fact",
    r"\bbalanc(es|ing) (the )?(hormones|endocrine system)": "a treatment effect stated as fact",
    r"\bstrengthens? the (kidneys?|immune)": "a treatment effect stated as fact",
    r"\b(settles|calms|resets|regulates) the nervous system": "a treatment effect stated as fact",
    r"\bwakes? the circulation": "a treatment effect stated as fact",
    r"\bstimulates? (the )?(lymph|immune|kidneys?|circulation|glands?)":
        "a treatment effect stated as fact",
    r"\bclear(s|ing)? the drainage point": "a treatment effect stated as fact",
    r"\bworn-down endocrine": "a diagnosis stated as fact",
    r"\bover-driven stress response": "a diagnosis stated as fact",
    r"\bpressure closes the small vessels": "physiology stated as fact",
}
PATTERNS = [(re.compile(pattern, re.IGNORECASE), why) for pattern, why in FORBIDDEN.items()]


def _python_sources() -> list[Path]:
    practice = ROOT / "practice"
    return sorted({*practice.glob("*/starter.py"), *practice.glob("demo/*.py"),
                   practice / "intakes" / "systems.py", *practice.rglob("forms.py"),
                   *(ROOT / "migrations" / "versions").glob("*.py")})


def _replaced_names(tree: ast.Module) -> set[int]:
    """Ids of the string nodes assigned to a module-level ``REPLACED*`` name."""
    skipped = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(target, ast.Name) and target.id.startswith("REPLACED")
               for target in targets) and node.value is not None:
            skipped.update(id(inner) for inner in ast.walk(node.value))
    return skipped


def python_strings(path: Path) -> list[tuple[int, str]]:
    """``(line, text)`` of every string constant in a module (adjacent literals joined)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    skipped = _replaced_names(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skipped]


def template_texts() -> list[tuple[Path, str]]:
    return [(path, path.read_text()) for path in sorted((ROOT / "templates").rglob("*.html"))]


def claims_in(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [f"“{match.group(0)}” ({why})" for pattern, why in PATTERNS
            for match in pattern.finditer(flat)]


def test_the_scan_finds_the_claims_the_review_named():
    assert claims_in("the breath is the main pump that moves lymph up the body")
    assert claims_in("supports the kidneys and water metabolism")
    assert claims_in("Fibromyalgia with an over-active immune response")
    assert claims_in("to soften tight muscles and help lymph move")
    assert not claims_in("Many people find slow breathing calming.")
    assert not claims_in("the direction lymph flows back to the veins under the collarbone")


@pytest.mark.parametrize("path", _python_sources(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_unhedged_claim_in_shipped_data(path):
    found = [f"line {line}: {claim}" for line, text in python_strings(path)
             for claim in claims_in(text)]
    assert found == [], f"{path.relative_to(ROOT)}: " + "; ".join(found)


def test_no_unhedged_claim_in_templates():
    found = [f"{path.relative_to(ROOT)}: {claim}" for path, text in template_texts()
             for claim in claims_in(text)]
    assert found == []


def test_the_replaced_wording_of_a_migration_is_not_counted(tmp_path):
    module = tmp_path / "migration.py"
    module.write_text('REPLACED = {"old": "the main pump"}\nNEW = "many find it calming"\n')
    assert [text for _line, text in python_strings(module)] == ["many find it calming"]


def test_practitioner_classifications_are_labelled_as_such():
    from practice.intakes.starter import STARTER_CONDITION_TYPES
    from practice.plans.starter import STARTER_TEMPLATES

    for row in STARTER_CONDITION_TYPES:
        if row["name"].startswith("Type"):
            assert "practitioner's classification" in row["description"]
            assert "not a medical diagnosis" in row["description"]
    lymph = next(t for t in STARTER_TEMPLATES if t["name"].startswith("Lymph flow"))
    assert "practitioner's classification" in lymph["description"]
    endocrine = next(t for t in STARTER_TEMPLATES if t["name"] == "Endocrine balancing")
    assert "qigong terms" in endocrine["description"]


# --- the demo practice tells one consistent story ------------------------------------------

TRIMESTERS = {"first": range(14), "second": range(14, 28), "third": range(28, 43)}


def test_the_demo_pregnancy_weeks_due_date_and_trimester_agree(db):
    """Priya's weeks at her first intake, her due date and any trimester named all match."""
    from sqlalchemy import select

    from practice.demo import seed_demo
    from practice.demo.clients import INTAKES
    from practice.demo.people import PRACTICE
    from practice.intakes.models import Intake
    from practice.treatments.models import TreatmentSession

    first = INTAKES["Priya"][0]
    weeks_then = int(re.search(r"(\d+) weeks pregnant", first["history"]).group(1))
    weeks_now = weeks_then + first["days_ago"] / 7
    person = next(person for practitioner in PRACTICE["practitioners"]
                  for person in practitioner["clients"] if person["given"] == "Priya")
    assert abs((40 - person["due_in_days"] / 7) - weeks_now) < 1
    seed_demo("demo-password-1")
    from practice.clients.models import Client

    priya = db.session.scalar(select(Client).where(Client.given_name == "Priya"))
    from practice.precautions.models import ClientPrecaution

    texts = [priya.notes or ""] + [item.details or "" for item in db.session.scalars(
        select(ClientPrecaution).where(ClientPrecaution.client_id == priya.id))]
    for intake in db.session.scalars(select(Intake).where(Intake.client_id == priya.id)):
        texts += [intake.complaint_history or "", intake.notes or "", intake.chief_complaint]
    for session in db.session.scalars(select(TreatmentSession)
                                      .where(TreatmentSession.client_id == priya.id)):
        texts += [session.subjective or "", session.objective or "", session.assessment or ""]
    for text in texts:
        # No season: the demo is seeded on any day of the year.
        assert "spring" not in text.lower()
        assert "autumn" not in text.lower()
        for named in re.findall(r"(first|second|third) trimester", text, re.IGNORECASE):
            assert int(weeks_now) in TRIMESTERS[named.lower()], text


def test_the_condition_profile_is_shown_as_the_practitioners_classification(client, auth,
                                                                            practitioner):
    from tests.factories.accounts import make_client
    from tests.factories.clients import make_intake
    from tests.html import text_of

    hannah = make_client(practitioner)
    intake = make_intake(hannah, signed=True)
    auth.login_as(practitioner)
    for path in (f"/clients/{hannah.id}/intakes/new", f"/clients/{hannah.id}",
                 f"/clients/{hannah.id}/intakes/{intake.id}"):
        page = text_of(client.get(path))
        assert "practitioner's classification" in page, path
        assert "not a medical diagnosis" in page, path
