"""Reading a client's precautions: the loaders of the checklist pages (audited), the active
items every check reads, and what the client's other pages show of them (the banner, the
list's badge, the overview section)."""
from flask import g, has_request_context, request
from sqlalchemy import select

from practice.clients.banner import banner_section, list_badges
from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404
from practice.core import audit
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.core.locking import version_of
from practice.precautions.conflicts import PrecautionConflict, find_conflicts
from practice.precautions.kinds import PrecautionKind
from practice.precautions.models import ClientPrecaution, PrecautionChecklist
from practice.precautions.open_work import OpenWork, open_work_by_client
from practice.precautions.wording import client_caution, summary

_ORDER = {kind: number for number, kind in enumerate(PrecautionKind)}


def in_checklist_order(items) -> list[ClientPrecaution]:
    return sorted(items, key=lambda item: (_ORDER[item.kind], item.noted_on, item.id or 0))


def active_precautions(client_id: int) -> list[ClientPrecaution]:
    """The precautions that apply to the client now, in checklist order (one query).

    A page view (GET) reads them once per client: its banner, its conflict checks and its
    own sections all ask, and nothing changes them within it."""
    read = _read_in_this_view()
    if read is not None and client_id in read:
        return list(read[client_id])
    items = in_checklist_order(db.session.scalars(select(ClientPrecaution).where(
        ClientPrecaution.client_id == client_id, ClientPrecaution.ended_on.is_(None))))
    if read is not None:
        read[client_id] = items
    return list(items)


def _read_in_this_view() -> dict | None:
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return None
    return g.setdefault("active_precautions", {})


def active_precautions_of(client_ids) -> dict[int, list[ClientPrecaution]]:
    """The active precautions of several clients at once (one query)."""
    found: dict[int, list[ClientPrecaution]] = {client_id: [] for client_id in client_ids}
    for item in db.session.scalars(select(ClientPrecaution).where(
            ClientPrecaution.client_id.in_(list(found)), ClientPrecaution.ended_on.is_(None))):
        found[item.client_id].append(item)
    return {client_id: in_checklist_order(items) for client_id, items in found.items()}


def conflicts_for(client_id: int, work) -> list[PrecautionConflict]:
    """What ``work`` (``(what, tags)`` pairs) conflicts with on the client's checklist now."""
    return find_conflicts(active_precautions(client_id), work, local_today())


def client_cautions(client_id: int, assignments) -> dict[int, list[str]]:
    """For each assignment, the cautions the client reads beside it: one per active precaution
    its exercise conflicts with, in plain words that never name the condition (one query)."""
    items = {item.kind: item for item in active_precautions(client_id)}
    found = {}
    for assignment in assignments:
        lines = [client_caution(items[kind]) for kind in assignment.exercise.conflicts_with
                 if kind in items]
        if lines:
            found[assignment.id] = list(dict.fromkeys(lines))
    return found


def open_work(client: Client, items=None, today=None) -> list[OpenWork]:
    """The client's work under way that conflicts with a precaution nobody weighed for it."""
    today = today or local_today()
    items = active_precautions(client.id) if items is None else items
    return open_work_by_client({client.id: items}, today).get(client.id, [])


def precaution_history(client_id: int) -> list[ClientPrecaution]:
    """Items that no longer apply, most recently ended first."""
    return list(db.session.scalars(select(ClientPrecaution).where(
        ClientPrecaution.client_id == client_id, ClientPrecaution.ended_on.is_not(None))
        .order_by(ClientPrecaution.ended_on.desc(), ClientPrecaution.id.desc())))


def checklist_of(client_id: int) -> PrecautionChecklist | None:
    return db.session.scalar(select(PrecautionChecklist)
                             .where(PrecautionChecklist.client_id == client_id))


def checklist_version(client_id: int) -> str:
    """What the checklist form carries: the lock's value ("0" before the first save)."""
    checklist = checklist_of(client_id)
    return version_of(checklist) if checklist is not None else "0"


def get_client_for_checklist_or_404(client_id: int, page: str = "checklist") -> Client:
    """The client whose checklist a page shows (clinical data): audited on GET."""
    client = get_client_or_404(client_id)
    audit.record_view("precautions.view", client, client_id=client.id, detail={"page": page})
    return client


# --- on the client's other pages -----------------------------------------------------------

@banner_section("precautions/_banner.html", order=10)
def precautions_banner(client: Client) -> dict | None:
    """The active precautions, one line each, on every page about the client (one query)."""
    items = active_precautions(client.id)
    if not items:
        return None
    today = local_today()
    return {"lines": [summary(item, today) for item in items]}


@list_badges
def precaution_badges(clients: list[Client]) -> dict[int, list[str]]:
    """"Precautions" beside each client of a list page who has any (one query)."""
    ids = [client.id for client in clients]
    with_any = set(db.session.scalars(select(ClientPrecaution.client_id).distinct().where(
        ClientPrecaution.client_id.in_(ids), ClientPrecaution.ended_on.is_(None))))
    return {client_id: ["Precautions"] for client_id in with_any}


@overview_section("precautions", "Precautions checklist", "precautions/_overview_section.html",
                  order=5, kept=True)
def precautions_section(client: Client) -> dict:
    """Always shown: the active items, when the checklist was last reviewed, and any work
    that conflicts with a precaution nobody weighed yet."""
    today = local_today()
    items = active_precautions(client.id)
    return {"items": items, "today": today, "summary": summary,
            "checklist": checklist_of(client.id), "open_work": open_work(client, items, today)}
