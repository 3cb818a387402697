"""The precautions checklist in the exports: CSV, JSON (under each client) and FHIR (a Flag)."""
import json
from datetime import date, timedelta

import pytest

from practice.precautions.kinds import Limb, PrecautionKind, Side
from tests.factories.accounts import make_client
from tests.factories.precautions import make_precaution
from tests.test_exports import read_zip, run_export

#: PostgreSQL: an export reads in a REPEATABLE READ, READ ONLY transaction of its own.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def hannah(practitioner):
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    make_precaution(hannah, PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM,
                    details="Sleeve by day.")
    make_precaution(hannah, PrecautionKind.BLOOD_THINNERS, details="Warfarin",
                    noted_on=date.today() - timedelta(days=90),
                    ended_on=date.today() - timedelta(days=10))
    return hannah


def test_every_item_is_in_the_csv_with_its_dates_and_details(hannah):
    files = read_zip(run_export("csv"))
    rows = sorted(files["precautions"], key=lambda row: row["id"])
    assert [(row["kind"], row["summary"], row["side"], row["limb"], bool(row["ended_on"]))
            for row in rows] == [
        ("lymphoedema", "Lymphoedema: left arm; Sleeve by day.", "left", "arm", False),
        ("blood_thinners", "Blood thinners: Warfarin", "", "", True)]
    assert "precautions.csv" in files["README"]
    assert "precautions" not in files["clients"][0]


def test_the_json_nests_the_checklist_under_its_client(hannah):
    document = json.loads(run_export("json", hannah.id))
    [record] = document["clients"]
    assert [item["kind"] for item in record["precautions"]] == ["lymphoedema", "blood_thinners"]


def test_fhir_flags_each_precaution_active_while_it_applies(hannah):
    bundle = json.loads(run_export("fhir", hannah.id))
    flags = [entry["resource"] for entry in bundle["entry"]
             if entry["resource"]["resourceType"] == "Flag"]
    assert [(flag["status"], flag["code"]["text"]) for flag in flags] == [
        ("active", "Lymphoedema: left arm; Sleeve by day."),
        ("inactive", "Blood thinners: Warfarin")]
    assert "end" not in flags[0]["period"]
    assert flags[1]["period"]["end"] >= flags[1]["period"]["start"]
