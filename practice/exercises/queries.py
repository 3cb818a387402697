"""Reading the exercise library and home programs: owner-scoped loaders and read models.

Practice-wide items (no owner) are visible to every practitioner and read-only; a
practitioner's own items are visible only to them. A client's home program is visible to
their practitioner; the loaders of the pages that show it record the viewing (on GET).
"""
import enum
from datetime import date

from flask_login import current_user
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from practice.clients.models import Client, client_name_order
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404, is_record_id
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.clock import local_today
from practice.core.errors import NotFound
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.exercises import relevance
from practice.exercises.adherence import WINDOWS, adherence_for_client
from practice.exercises.models import Assignment, Exercise, ExerciseFocus
from practice.precautions.conflicts import find_conflicts, open_conflicts
from practice.precautions.open_work import OpenWork, open_work_source


class LibraryScope(enum.Enum):
    ALL = "all"
    PRACTICE = "practice"
    MINE = "mine"
    ARCHIVED = "archived"


SCOPE_CHOICES = [(LibraryScope.ALL.value, "All exercises"),
                 (LibraryScope.PRACTICE.value, "Practice library"),
                 (LibraryScope.MINE.value, "My own"),
                 (LibraryScope.ARCHIVED.value, "My archived")]


def visible_to(user_id: int):
    """The SQL condition for items a practitioner may see: practice-wide or their own."""
    return or_(Exercise.owner_id.is_(None), Exercise.owner_id == user_id)


def library_query(user_id: int, *, search: str = "", focus: FocusSystem | None = None,
                  scope: LibraryScope = LibraryScope.ALL) -> Select:
    """The library as a practitioner sees it; with a search, the best matches first."""
    statement = select(Exercise).options(selectinload(Exercise.focus_links))
    if scope is LibraryScope.PRACTICE:
        statement = statement.where(Exercise.owner_id.is_(None), Exercise.archived_at.is_(None))
    elif scope is LibraryScope.MINE:
        statement = statement.where(Exercise.owner_id == user_id, Exercise.archived_at.is_(None))
    elif scope is LibraryScope.ARCHIVED:
        statement = statement.where(Exercise.owner_id == user_id,
                                    Exercise.archived_at.is_not(None))
    else:
        statement = statement.where(visible_to(user_id), Exercise.archived_at.is_(None))
    if focus is not None:
        statement = statement.where(Exercise.id.in_(
            select(ExerciseFocus.exercise_id).where(ExerciseFocus.focus_system == focus)))
    order = (func.lower(Exercise.name), Exercise.id)
    if relevance.search_words(search):
        statement = statement.where(relevance.matches(search))
        order = (relevance.rank(search), *order)
    return statement.order_by(*order)


def get_exercise_or_404(exercise_id: int) -> Exercise:
    """A practice-wide item or one of the signed-in practitioner's own; else 404."""
    if not is_record_id(exercise_id):
        raise NotFound()
    return one_or_404(select(Exercise).where(Exercise.id == exercise_id,
                                             visible_to(current_user.id)))


def exercises_by_id(ids) -> dict[int, Exercise]:
    """The exercises among ``ids`` the signed-in practitioner may see (archived ones too, so
    that assigning one is refused with the reason), in one query."""
    wanted = {exercise_id for exercise_id in ids
              if isinstance(exercise_id, int) and is_record_id(exercise_id)}
    if not wanted:
        return {}
    rows = db.session.scalars(select(Exercise).options(selectinload(Exercise.focus_links))
                              .where(Exercise.id.in_(wanted), visible_to(current_user.id)))
    return {exercise.id: exercise for exercise in rows}


def active_clients() -> list[Client]:
    """The signed-in practitioner's clients who can be given an exercise (names only)."""
    return list(db.session.scalars(
        select(Client).where(Client.practitioner_id == current_user.id,
                             Client.archived_at.is_(None)).order_by(*client_name_order())))


def get_assignment_or_404(assignment_id: int) -> Assignment:
    """An assignment of one of the signed-in practitioner's clients, or 404.

    The change form shows the prescription and its personal notes: a GET is audited.
    """
    if not is_record_id(assignment_id):
        raise NotFound()
    assignment = one_or_404(
        select(Assignment).join(Client, Client.id == Assignment.client_id)
        .where(Assignment.id == assignment_id, Client.practitioner_id == current_user.id))
    audit.record_view("assignment.view", assignment, client_id=assignment.client_id)
    return assignment


def get_program_client_or_404(client_id: int, *, printout: bool = False) -> Client:
    """The practitioner's client whose home program (or its printout) a page shows; audited."""
    client = get_client_or_404(client_id)
    audit.record_view("home_program.print" if printout else "home_program.view", client,
                      client_id=client.id)
    return client


def current_program(client_id: int, today: date) -> list[Assignment]:
    """The client's assignments in effect today or later, in the order they started."""
    statement = (
        select(Assignment)
        .options(selectinload(Assignment.exercise).selectinload(Exercise.focus_links))
        .where(Assignment.client_id == client_id, Assignment.stopped_on.is_(None),
               or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today))
        .order_by(Assignment.starts_on, Assignment.id))
    return list(db.session.scalars(statement))


def program_history(client_id: int) -> list[Assignment]:
    """Every prescription the client has had, newest first (replacements included)."""
    statement = (
        select(Assignment)
        .options(selectinload(Assignment.exercise), selectinload(Assignment.prescribed_by),
                 selectinload(Assignment.stopped_by))
        .where(Assignment.client_id == client_id)
        .order_by(Assignment.starts_on.desc(), Assignment.id.desc()))
    return list(db.session.scalars(statement))


@overview_section("home_program", "Home program", "exercises/_overview_section.html", order=40,
                  kept=True)
def home_program_section(client: Client) -> dict:
    """Adherence per assignment on the client overview (whose own view event covers it)."""
    today = local_today()
    return {"adherence": adherence_for_client(client.id, today), "windows": WINDOWS,
            "today": today}


@open_work_source
def assignments_in_conflict(items_by_client: dict[int, list], today: date) -> dict[int, list]:
    """Exercises on the program (now or later) that conflict with a precaution they were not
    prescribed against (two queries for any number of clients)."""
    found: dict[int, list[OpenWork]] = {}
    statement = (select(Assignment).options(selectinload(Assignment.exercise))
                 .where(Assignment.client_id.in_(list(items_by_client)),
                        Assignment.stopped_on.is_(None),
                        or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today))
                 .order_by(Assignment.starts_on, Assignment.id))
    for assignment in db.session.scalars(statement):
        items = items_by_client[assignment.client_id]
        conflicts = open_conflicts(find_conflicts(items, [(assignment.exercise.name,
                                                           assignment.exercise.conflicts_with)],
                                                  today), assignment.precaution_overrides)
        if conflicts:
            changed = max([assignment.updated_at, *(item.updated_at for item in items)])
            found.setdefault(assignment.client_id, []).append(OpenWork(
                f"Home exercise \u201c{assignment.exercise.name}\u201d", tuple(conflicts),
                ("exercises.decide_assignment", {"assignment_id": assignment.id}),
                f"assignment:{assignment.id}", changed))
    return found
