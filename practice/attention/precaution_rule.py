"""The precautions checklist's rule: work under way (a home exercise, an active plan) that
conflicts with a precaution nobody weighed for it, because the checklist changed after it
was prescribed. It holds until someone keeps it with a reason or changes it."""
from practice.attention.registry import Finding, register
from practice.precautions.models import ClientPrecaution
from practice.precautions.open_work import open_work_by_client
from practice.precautions.queries import active_precautions_of

KEY = "open_conflicts"


def load_open_work(client_ids, today) -> dict:
    """The open work of each client (a fixed number of queries for any number of clients)."""
    return open_work_by_client(active_precautions_of(client_ids), today)


def open_conflicts(facts, day):
    for work in facts.extra.get(KEY, []):
        precautions = "; ".join(dict.fromkeys(conflict.precaution for conflict in work.conflicts))
        yield Finding(work.subject, f"{work.what} conflicts with {precautions}: keep it with a "
                      "reason, or change it.", work.link, work.changed_at)


register(KEY, "Open conflicts", open_conflicts, load=load_open_work, watches=(ClientPrecaution,))
