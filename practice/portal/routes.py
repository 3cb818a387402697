"""The client's own pages, phone first: today's exercises, check-in, history, program."""
from datetime import date, timedelta

from flask import flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from practice.clients.queries import get_own_client_record_or_404
from practice.core.access import client_required
from practice.core.clock import local_today
from practice.core.data_stamps import practice_stamp
from practice.core.kept_renderings import kept_html
from practice.core.once import ALREADY_SAVED
from practice.core.settings import practice_settings
from practice.exercises.models import DosePeriod
from practice.exercises.queries import current_program
from practice.portal import bp, operations, queries
from practice.portal.forms import DoneForm, UndoForm
from practice.portal.operations import ARCHIVED_MESSAGE, DoneResult
from practice.portal.queries import HISTORY_DAYS, days_of_history
from practice.portal.summary import day_progress
from practice.precautions.queries import client_cautions
from practice.progress.charts import build_charts
from practice.progress.forms import EARLIEST_DAY, CheckInForm
from practice.progress.models import CheckInSource, one_per_day
from practice.progress.queries import check_in_on, check_ins_between

#: Chart ranges the client can pick on the history page, in weeks.
CHART_WEEKS = (4, 8, 12, 26)


def _closed_message(client) -> str | None:
    """Shown instead of the forms when the record is archived (reading stays open)."""
    return ARCHIVED_MESSAGE if client.is_archived else None


def _back_to(assignment) -> str:
    """The Today page, scrolled to the exercise just tapped (it keeps its place in the list)."""
    return url_for(".today", _anchor=f"assignment-{assignment.id}")


#: Flashed messages about one exercise are shown on its own card, where the client is looking
#: (templates/base.html leaves categories starting with this out of the page-wide ones).
ITEM_FEEDBACK = "item:"


def _tell(assignment, message: str, level: str) -> None:
    flash(message, f"{ITEM_FEEDBACK}{assignment.id}:{level}")


def _item_feedback(items) -> tuple[dict[int, tuple[str, str]], list[tuple[str, str]]]:
    """The messages for each exercise's card ``{assignment id: (level, message)}``, and those
    whose exercise is no longer on the page ``[(level, message)]`` (shown at the top)."""
    on_page = {item.assignment.id for item in items}
    by_item, elsewhere = {}, []
    for category, message in get_flashed_messages(with_categories=True):
        if not category.startswith(ITEM_FEEDBACK):
            continue
        assignment_id, _, level = category.removeprefix(ITEM_FEEDBACK).partition(":")
        if assignment_id.isdigit() and int(assignment_id) in on_page:
            by_item[int(assignment_id)] = (level, message)
        else:
            elsewhere.append((level, message))
    return by_item, elsewhere


def _standing(assignment, today: date) -> str:
    """Where the client stands with ``assignment`` now: "2 of 3 done today"."""
    if assignment.period is DosePeriod.DAY:
        return (f"{queries.done_on(assignment, today)} of {queries.slots_per_day(assignment)} "
                "done today")
    return f"{queries.done_in_week(assignment, today)} of {assignment.times} done this week"


@bp.route("/")
@client_required
def today():
    client = get_own_client_record_or_404()
    day = local_today()
    if _has_item_feedback():
        # The answer to a tap is shown on its card: this once, the body is drawn for itself.
        body = Markup(_draw_today(client, day))  # noqa: S704 (an autoescaped template)
    else:
        # Only stored data as of the day: kept while the client's and the practice's data are
        # unchanged (read before anything is loaded; practice/core/kept_renderings.py).
        key = ("portal today", client.id, client.data_stamp, practice_stamp(), day,
               current_user.id)
        body = kept_html(key, lambda: _draw_today(client, day))
    return render_template("portal/today.html", body=body)


def _has_item_feedback() -> bool:
    return any(category.startswith(ITEM_FEEDBACK)
               for category, _message in get_flashed_messages(with_categories=True))


def _draw_today(client, day: date) -> str:
    week = queries.last_seven_days(client, day, with_exercises=True)
    items = week.todays_items()
    forms = {item.assignment.id: DoneForm.for_assignment(item.assignment.id) for item in items
             if not item.finished_today}
    feedback, other_feedback = _item_feedback(items)
    return render_template("portal/_today.html", client=client, today=day, items=items,
                           forms=forms, undo_form=UndoForm(formdata=None),
                           cautions=client_cautions(client.id, [item.assignment for item in items]),
                           check_in=week.own_check_in_today(),
                           progress=day_progress(items), feedback=feedback,
                           other_feedback=other_feedback, week=week.in_words(),
                           closed_message=_closed_message(client))


