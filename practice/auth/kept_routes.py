"""The page that gives back what someone typed when their sign-in ended before they saved."""
from flask import abort, flash, redirect, render_template, url_for

from practice.auth import bp
from practice.core.forms import EmptyForm
from practice.core.kept_forms import KEPT_ID_FIELD, forget, kept_for_current_user


@bp.route("/kept/<kept_id>", methods=["GET", "POST"])
def kept_form(kept_id: str):
    kept = kept_for_current_user(kept_id)
    if kept is None:
        abort(404)
    discard_form = EmptyForm()
    if discard_form.validate_on_submit():
        forget(kept)
        flash("What you had typed is discarded.", "info")
        return redirect(url_for("home.index"))
    return render_template("auth/kept_form.html", kept=kept, discard_form=discard_form,
                           kept_id_field=KEPT_ID_FIELD)
