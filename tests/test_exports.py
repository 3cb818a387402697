"""Record exports: every format opens in standard tools, counts match, scope and secrets hold."""
import csv
import io
import json
import shutil
import subprocess
import zipfile
from collections import Counter

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import func, select

from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.extensions import db
from practice.exercises.models import Assignment, Exercise, ExerciseLog
from practice.exports.csv_zip import csv_cell
from practice.exports.operations import start_export
from practice.exports.registry import csv_exporters, exporters
from practice.intakes.models import ConditionType, Intake, IntakeAddendum
from practice.plans.models import PlanStep, PlanTemplate, SessionPlan
from practice.progress.models import CheckIn
from practice.referrals.models import Referral
from practice.treatments.models import SessionAddendum, TreatmentSession
from tests.factories.accounts import make_user
from tests.factories.exports import make_full_record

#: PostgreSQL: an export reads in a REPEATABLE READ, READ ONLY transaction of its own.
pytestmark = pytest.mark.real_commits

#: Each CSV file and the rows of the database it must hold (practice-wide export).
TABLES = {
    "users": select(User), "condition_types": select(ConditionType), "clients": select(Client),
    "intakes": select(Intake), "intake_addenda": select(IntakeAddendum),
    "plans": select(SessionPlan), "plan_steps": select(PlanStep).where(PlanStep.plan_id.is_not(None)),
    "plan_templates": select(PlanTemplate),
    "template_steps": select(PlanStep).where(PlanStep.template_id.is_not(None)),
    "sessions": select(TreatmentSession), "session_addenda": select(SessionAddendum),
    "exercises": select(Exercise), "assignments": select(Assignment),
    "exercise_logs": select(ExerciseLog), "check_ins": select(CheckIn),
}


def run_export(format_key: str, client_id: int | None = None, actor=None) -> bytes:
    export = start_export(format_key, client_id, actor=actor)
    db.session.commit()  # what the unit of work does before a download streams
    return b"".join(export.chunks)


