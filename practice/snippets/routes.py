"""Managing one's own snippets: the list, add, change, remove."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.forms import EmptyForm
from practice.core.once import ALREADY_SAVED, create_once, sent_before
from practice.snippets import bp, operations, queries
from practice.snippets.forms import SnippetForm
from practice.snippets.models import NoteSnippet


def _shortcut_free(form: SnippetForm, snippet_id: int | None = None) -> bool:
    taken = form.shortcut.data and queries.shortcut_taken(current_user, form.shortcut.data,
                                                          leaving_out=snippet_id)
    if taken:
        form.shortcut.errors.append(f"You already use /{form.shortcut.data} for “{taken.title}”.")
    return not taken


@bp.route("/")
@practitioner_required
def index():
    return render_template("snippets/index.html", snippets=queries.own_snippets(),
                           delete_form=EmptyForm())


@bp.route("/new", methods=["GET", "POST"])
@practitioner_required
def create():
    form = SnippetForm()
    if request.method == "POST" and sent_before(form.form_key.data, current_user, NoteSnippet):
        flash(ALREADY_SAVED, "info")  # sent again: its shortcut is taken by its own first sending
        return redirect(url_for(".index"))
    if form.validate_on_submit() and _shortcut_free(form):
        _snippet, created = create_once(form.form_key.data, current_user, NoteSnippet,
                                        lambda: operations.create_snippet(current_user,
                                                                          form.fields()))
        flash(f"“{form.title.data}” is in your snippets." if created else ALREADY_SAVED,
              "success" if created else "info")
        return redirect(url_for(".index"))
    return render_template("snippets/form.html", form=form, snippet=None)


@bp.route("/<int:snippet_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit(snippet_id: int):
    snippet = queries.get_snippet_or_404(snippet_id)
    form = SnippetForm()
    if request.method == "GET":
        form.fill_from(snippet)
    if form.validate_on_submit() and _shortcut_free(form, snippet.id):
        operations.update_snippet(snippet, form.fields())
        flash("Snippet saved.", "success")
        return redirect(url_for(".index"))
    return render_template("snippets/form.html", form=form, snippet=snippet)


@bp.route("/<int:snippet_id>/delete", methods=["POST"])
@practitioner_required
def delete(snippet_id: int):
    snippet = queries.get_snippet_or_404(snippet_id)
    if EmptyForm().validate_on_submit():
        operations.delete_snippet(snippet)
        flash(f"“{snippet.title}” is removed from your snippets.", "success")
    return redirect(url_for(".index"))
