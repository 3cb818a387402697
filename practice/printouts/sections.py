"""What each printout says: the client's details, an intake (scores, body map, answers), a
session note with its addenda, a plan, the home program and the check-ins. Each function
writes one record on a ``RecordPdf``; the chart and the client's own copy are made of them."""
from practice.clients.models import Client
from practice.core.formatting import format_date, format_datetime
from practice.exercises.models import Assignment
from practice.intakes.models import Intake
from practice.plans.models import SessionPlan
from practice.printouts.body_figure import body_map_svg
from practice.printouts.pdf import RecordPdf
from practice.progress.models import CheckIn
from practice.treatments.models import TreatmentSession


def _signed(record) -> str:
    if record.is_signed:
        signer = record.signed_by.display_name if record.signed_by else ""
        return f"Signed {format_datetime(record.signed_at)} by {signer}"
    return "Draft: not signed"


def client_details(pdf: RecordPdf, client: Client, precautions: list[str], *,
                   for_client: bool = False) -> None:
    pdf.title_line(client.full_name)
    pdf.field("Date of birth", format_date(client.date_of_birth))
    pdf.field("Pronouns", client.pronouns)
    pdf.field("Email", client.email)
    pdf.field("Phone", client.phone)
    pdf.field("Address", client.address)
    if client.emergency_contact_name or client.emergency_contact_phone:
        pdf.field("Emergency contact", " ".join(
            part for part in (client.emergency_contact_name, client.emergency_contact_phone) if part))
    pdf.field("Practitioner", client.practitioner.display_name)
    pdf.field("Precautions", "; ".join(precautions))
    if not for_client:
        pdf.field("Notes", client.notes)
    if client.is_archived:
        pdf.paragraph(f"Record archived {format_date(client.archived_at)}.", muted=True)


def intake(pdf: RecordPdf, record: Intake, *, with_body_map: bool = True) -> None:
    kind = "Intake" if record.assessed_on is None else f"Intake of {format_date(record.assessed_on)}"
    pdf.heading(kind)
    pdf.paragraph(_signed(record), muted=True)
    pdf.field("Condition profile", record.condition_label)
    scores = record.scores
    if scores is not None:
        pdf.field("Scores (ACR 2016)" if record.is_signed else "Scores (provisional)",
                  scores.summary)
    pdf.field("Pain overall (0-10)", record.pain_overall)
    pdf.field("Neck and shoulders (0-10)", record.pain_neck_shoulders)
    pdf.text_block("Chief complaint", record.chief_complaint)
    pdf.text_block("History of the complaint", record.complaint_history)
    regions = record.regions
    pdf.field(f"Painful regions ({len(regions)} of 19)",
              ", ".join(region.label for region in regions) or "none")
    if with_body_map:
        pdf.image_svg(body_map_svg(record.painful_regions or []), 95)
    answers = [[item.label, "" if answer is None else item.levels[answer]]
               for item, answer in record.symptom_answers]
    pdf.table(["Symptom severity", "Answer"], answers, [110, 64])
    review = [[entry.system.label, "; ".join(filter(None, [", ".join(entry.findings), entry.note]))]
              for entry in record.review if entry.findings or entry.note]
    pdf.table(["Systems review", "Findings"], review, [50, 124])
    pdf.text_block("Medications", record.medications)
    pdf.text_block("Goals", record.goals)
    pdf.text_block("Notes", record.notes)
    addenda(pdf, record.addenda)


def addenda(pdf: RecordPdf, rows) -> None:
    for addendum in rows:
        pdf.text_block(f"Addendum, {format_datetime(addendum.created_at)}, "
                       f"{addendum.author.display_name}", addendum.body)


def session(pdf: RecordPdf, record: TreatmentSession) -> None:
    pdf.heading(f"Session of {format_datetime(record.started_at)} ({record.duration_minutes} min)")
    pdf.paragraph(_signed(record), muted=True)
    pdf.field("Plan", record.plan_label)
    pdf.field("Practitioner", record.practitioner.display_name if record.practitioner else None)
    pains = [("Pain overall", record.pain_before, record.pain_after),
             ("Neck and shoulders", record.neck_shoulder_pain_before,
              record.neck_shoulder_pain_after)]
    pdf.table(["Pain (0-10)", "Before", "After"],
              [[label, before, after] for label, before, after in pains
               if before is not None or after is not None], [90, 42, 42])
    steps = [[step.get("technique"), step.get("body_region"), step.get("minutes"),
              step.get("note")] for step in record.performed_steps]
    pdf.table(["Technique", "Region", "Min", "Note"], steps, [55, 40, 15, 64])
    pdf.text_block("Subjective", record.subjective)
    pdf.text_block("Objective", record.objective)
    pdf.text_block("Assessment", record.assessment)
    pdf.text_block("Plan", record.plan_note)
    pdf.text_block("Home program changes", record.home_program_changes)
    addenda(pdf, record.addenda)


def plan(pdf: RecordPdf, record: SessionPlan) -> None:
    pdf.heading(f"Plan: {record.name}", level=2)
    pdf.field("Status", record.status.value.capitalize())
    pdf.field("From", f"{format_date(record.start_date)}"
                      + (f" to {format_date(record.end_date)}" if record.end_date else ""))
    pdf.field("Cadence", f"{record.sessions_per_week} a week for {record.weeks} weeks; "
                         f"{record.sessions_done} of {record.planned_sessions} sessions done")
    pdf.text_block("Goals", record.goals)
    pdf.table(["Technique", "Region", "Min", "Instructions"],
              [[step.technique, step.body_region, step.minutes, step.instructions]
               for step in record.steps], [50, 35, 15, 74])


def home_program(pdf: RecordPdf, assignments: list[Assignment]) -> None:
    pdf.heading("Home program")
    if not assignments:
        pdf.paragraph("Nothing prescribed.", muted=True)
        return
    pdf.table(["Exercise", "Dose", "From", "Until", "Note"],
              [[item.exercise.name, str(item.dose), format_date(item.starts_on),
                format_date(item.shown_last_day) if item.shown_last_day else "",
                item.notes] for item in assignments], [40, 44, 24, 24, 42])


def check_ins(pdf: RecordPdf, rows: list[CheckIn]) -> None:
    pdf.heading("Check-ins")
    if not rows:
        pdf.paragraph("None yet.", muted=True)
        return
    pdf.table(["Day", "Pain", "Neck", "Fatigue", "Sleep problems", "Fog", "By", "Note"],
              [[format_date(row.checked_on), row.pain, row.neck_shoulder_pain, row.fatigue,
                row.sleep_problems, row.fog, "client" if row.is_clients_own else "practitioner",
                row.note] for row in rows], [22, 12, 12, 15, 13, 11, 24, 65])