def db_count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def read_zip(data: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    files = {}
    for name in archive.namelist():
        if name.endswith(".csv"):
            with archive.open(name) as raw:
                files[name[:-4]] = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")))
    files["README"] = archive.read("README.txt").decode()
    return files


@pytest.fixture
def practice_records(practitioner, other_practitioner, admin_user):
    """Two clients of one practitioner, one of another; the third has no portal account."""
    return [make_full_record(practitioner, "Alpha"), make_full_record(practitioner, "Bravo"),
            make_full_record(other_practitioner, "Charlie", portal=False)]


def test_the_registry_covers_every_record_type_the_issue_lists():
    keys = {exporter.key for exporter in exporters()}
    assert {"clients", "intakes", "plans", "plan_steps", "sessions", "session_addenda",
            "intake_addenda", "exercises", "assignments", "exercise_logs", "check_ins",
            "users"} <= keys
    for exporter in exporters():
        assert all(col.description.strip() for col in exporter.columns), exporter.key
        assert exporter.columns[0].name == "id"


def test_csv_zip_has_a_file_per_type_with_counts_matching_the_database(practice_records):
    files = read_zip(run_export("csv"))
    for key, statement in TABLES.items():
        assert len(files[key]) == db_count(statement), key
    assert len(files["clients"]) == 3
    assert {row["given_name"] for row in files["clients"]} == {"GivenAlpha", "GivenBravo", "GivenCharlie"}
    session = files["sessions"][0]
    assert session["pain_before"] == "6"
    assert json.loads(session["steps"])[0]["technique"] == "Lymph strokes"
    intake = files["intakes"][0]
    assert (intake["wpi"], intake["sss"], intake["psd"]) == ("3", "7", "10")
    assert intake["painful_regions"] == "neck; upper_back; hip_left"


@pytest.mark.skipif(shutil.which("unzip") is None, reason="needs the unzip tool")
def test_csv_zip_is_deflated_and_opens_in_unzip(practice_records, tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(run_export("csv"))
    archive = zipfile.ZipFile(path)
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    assert sum(info.compress_size for info in archive.infolist()) < \
        sum(info.file_size for info in archive.infolist()) / 2
    checked = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True,  # noqa: S603, S607
                             check=False)
    assert checked.returncode == 0, checked.stdout
    assert "No errors detected" in checked.stdout


def test_csv_readme_describes_every_column_of_every_file(practice_records):
    files = read_zip(run_export("csv"))
    readme = files["README"]
    assert "audit_events" not in files  # the audit log has a CSV download of its own
    for exporter in csv_exporters():
        assert f"{exporter.file_name} - {exporter.title} ({len(files[exporter.key])} row" in readme
        header = list(files[exporter.key][0].keys()) if files[exporter.key] else None
        if header:
            assert header == [col.name for col in exporter.columns]
        for col in exporter.columns:
            assert f"  {col.name.ljust(max(len(c.name) for c in exporter.columns))}  " \
                   f"{col.description}" in readme


def test_csv_readme_names_the_spreadsheet_format_and_points_to_json(practice_records):
    readme = read_zip(run_export("csv"))["README"]
    assert "This is the spreadsheet format" in readme
    assert "'+44 7700 900123" in readme
    assert "use the JSON export instead" in readme


def test_csv_cells_are_safe_to_open_in_a_spreadsheet():
    assert csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_cell("+44 7700 900101") == "'+44 7700 900101"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell(-3) == "-3"
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true"
    assert csv_cell(["neck", "hip_left"]) == "neck; hip_left"
    assert csv_cell({"a": [1]}) == '{"a": [1]}'


def test_json_document_nests_records_per_client_and_counts_match(practice_records):
    document = json.loads(run_export("json"))
    assert document["format"] == "qi-practice-export"
    assert document["format_version"] == 2
    assert document["scope"] == {"type": "practice"}
    for key, statement in TABLES.items():
        assert document["counts"][key] == db_count(statement), key
    alpha = next(c for c in document["clients"] if c["given_name"] == "GivenAlpha")
    assert len(alpha["intakes"]) == 1
    assert len(alpha["intakes"][0]["addenda"]) == 1
    assert [step["position"] for step in alpha["plans"][0]["steps"]] == [1, 2]
    assert alpha["sessions"][0]["addenda"][0]["body"] == "Session addendum Alpha"
    assert len(alpha["assignments"][0]["logs"]) == 2
    assert len(alpha["check_ins"]) == 3
    assert {"Alpha"} == {word for c in alpha["check_ins"] for word in c["note"].split()} - {"Check-in"}
    assert len(document["users"]) == db_count(select(User))
    assert all(template["steps"] for template in document["plan_templates"])


def references(value):
    """Every Reference.reference string anywhere in a resource."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def fhir_bundle(client_id=None) -> dict:
    document = json.loads(run_export("fhir", client_id))
    Bundle.model_validate(document)
    return document


def test_fhir_resource_counts_match_the_database(practice_records):
    bundle = fhir_bundle()
    kinds = Counter(entry["resource"]["resourceType"] for entry in bundle["entry"])
    assert kinds["Organization"] == 1
    assert kinds["Patient"] == kinds["CareTeam"] == db_count(select(Client))
    assert kinds["Practitioner"] == db_count(select(User).where(User.role != Role.CLIENT))
    assert kinds["Encounter"] == db_count(select(TreatmentSession))
    homes = db_count(select(Assignment.client_id).distinct())
    assert kinds["CarePlan"] == db_count(select(SessionPlan)) + homes
    assert kinds["ServiceRequest"] == (db_count(select(SessionPlan)) + db_count(select(Assignment))
                                       + db_count(select(Referral)))
    assert kinds["Goal"] == db_count(select(SessionPlan).where(SessionPlan.goals.is_not(None)))
    steps = sum(len(s.steps) for s in db.session.scalars(select(TreatmentSession)))
    assert kinds["Procedure"] == db_count(select(ExerciseLog)) + steps
    assert kinds["QuestionnaireResponse"] == db_count(select(Intake))
    notes = db_count(select(Intake)) + db_count(select(TreatmentSession))
    addenda = db_count(select(IntakeAddendum)) + db_count(select(SessionAddendum))
    assert kinds["Composition"] == notes + addenda
    assert kinds["Provenance"] == notes  # every note of these records is signed
    # Per intake WPI, SSS, PSD and two pain ratings; four pain ratings a session; pain and
    # effort per exercise log; a panel and five ratings per check-in.
    expected = (5 * db_count(select(Intake)) + 4 * db_count(select(TreatmentSession))
                + 2 * db_count(select(ExerciseLog)) + 6 * db_count(select(CheckIn)))
    assert kinds["Observation"] == expected


def test_fhir_observations_carry_units_and_scales(practice_records):
    bundle = fhir_bundle()
    observations = [e["resource"] for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "Observation"]
    texts = {o["code"]["text"] for o in observations}
    assert "Widespread Pain Index (WPI) 0-19, ACR 2016" in texts
    assert "Symptom Severity Scale (SSS) 0-12, ACR 2016" in texts
    assert "Polysymptomatic Distress (PSD = WPI + SSS) 0-31" in texts
    pain = next(o for o in observations
                if o["code"]["text"].startswith("Pain severity 0-10 (NRS), overall, before"))
    assert pain["code"]["coding"][0] == {"system": "http://loinc.org", "code": "72514-3",
                                         "display": "Pain severity - 0-10 verbal numeric rating "
                                                    "[Score] - Reported"}
    assert pain["valueQuantity"]["value"] == 6
    for observation in observations:
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        if "valueQuantity" in observation:
            assert observation["valueQuantity"]["system"] == "http://unitsofmeasure.org"
            assert observation["valueQuantity"]["code"] == "{score}"


def test_fhir_ids_are_the_same_from_one_export_to_the_next(practice_records):
    first = {e["fullUrl"] for e in fhir_bundle()["entry"]}
    second = {e["fullUrl"] for e in fhir_bundle()["entry"]}
    assert first == second


@pytest.mark.parametrize("format_key", ["csv", "json", "fhir"])
def test_a_one_client_export_holds_nothing_of_any_other_client(practice_records, format_key):
    alpha, bravo, charlie = practice_records
    data = run_export(format_key, alpha.id)
    text = data.decode() if format_key != "csv" else json.dumps(read_zip(data))
    assert "Alpha" in text
    for other in ("Bravo", "Charlie", bravo.portal_user.email):
        assert other not in text, other
    if format_key == "csv":
        files = read_zip(data)
        client_ids = {row["client_id"] for key in TABLES for row in files[key] if "client_id" in row}
        assert client_ids == {str(alpha.id)}
        user_ids = {row["id"] for row in files["users"]}
        assert user_ids == {str(alpha.practitioner_id), str(alpha.portal_user_id)}
        assert len(files["exercises"]) == 1
        assert files["plan_templates"] == []
        assert files["template_steps"] == []
    if format_key == "json":
        document = json.loads(data)
        assert document["scope"] == {"type": "client", "client_id": alpha.id}
        assert [c["id"] for c in document["clients"]] == [alpha.id]


def test_a_one_client_fhir_bundle_still_resolves_every_reference(practice_records):
    bundle = fhir_bundle(practice_records[2].id)
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("Practitioner") == 1
    for entry in bundle["entry"]:
        assert set(references(entry["resource"])) <= full_urls


@pytest.mark.parametrize("format_key", ["csv", "json", "fhir"])
def test_secrets_never_appear_in_an_export(practice_records, format_key):
    with_two_factor = make_user(Role.PRACTITIONER)
    with_two_factor.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    db.session.commit()
    users = db.session.scalars(select(User)).all()
    secrets = [value for user in users
               for value in (user.password_hash, user.totp_secret, user.security_stamp) if value]
    secrets += db.session.scalars(select(ExerciseLog.form_token)).all()
    assert len(secrets) > 10
    data = run_export(format_key)
    text = json.dumps(read_zip(data)) if format_key == "csv" else data.decode()
    for secret in secrets:
        assert secret not in text


#: Columns deliberately left out: sign-in secrets, the status they are folded into, edit
#: versions (bookkeeping), the other owner of a plan step, a log's resubmission nonce, a
#: client's folded search name (derived from the names and email) and data stamp (what kept
#: renderings are keyed by: a new one is made at any change).
NOT_EXPORTED = {
    "users": {"password_hash", "security_stamp", "totp_secret", "totp_last_step", "is_enabled"},
    "clients": {"version", "search_name", "data_stamp"}, "intakes": {"version"}, "sessions": {"version"},
    "precaution_checklists": {"version"}, "appointments": {"version"},
    "plan_steps": {"template_id"}, "template_steps": {"plan_id"},
    "exercise_logs": {"form_token"},
}


def test_every_column_is_exported_or_deliberately_left_out():
    """A column added to a model must be added to its exporter (or listed above, with why)."""
    for exporter in exporters():
        stored = {column.key for column in exporter.model.__table__.columns}
        exported = {col.name for col in exporter.columns}
        assert stored - exported == NOT_EXPORTED.get(exporter.key, set()), exporter.key


#: Tables about clients that hold no record of their own: worked out from the exported ones.
DERIVED_TABLES = {"attention_items"}


def test_every_table_holding_client_records_has_an_exporter():
    """A new record type about clients (a foreign key to clients) must be exported too."""
    exported_tables = {exporter.model.__tablename__ for exporter in exporters()}
    about_clients = {table.name for table in db.metadata.sorted_tables
                     if any(fk.column.table.name == "clients" for fk in table.foreign_keys)}
    assert about_clients - DERIVED_TABLES <= exported_tables


def test_a_one_client_export_counts_the_same_in_csv_and_json(practice_records):
    alpha = practice_records[0]
    template = db.session.scalars(select(PlanTemplate).order_by(PlanTemplate.id)).first()
    plan = db.session.scalars(select(SessionPlan).where(SessionPlan.client_id == alpha.id)).one()
    plan.template_id = template.id
    db.session.commit()
    files = read_zip(run_export("csv", alpha.id))
    counts = json.loads(run_export("json", alpha.id))["counts"]
    assert counts.pop("audit_events") == 0  # a one-client export holds no trail
    assert {key: len(files[key]) for key in counts} == counts
    assert [row["id"] for row in files["plan_templates"]] == [str(template.id)]
    assert len(files["template_steps"]) == len(template.steps) > 0
