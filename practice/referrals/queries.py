"""Owner-scoped loading for referrals: the client, the record a referral is made from, the
client's referrals, and the overview section."""
from flask import request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404, is_record_id
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.archive import ensure_not_archived
from practice.core.errors import NotFound
from practice.core.extensions import db
from practice.intakes.models import Intake
from practice.progress.models import CheckIn
from practice.referrals.models import Referral
from practice.treatments.models import TreatmentSession

#: The records a referral can be made from: the query argument naming one, and its model.
SOURCES = {"session_id": TreatmentSession, "intake_id": Intake, "check_in_id": CheckIn}
#: The overview lists this many of the newest referrals.
OVERVIEW_LIMIT = 5


def get_client_for_referral_or_404(client_id: int) -> Client:
    """The client a referral form is for; opening the form of an archived record is refused."""
    client = get_client_or_404(client_id)
    if request.method == "GET":
        ensure_not_archived(client)
    audit.record_view("client.view", client, client_id=client.id, detail={"page": "refer"})
    return client


def get_referral_source_or_404(client: Client, arguments) -> TreatmentSession | Intake | CheckIn | None:
    """The session, intake or check-in of ``client`` named in ``arguments`` (one at most), or
    ``None`` for a referral made from the record itself; a record of anyone else is a 404."""
    named = [(name, arguments.get(name, type=int)) for name in SOURCES]
    named = [(name, record_id) for name, record_id in named if record_id is not None]
    if not named:
        return None
    if len(named) > 1 or not is_record_id(named[0][1]):
        raise NotFound()
    name, record_id = named[0]
    model = SOURCES[name]
    return one_or_404(select(model).where(model.id == record_id, model.client_id == client.id))


def get_client_for_referrals_or_404(client_id: int) -> Client:
    """The client whose referrals a page lists: audited as ``referral.view``."""
    client = get_client_or_404(client_id)
    audit.record_view("referral.view", client, client_id=client.id)
    return client


def _referrals(client_id: int):
    return (select(Referral).where(Referral.client_id == client_id)
            .options(joinedload(Referral.recorded_by), joinedload(Referral.session),
                     joinedload(Referral.intake), joinedload(Referral.check_in))
            .order_by(Referral.referred_on.desc(), Referral.id.desc()))


def referrals_statement(client: Client):
    """Every referral of ``client``, newest first, with what the list shows of each."""
    return _referrals(client.id)


@overview_section("referrals", "Referrals", "referrals/_overview_section.html", order=25,
                  kept=True)
def referrals_section(client: Client) -> dict:
    """Always shown (its Refer button is how a referral starts from the record): the newest
    referrals and how many there are, in two queries."""
    newest = db.session.scalars(_referrals(client.id).limit(OVERVIEW_LIMIT)).unique().all()
    total = db.session.scalar(select(func.count(Referral.id))
                              .where(Referral.client_id == client.id)) if newest else 0
    return {"referrals": newest, "total": total}
