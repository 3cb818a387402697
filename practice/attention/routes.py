"""Marking an attention item seen (the list itself is on the practitioner's Today page).

The button is a POST form with the CSRF token every form carries (``core.extensions.csrf``).
"""
from flask import flash, redirect, url_for
from flask_login import current_user

from practice.attention import bp, operations, queries
from practice.core.access import practitioner_required


@bp.route("/items/<int:item_id>/seen", methods=["POST"])
@practitioner_required
def mark_seen(item_id: int):
    item = queries.get_item_or_404(item_id)
    operations.mark_seen(item, current_user)
    flash(f"Marked seen: {item.client.full_name}. It comes back when new data arrives.",
          "success")
    return redirect(url_for("home.index", _anchor="attention-heading"))
