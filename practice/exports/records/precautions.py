"""Each client's precautions checklist: the items, current and ended, and when it was last
gone through with the client."""
from practice.core.clock import local_today
from practice.exports.base import Exporter, column
from practice.precautions.models import ClientPrecaution, PrecautionChecklist
from practice.precautions.wording import summary

PRECAUTIONS = Exporter(
    key="precautions", title="Precautions",
    description="Each client's precautions checklist, one row per item: what applies now "
                "(no ended_on) and what applied before, with its dates and details.",
    model=ClientPrecaution, client_column=ClientPrecaution.client_id,
    parent="clients", parent_column=ClientPrecaution.client_id,
    columns=(
        column("id", "Item number."),
        column("client_id", "The client (clients.id)."),
        column("kind", "Which precaution: infection, blood_clots, cancer, heart_failure, "
                       "kidney_failure, lymphoedema, pregnancy, recent_surgery, blood_thinners, "
                       "implanted_device, osteoporosis, reduced_sensation, broken_skin, allergies "
                       "or other."),
        column("summary", "The item in words, as the banner shows it (a pregnancy's weeks as of "
                          "the export's day, or of the day it ended).",
               lambda item: summary(item, item.ended_on or local_today())),
        column("noted_on", "The day it was noted (YYYY-MM-DD)."),
        column("ended_on", "The first day it no longer applied (YYYY-MM-DD); empty while it "
                           "applies."),
        column("details", "The practitioner's note: which medicine, device, what was cleared, "
                          "or the text of an \u201cother\u201d item."),
        column("site", "Where on the body (surgery, implanted device, reduced sensation, "
                       "broken skin)."),
        column("event_on", "When it happened: the day of the surgery (YYYY-MM-DD)."),
        column("due_on", "Pregnancy: the due date (YYYY-MM-DD)."),
        column("side", "Lymphoedema: left, right or both."),
        column("limb", "Lymphoedema: arm, leg, trunk or head_neck."),
        column("under_treatment", "Cancer: under treatment now (true), or treatment finished "
                                  "(false)."),
        column("cleared_by_doctor", "Cancer: the client's doctor cleared the work."),
        column("recorded_by_id", "Who noted it (users.id)."),
        column("created_at", "When it was noted in the app (UTC)."),
        column("updated_at", "When it last changed (UTC)."),
    ),
)

PRECAUTION_CHECKLISTS = Exporter(
    key="precaution_checklists", title="Precautions checklists", json_key="checklist",
    description="One per client whose checklist was saved or reviewed: when it was last gone "
                "through with the client at a signed intake.",
    model=PrecautionChecklist, client_column=PrecautionChecklist.client_id,
    parent="clients", parent_column=PrecautionChecklist.client_id,
    columns=(
        column("id", "Checklist number."),
        column("client_id", "The client (clients.id)."),
        column("reviewed_at", "When it was last gone through with the client at an intake "
                              "(UTC); empty if never."),
        column("reviewed_by_id", "Who went through it (users.id)."),
        column("created_at", "When the checklist was first saved (UTC)."),
        column("updated_at", "When the checklist was last saved (UTC)."),
    ),
)

EXPORTERS = [PRECAUTIONS, PRECAUTION_CHECKLISTS]
