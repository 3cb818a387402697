"""Whole printouts as PDF bytes: a session note, an intake, the chart, the client's own copy."""
from practice.clients.models import Client
from practice.core.clock import local_datetime
from practice.core.database import now_utc
from practice.core.settings import practice_settings
from practice.intakes.models import Intake
from practice.printouts import sections
from practice.printouts.pdf import RecordPdf
from practice.printouts.queries import Chart, precaution_lines
from practice.treatments.models import TreatmentSession


def _pdf(client: Client, what: str) -> RecordPdf:
    return RecordPdf(practice_name=practice_settings().practice_name,
                     subject=f"{what}: {client.full_name}", printed_at=local_datetime(now_utc()))


def session_pdf(record: TreatmentSession) -> bytes:
    pdf = _pdf(record.client, "Session note")
    sections.client_details(pdf, record.client, precaution_lines(record.client))
    sections.session(pdf, record)
    return bytes(pdf.output())


def intake_pdf(client: Client, record: Intake) -> bytes:
    pdf = _pdf(client, "Intake")
    sections.client_details(pdf, client, precaution_lines(client))
    sections.intake(pdf, record)
    return bytes(pdf.output())


def chart_pdf(chart: Chart, *, for_client: bool = False) -> bytes:
    """The whole chart; ``for_client``: the client's own copy (their signed notes)."""
    pdf = _pdf(chart.client, "Your record" if for_client else "Chart")
    sections.client_details(pdf, chart.client, chart.precautions, for_client=for_client)
    if for_client:
        pdf.paragraph("Your record as kept by your practitioner: your signed intake and session "
                      "notes, your home program and your check-ins.", muted=True)
    for record in chart.intakes:
        pdf.rule()
        sections.intake(pdf, record)
    if chart.plans:
        pdf.heading("Plans")
        for record in chart.plans:
            sections.plan(pdf, record)
    for record in chart.sessions:
        pdf.rule()
        sections.session(pdf, record)
    sections.home_program(pdf, chart.assignments)
    sections.check_ins(pdf, chart.check_ins)
    return bytes(pdf.output())
