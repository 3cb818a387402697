"""The exercise library: who sees which item, search, and a practitioner's own items.

Practice-wide items (no owner) are visible to every practitioner and read-only; a
practitioner's own items are visible only to them. Items are archived, never deleted.
"""
import enum

from flask_login import current_user
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from practice.core.access import one_or_404
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.exercises.models import Exercise, ExerciseFocus


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
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        statement = statement.where(or_(func.lower(Exercise.name).like(pattern),
                                        func.lower(Exercise.summary).like(pattern),
                                        func.lower(Exercise.instructions).like(pattern)))
    if focus is not None:
        statement = statement.where(Exercise.id.in_(
            select(ExerciseFocus.exercise_id).where(ExerciseFocus.focus_system == focus)))
    return statement.order_by(func.lower(Exercise.name), Exercise.id)


def assignable_exercises(user_id: int) -> list[Exercise]:
    """Every item a practitioner can prescribe now (visible, not archived), by name."""
    return list(db.session.scalars(library_query(user_id)))


def get_exercise_or_404(exercise_id: int) -> Exercise:
    """A practice-wide item or one of the signed-in practitioner's own; else 404."""
    return one_or_404(select(Exercise).where(Exercise.id == exercise_id,
                                             visible_to(current_user.id)))


def create_exercise(owner, **fields) -> Exercise:
    focus_systems = fields.pop("focus_systems", [])
    exercise = Exercise(owner=owner, **fields)
    exercise.focus_systems = focus_systems
    db.session.add(exercise)
    return exercise


def update_exercise(exercise: Exercise, **fields) -> None:
    if exercise.is_practice_wide:
        raise PermissionError("Practice-wide exercises are read-only.")
    focus_systems = fields.pop("focus_systems", None)
    for name, value in fields.items():
        setattr(exercise, name, value)
    if focus_systems is not None:
        exercise.focus_systems = focus_systems


def copy_exercise(original: Exercise, owner) -> Exercise:
    """A practitioner's own editable copy of any item they can see."""
    return create_exercise(
        owner, copied_from=original, name=_copy_name(original.name), summary=original.summary,
        instructions=original.instructions, precautions=original.precautions,
        default_amount=original.default_amount, default_unit=original.default_unit,
        default_times=original.default_times, default_period=original.default_period,
        focus_systems=list(original.focus_systems))


def _copy_name(name: str) -> str:
    suffix = " (my version)"
    return name if name.endswith(suffix) else f"{name[:120 - len(suffix)]}{suffix}"


def set_archived(exercise: Exercise, archived: bool) -> None:
    if exercise.is_practice_wide:
        raise PermissionError("Practice-wide exercises are read-only.")
    exercise.archived_at = now_utc() if archived else None
