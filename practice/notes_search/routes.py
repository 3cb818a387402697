"""The notes search page: a search box, and each hit with its excerpt and a link."""
from flask import render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.search import clean_search
from practice.notes_search import bp, operations
from practice.notes_search.documents import Kind
from practice.notes_search.queries import LIMIT, Hit, search_notes, words_of


def page_of(hit: Hit) -> str:
    """Where a hit opens: its intake, session or plan (an addendum's own record)."""
    if hit.kind in (Kind.INTAKE, Kind.INTAKE_ADDENDUM):
        return url_for("intakes.intake", client_id=hit.client_id, intake_id=hit.page_id)
    if hit.kind in (Kind.SESSION, Kind.SESSION_ADDENDUM):
        return url_for("treatments.view_session", session_id=hit.page_id)
    return url_for("plans.view_plan", plan_id=hit.page_id)


@bp.route("/")
@practitioner_required
def index():
    search = clean_search(request.args.get("q"))
    include_archived = request.args.get("archived") == "1"
    words = words_of(search)
    hits = search_notes(current_user.id, search, include_archived=include_archived) if words else []
    shown = hits[:LIMIT]
    if words:
        operations.record_search(words, shown, include_archived=include_archived)
    return render_template("notes_search/index.html", search=search, words=words,
                           hits=[(hit, page_of(hit)) for hit in shown], more=len(hits) > LIMIT,
                           include_archived=include_archived, limit=LIMIT)
