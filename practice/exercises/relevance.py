"""Exercise search by relevance, as one SQL condition and one SQL rank (SQLite and PostgreSQL).

An item matches when every word searched for is in its name, summary, steps or focus system.
The best matches come first: the name itself, then names that start with the search, names
with a word that starts with it, names that hold it anywhere, names that hold every word; then
items that only mention it in their summary or steps, and last those that only share a focus
system. Ties go alphabetically. Case is ignored (``lower()``: ASCII letters on SQLite) and
``%``, ``_`` and ``\\`` match themselves.
"""
from sqlalchemy import ColumnElement, and_, case, func, or_, select

from practice.core.focus import FocusSystem
from practice.exercises.models import Exercise, ExerciseFocus

#: Characters that start a word inside a name ("Belly breathing (diaphragmatic...)").
WORD_STARTS = (" ", "(", "-", "/")
#: Rank of an item that matches only through its summary or steps, and through a focus system.
IN_TEXT, IN_FOCUS = 5, 6


def search_words(search: str) -> list[str]:
    return search.lower().split()


def _name():
    return func.lower(Exercise.name)


def _in_text(word: str) -> ColumnElement[bool]:
    return or_(func.lower(Exercise.summary).contains(word, autoescape=True),
               func.lower(Exercise.instructions).contains(word, autoescape=True))


def _in_focus(word: str) -> ColumnElement[bool]:
    systems = [focus for focus in FocusSystem
               if word in focus.label.lower() or word in focus.value.replace("_", " ")]
    if not systems:
        return Exercise.id.is_(None)  # never true: no focus system has the word
    return Exercise.id.in_(select(ExerciseFocus.exercise_id)
                           .where(ExerciseFocus.focus_system.in_(systems)))


def matches(search: str) -> ColumnElement[bool]:
    """Every word is somewhere in the item: its name, summary, steps or focus system."""
    return and_(*(or_(_name().contains(word, autoescape=True), _in_text(word), _in_focus(word))
                  for word in search_words(search)))


def rank(search: str) -> ColumnElement[int]:
    """0 for the best match, up to ``IN_FOCUS``; sort by it, then by name."""
    phrase = " ".join(search_words(search))
    words = search_words(search)
    return case(
        (_name() == phrase, 0),
        (_name().startswith(phrase, autoescape=True), 1),
        (or_(*(_name().contains(start + phrase, autoescape=True) for start in WORD_STARTS)), 2),
        (_name().contains(phrase, autoescape=True), 3),
        (and_(*(_name().contains(word, autoescape=True) for word in words)), 4),
        (and_(*(or_(_name().contains(word, autoescape=True), _in_text(word))
                for word in words)), IN_TEXT),
        else_=IN_FOCUS)
