"""Owner-scoped loading of intakes, the intakes section of the client overview, and how a
client's measures changed from the first intake to the latest one.

Pages that show an intake load it through a ``*_for_view`` / ``*_for_edit`` loader here,
which audits the visit (``intake.view``, once per request, on GET only).

For every measure of the change a lower value is better. Pain ratings use the commonly cited
thresholds for a 0-10 scale (Farrar et al. 2001, Pain 94:149): a fall of about 30% or
2 points is a clinically important improvement, 50% a substantial one.
"""
from dataclasses import dataclass

from flask import request
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.archive import ensure_not_archived
from practice.core.extensions import db
from practice.intakes.models import ConditionType, Intake


def get_intake_or_404(client: Client, intake_id: int) -> Intake:
    """One of ``client``'s intakes (load the client with ``get_client_or_404`` first), or 404."""
    return one_or_404(select(Intake).where(Intake.id == intake_id, Intake.client_id == client.id))


def get_intake_for_view_or_404(client: Client, intake_id: int) -> Intake:
    """The intake a page shows: audited as ``intake.view``."""
    intake = get_intake_or_404(client, intake_id)
    audit.record_view("intake.view", intake, client_id=client.id)
    return intake


def get_draft_for_edit_or_404(client: Client, intake_id: int) -> Intake:
    """The intake whose edit form a page shows: audited as ``intake.view`` of the edit page.

    An archived record cannot change (``Archived``). Opening the form of an intake that is
    already signed is refused too; a form *sent* after someone signed meanwhile is not: the
    save refuses it, and the page keeps what was typed beside the signed note.
    """
    intake = get_intake_or_404(client, intake_id)
    ensure_not_archived(client)
    if request.method == "GET":
        intake.ensure_draft()
    audit.record_view("intake.view", intake, client_id=client.id, detail={"page": "edit"})
    return intake


def get_previous_intake_for_form(client: Client) -> Intake | None:
    """The latest intake, which a new re-assessment starts from (or None before the first).

    The new-intake form carries its complaint, history and medications, so the visit is
    audited: as ``intake.view`` of that intake, or ``client.view`` when there is none yet.
    An archived record takes no new intakes (``Archived``).
    """
    ensure_not_archived(client)
    intakes = client_intakes(client)
    previous = intakes[-1] if intakes else None
    if previous is not None:
        audit.record_view("intake.view", previous, client_id=client.id, detail={"page": "new"})
    else:
        audit.record_view("client.view", client, client_id=client.id,
                          detail={"page": "new_intake"})
    return previous


def offered_condition_types(current_id: int | None = None) -> list[ConditionType]:
    """The active condition types in the practice's order, plus the one already chosen."""
    shown = ConditionType.is_active.is_(True)
    if current_id:
        shown = or_(shown, ConditionType.id == current_id)
    return list(db.session.scalars(select(ConditionType).where(shown)
                                   .order_by(ConditionType.position, ConditionType.name)))


def client_intakes(client: Client) -> list[Intake]:
    """The client's intakes, oldest first, with their condition types (one query)."""
    return list(db.session.scalars(
        select(Intake).where(Intake.client_id == client.id)
        .options(joinedload(Intake.condition_type))
        .order_by(Intake.assessed_on, Intake.id)))


def is_first_intake(intake: Intake) -> bool:
    earlier = select(Intake.id).where(
        Intake.client_id == intake.client_id, Intake.id != intake.id,
        or_(Intake.assessed_on < intake.assessed_on,
            (Intake.assessed_on == intake.assessed_on) & (Intake.id < intake.id)))
    return db.session.scalar(earlier.limit(1)) is None


@overview_section("intakes", "Intakes", "intakes/_overview_section.html", order=10)
def intakes_section(client: Client) -> dict:
    """Always shown (it holds "First intake"): latest scores, their change, the history.

    One query whatever the history; covered by the overview's own ``client.view``.
    """
    intakes = client_intakes(client)
    return {"intakes": intakes, "latest": intakes[-1] if intakes else None,
            "progress": intake_progress(intakes)}


# --- change since the first intake -----------------------------------------------------------

@dataclass(frozen=True)
class MeasureChange:
    label: str
    first: int
    latest: int
    maximum: int
    #: Pain ratings get the clinical-importance reading; index scores only the change.
    is_pain_rating: bool = False

    @property
    def change(self) -> int:
        return self.latest - self.first

    @property
    def percent(self) -> int | None:
        """Change as a whole percentage of the first value (None when that was 0)."""
        return round(100 * self.change / self.first) if self.first else None

    @property
    def direction(self) -> str:
        if self.change < 0:
            return "better"
        return "worse" if self.change > 0 else "same"

    @property
    def reading(self) -> str | None:
        """A plain-words verdict on a pain change, or None for other measures."""
        if not self.is_pain_rating or self.change == 0:
            return None
        drop = -self.change
        share = drop / self.first if self.first else 0
        if drop > 0 and share >= 0.5:
            return "substantial improvement (50% or more)"
        if drop > 0 and (share >= 0.3 or drop >= 2):
            return "clinically important improvement (about 30% or 2 points)"
        if drop > 0:
            return "small improvement"
        return "pain has increased"


@dataclass(frozen=True)
class IntakeProgress:
    first: Intake
    latest: Intake
    changes: list[MeasureChange]


def intake_progress(intakes: list[Intake]) -> IntakeProgress | None:
    """Changes from the first intake to the latest (oldest-first list); None for fewer than 2."""
    if len(intakes) < 2:
        return None
    first, latest = intakes[0], intakes[-1]
    before, after = first.scores, latest.scores
    changes = [
        MeasureChange("Widespread Pain Index (WPI)", before.wpi, after.wpi, 19),
        MeasureChange("Symptom Severity Scale (SSS)", before.sss, after.sss, 12),
        MeasureChange("Polysymptomatic distress (PSD)", before.psd, after.psd, 31),
        MeasureChange("Pain overall", first.pain_overall, latest.pain_overall, 10, True),
        MeasureChange("Neck and shoulder pain", first.pain_neck_shoulders,
                      latest.pain_neck_shoulders, 10, True),
    ]
    return IntakeProgress(first, latest, changes)