@bp.route("/done/<int:assignment_id>", methods=["POST"])
@client_required
def done(assignment_id: int):
    client = get_own_client_record_or_404()
    assignment = queries.get_own_assignment_or_404(client, assignment_id)
    form = DoneForm.for_assignment(assignment.id, request.form)
    day = local_today()
    if not form.validate():
        _tell(assignment, "That did not save: the ratings go from 0 to 10 and the note is "
                          "limited to 2,000 characters. Please try again.", "danger")
    else:
        result, _log = operations.record_done(
            client, assignment, day, form_token=form.form_token.data,
            effort=form.effort.data, pain_after=form.pain_after.data, note=form.clean_note())
        name = assignment.exercise.name
        if result is DoneResult.RECORDED:
            _tell(assignment, f"Well done: “{name}” is recorded: {_standing(assignment, day)}.",
                  "success")
        elif result is DoneResult.ALREADY_RECORDED:
            _tell(assignment, f"That was already recorded: {_standing(assignment, day)}.", "info")
        else:
            _tell(assignment, f"“{name}” is already done for today: "
                              f"{_standing(assignment, day)}.", "info")
    return redirect(_back_to(assignment))


@bp.route("/done/<int:assignment_id>/undo", methods=["POST"])
@client_required
def undo_done(assignment_id: int):
    """Take back today's last "Done" of an exercise (a mistaken tap)."""
    client = get_own_client_record_or_404()
    assignment = queries.get_own_assignment_or_404(client, assignment_id)
    form = UndoForm()
    day = local_today()
    log_id = form.log_id.data if form.validate_on_submit() else None
    if operations.undo_done(client, assignment, log_id, day):
        _tell(assignment, f"“{assignment.exercise.name}” is undone: "
                          f"{_standing(assignment, day)}.", "success")
    else:
        _tell(assignment, f"That was already undone: {_standing(assignment, day)}.", "info")
    return redirect(_back_to(assignment))


@bp.route("/checkin", methods=["GET", "POST"])
@client_required
def checkin():
    client = get_own_client_record_or_404()
    day = local_today()
    existing = check_in_on(client.id, day, CheckInSource.CLIENT)
    form = CheckInForm(obj=existing if request.method == "GET" else None)
    if form.validate_on_submit():
        _check_in, created = operations.check_in(client, current_user, day, form.ratings(),
                                                 form.clean_note(), form.form_key.data)
        if created is None:  # the same form again: nothing new to save
            flash(ALREADY_SAVED, "info")
        else:
            flash("Thank you: today's check-in is saved." if created
                  else "Today's check-in is updated.", "success")
        return redirect(url_for(".today"))
    return render_template("portal/checkin.html", client=client, form=form, today=day,
                           existing=existing, closed_message=_closed_message(client))


@bp.route("/history")
@client_required
def history():
    client = get_own_client_record_or_404()
    day = local_today()
    weeks = request.args.get("weeks", 4, type=int)
    weeks = weeks if weeks in CHART_WEEKS else 4
    # The page asked for, or the nearest one there is: from the first day on record to today.
    start = max(queries.history_start(client), EARLIEST_DAY)
    until = min(max(_parse_day(request.args.get("until"), default=day), start), day)
    first_chart_day = day - timedelta(days=7 * weeks - 1)
    first_listed = until - timedelta(days=HISTORY_DAYS - 1)
    check_ins = check_ins_between(client.id, min(first_chart_day, first_listed), day)
    days = days_of_history(client.id, first_listed, until, check_ins)
    return render_template(
        "portal/history.html", client=client, today=day, weeks=weeks, chart_weeks=CHART_WEEKS,
        charts=build_charts(one_per_day(c for c in check_ins if c.checked_on >= first_chart_day),
                            first_chart_day, day),
        days=days, until=until, week=queries.the_week_in_words(client, day),
        earlier=first_listed - timedelta(days=1) if first_listed > start else None,
        later=min(day, until + timedelta(days=HISTORY_DAYS)) if until < day else None)


@bp.route("/program")
@client_required
def program():
    client = get_own_client_record_or_404()
    day = local_today()
    assignments = current_program(client.id, day)
    return render_template("portal/program.html", client=client, today=day,
                           assignments=assignments, practice=practice_settings(),
                           cautions=client_cautions(client.id, assignments))


def _parse_day(text: str | None, *, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default
