"""Outcomes by protocol: each client's course change, grouped by plan template and condition
type, as medians with the number of clients behind each. Pure functions.

What is counted (the page and the CSV say the same):
- a client *followed* a template when a plan of theirs copied from it ran during the period
  (started on or before its last day, not ended before its first);
- *sessions given*: signed sessions under those plans within the period;
- the change from baseline is the client's course change (``progress.baseline``): from the
  first signed intake to the latest one signed by the period's end, for pain overall, neck
  and shoulder pain (0-10), WPI and SSS; a client with one signed intake has no change yet;
- an *important improvement* is a fall in pain overall of at least 2 points or 30 % of the
  baseline (the 0-10 threshold for a course of care);
- *adherence* is the share of home-exercise doses done of those due during the period.

Observational figures from routine records, with no comparison group: they describe who was
seen, not what caused any change.
"""
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from practice.progress.baseline import CourseChange, is_important_improvement

#: The course changes reported, in column order: ``(key, label)``.
MEASURES = (("pain_overall", "Pain overall"), ("pain_neck_shoulders", "Neck and shoulder pain"),
            ("wpi", "WPI"), ("sss", "SSS"))
NO_TEMPLATE = "No template (started blank)"
NOT_RECORDED = "Condition type not recorded"


class Grouping(enum.Enum):
    TEMPLATE = "template"
    CONDITION = "condition"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {"template": "Plan template", "condition": "Condition type",
                "both": "Plan template and condition type"}[self.value]


@dataclass(frozen=True)
class FollowedPlan:
    """One plan that ran during the period: whose, from which template, sessions given."""

    client_id: int
    template_id: int | None
    template_name: str
    sessions: int


@dataclass(frozen=True)
class ClientCourse:
    """One client's figures: their condition type and course changes, and adherence."""

    client_id: int
    condition: str
    changes: dict[str, CourseChange] = field(default_factory=dict)
    #: Doses done and due during the period.
    doses_done: int = 0
    doses_due: int = 0

    @property
    def adherence(self) -> float | None:
        return 100 * self.doses_done / self.doses_due if self.doses_due else None

    @property
    def improved(self) -> bool | None:
        """An important improvement in pain overall (None without a pain change)."""
        change = self.changes.get("pain_overall")
        if change is None:
            return None
        return is_important_improvement(change.baseline, change.current)


@dataclass(frozen=True)
class Figure:
    """A median and the number of clients it is the median of."""

    value: float | None
    n: int


def median_of(values: Iterable[float | None]) -> Figure:
    present = [value for value in values if value is not None]
    return Figure(round(median(present), 1) if present else None, len(present))


@dataclass(frozen=True)
class Share:
    count: int
    n: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.n) if self.n else None


@dataclass(frozen=True)
class GroupOutcome:
    template: str | None
    condition: str | None
    clients: int
    sessions: int
    changes: dict[str, Figure]
    improved: Share
    adherence: Figure

    @property
    def label(self) -> str:
        return " · ".join(part for part in (self.template, self.condition) if part)


def group_outcomes(plans: list[FollowedPlan], courses: dict[int, ClientCourse],
                   grouping: Grouping) -> list[GroupOutcome]:
    """One row per template, condition type or both, in order of their names (the
    template-less plans and the unrecorded condition type last)."""
    members: dict[tuple, set[int]] = {}
    sessions: dict[tuple, int] = {}
    for plan in plans:
        condition = courses[plan.client_id].condition
        template = (plan.template_id, plan.template_name)
        key = {Grouping.TEMPLATE: (template, None),
               Grouping.CONDITION: ((None, None), condition),
               Grouping.BOTH: (template, condition)}[grouping]
        members.setdefault(key, set()).add(plan.client_id)
        sessions[key] = sessions.get(key, 0) + plan.sessions
    rows = []
    for key in sorted(members, key=_order):
        (_template_id, template_name), condition = key
        group = [courses[client_id] for client_id in sorted(members[key])]
        improved = [course.improved for course in group if course.improved is not None]
        rows.append(GroupOutcome(
            template=template_name, condition=condition, clients=len(group),
            sessions=sessions[key],
            changes={measure: median_of(course.changes[measure].change
                                        if measure in course.changes else None
                                        for course in group)
                     for measure, _label in MEASURES},
            improved=Share(sum(improved), len(improved)),
            adherence=median_of(course.adherence for course in group)))
    return rows


def _order(key: tuple) -> tuple:
    """By template name (then its number), then condition type; the catch-alls last."""
    (template_id, template_name), condition = key
    return (template_name == NO_TEMPLATE, (template_name or "").casefold(), template_id or 0,
            condition == NOT_RECORDED, (condition or "").casefold())
