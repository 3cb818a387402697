"""“Who saw my record”: the client's view of every access to their record by someone else."""
from flask import render_template
from flask_login import current_user

from practice.access_history import bp, queries
from practice.clients.queries import get_own_client_record_or_404
from practice.core.access import client_required


@bp.route("/")
@client_required
def index():
    client = get_own_client_record_or_404()
    page = queries.access_page(client, current_user)
    return render_template("portal/access_history.html", page=page,
                           entries=queries.describe_entries(page.items),
                           summary=queries.people_who_used(client, current_user))
