"""The client's signed intakes over time: the scores chart and two intakes side by side."""
from dataclasses import dataclass, field

from sqlalchemy import select

from practice.clients.models import Client
from practice.clients.queries import get_client_or_404
from practice.core import audit
from practice.core.extensions import db
from practice.intakes.models import Intake
from practice.progress.baseline import CourseChange, intake_changes
from practice.progress.body_map import RegionChange, region_changes


@dataclass
class IntakesOverTime:
    client: Client
    #: Every signed intake, oldest first.
    intakes: list[Intake]
    #: The two intakes compared (the older one first), or None with fewer than two.
    earlier: Intake | None = None
    later: Intake | None = None
    regions: list[RegionChange] = field(default_factory=list)
    scores: list[CourseChange] = field(default_factory=list)


def signed_intakes(client_id: int) -> list[Intake]:
    """The client's signed intakes, oldest first (one query)."""
    return list(db.session.scalars(
        select(Intake).where(Intake.client_id == client_id, Intake.signed_at.is_not(None))
        .order_by(Intake.assessed_on, Intake.id)))


def _pick(intakes: list[Intake], earlier_id: int | None, later_id: int | None):
    """The pair asked for, older first; what is not one of the signed intakes falls back: the
    later one to the latest, the earlier one to the intake before it (or after, for the first)."""
    by_id = {intake.id: intake for intake in intakes}
    later = by_id.get(later_id, intakes[-1])
    earlier = by_id.get(earlier_id)
    if earlier is None or earlier is later:
        index = intakes.index(later)
        earlier = intakes[index - 1] if index > 0 else intakes[index + 1]
    return tuple(sorted((earlier, later), key=intakes.index))


def get_intakes_over_time_or_404(client_id: int, earlier_id: int | None,
                                 later_id: int | None) -> IntakesOverTime:
    """The practitioner's client's signed intakes and the two compared (two queries, however
    many intakes); the visit is audited as ``intake.compare`` with the intakes shown."""
    client = get_client_or_404(client_id)
    intakes = signed_intakes(client.id)
    found = IntakesOverTime(client, intakes)
    if len(intakes) >= 2:
        found.earlier, found.later = _pick(intakes, earlier_id, later_id)
        found.regions = region_changes(found.earlier.painful_regions,
                                       found.later.painful_regions)
        found.scores = intake_changes(found.earlier, found.later)
    audit.record_view("intake.compare", client, client_id=client.id, detail={
        "intakes": len(intakes),
        "earlier": found.earlier.id if found.earlier else None,
        "later": found.later.id if found.later else None})
    return found
