"""The exercise library, each client's home program (assignments) and their exercise logs."""
from sqlalchemy.orm import selectinload

from practice.exercises.models import (
    Assignment,
    Dose,
    Exercise,
    ExerciseLog,
    cancelled_before,
    shown_last_day_of,
)
from practice.exports.base import Derived, Exporter, column
from practice.exports.records.common import OVERRIDE_COLUMNS

EXERCISES = Exporter(
    key="exercises", title="Exercise library",
    description="Home exercises: the practice-wide library and practitioners' own items.",
    model=Exercise, options=(selectinload(Exercise.focus_links),),
    columns=(
        column("id", "Exercise number (assignments.exercise_id)."),
        column("owner_id", "The practitioner whose own item it is (users.id); empty for the "
                           "practice-wide library."),
        column("copied_from_id", "The exercise it was adapted from (exercises.id)."),
        column("name", "Name."),
        column("summary", "What it is for, in a sentence or two."),
        column("focus_systems", "Body systems it works on.", lambda e: list(e.focus_systems)),
        column("instructions", "Instructions for the client, one step per line."),
        column("precautions", "When to take care or stop."),
        column("conflicts_with", "The checklist precautions it conflicts with "
                                 "(precautions.kind values)."),
        column("default_amount", "Default dose: how much (see default_unit)."),
        column("default_unit", "repetitions or minutes."),
        column("default_times", "Default dose: how many times per default_period."),
        column("default_period", "day or week."),
        column("created_at", "When it was added (UTC)."),
        column("updated_at", "When it last changed (UTC)."),
        column("archived_at", "When it was archived (UTC)."),
    ),
)

ASSIGNMENTS = Exporter(
    key="assignments", title="Home program assignments",
    description="Exercises prescribed to a client. A change of dose or dates stops one "
                "assignment and starts another that replaces it, so the history is kept.",
    model=Assignment, client_column=Assignment.client_id,
    options=(selectinload(Assignment.exercise),),
    parent="clients", parent_column=Assignment.client_id,
    columns=(
        column("id", "Assignment number."),
        column("client_id", "The client (clients.id)."),
        column("exercise_id", "The exercise (exercises.id)."),
        column("exercise_name", "The exercise's name.", lambda a: a.exercise.name,
               derived=Derived(("exercise.name",))),
        column("prescribed_by_id", "Who prescribed it (users.id)."),
        column("amount", "How much each time (see unit)."),
        column("unit", "repetitions or minutes."),
        column("times", "How many times per period."),
        column("period", "day or week."),
        column("dose", "The dose in words.", lambda a: str(a.dose),
               derived=Derived(("amount", "unit", "times", "period"),
                               lambda *dose: str(Dose(*dose)))),
        column("starts_on", "First day (YYYY-MM-DD)."),
        column("ends_on", "Last planned day (YYYY-MM-DD); empty if open-ended."),
        column("last_day", "Last day it applied or applies (YYYY-MM-DD, inclusive): the planned "
                           "end, or the day before it was stopped (one stopped on its first "
                           "day shows that day); empty if open-ended (derived).",
               lambda a: a.shown_last_day,
               derived=Derived(("starts_on", "ends_on", "stopped_on"), shown_last_day_of)),
        column("cancelled_before_start", "Stopped before its first day: never on the "
                                         "client's program (derived).",
               lambda a: a.cancelled_before_start,
               derived=Derived(("starts_on", "stopped_on"), cancelled_before)),
        column("notes", "Personal notes for the client."),
        column("replaces_id", "The earlier assignment this one changed (assignments.id)."),
        column("stopped_on", "First day it no longer applied (YYYY-MM-DD)."),
        column("stopped_by_id", "Who stopped it (users.id)."),
        *OVERRIDE_COLUMNS,
        column("created_at", "When it was prescribed (UTC)."),
        column("updated_at", "When it last changed (UTC)."),
    ),
)

EXERCISE_LOGS = Exporter(
    key="exercise_logs", title="Exercise logs", json_key="logs",
    description="The client's own record of doing an assigned exercise.",
    model=ExerciseLog, client_column=ExerciseLog.client_id,
    parent="assignments", parent_column=ExerciseLog.assignment_id,
    columns=(
        column("id", "Log number."),
        column("assignment_id", "The assignment (assignments.id)."),
        column("client_id", "The client (clients.id)."),
        column("logged_on", "The day it was done (YYYY-MM-DD, practice time zone)."),
        column("slot", "Which time that day (1, 2, ...) for exercises done several times a day."),
        column("logged_at", "When it was logged (UTC)."),
        column("effort", "How hard it felt, 0 (no effort) to 10 (maximum)."),
        column("pain_after", "Pain right afterwards, 0-10 numeric rating scale."),
        column("note", "The client's note."),
    ),
)

EXPORTERS = [EXERCISES, ASSIGNMENTS, EXERCISE_LOGS]
