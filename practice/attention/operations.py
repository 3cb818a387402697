"""Working the attention items out again, and marking one seen."""
from datetime import datetime

from sqlalchemy import select

from practice.attention.models import AttentionItem
from practice.attention.queries import load_facts
from practice.attention.registry import schedule
from practice.clients.models import Client
from practice.core import audit
from practice.core.clock import local_today, now_utc, start_of_local_day
from practice.core.extensions import db

#: Clients worked out together: their facts are loaded in one batch of queries.
BATCH = 500


def refresh(client_ids, now: datetime | None = None) -> None:
    """Work out the items of ``client_ids`` from their data as it is now, and store them.

    An item still found keeps its place and, while the data it rests on is unchanged, its
    "seen" mark; one no longer found is removed; a new one is added unseen. Each batch is
    worked out in full (reads only) before anything is written.
    """
    now = now or now_utc()
    today = local_today()
    ids = sorted(set(client_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        facts = load_facts(batch, today, now)
        found = [(client_id, scheduled) for client_id in batch
                 for scheduled in schedule(facts[client_id], today)]
        stored = {(item.client_id, item.rule, item.subject): item for item in db.session.scalars(
            select(AttentionItem).where(AttentionItem.client_id.in_(batch)))}
        for client_id, scheduled in found:
            key = (client_id, scheduled.rule, scheduled.finding.subject)
            _store(stored.pop(key, None), client_id, scheduled)
        for item in stored.values():
            db.session.delete(item)


def _store(item: AttentionItem | None, client_id: int, scheduled) -> None:
    finding = scheduled.finding
    shows_from = start_of_local_day(scheduled.first_day)
    if finding.not_before is not None:
        shows_from = max(shows_from, finding.not_before)
    if item is None:
        item = AttentionItem(client_id=client_id, rule=scheduled.rule, subject=finding.subject)
        db.session.add(item)
    elif item.data_at != finding.data_at:
        item.seen_at, item.seen_by_id = None, None  # new data: it comes back
    endpoint, arguments = finding.link
    item.reason = finding.reason
    item.link_endpoint, item.link_args = endpoint, arguments
    item.data_at = finding.data_at
    item.shows_from = shows_from
    item.shows_until = (start_of_local_day(scheduled.until_day)
                        if scheduled.until_day is not None else None)
    item.raised_at = max(finding.data_at, shows_from)


def mark_seen(item: AttentionItem, user) -> None:
    """Take the item off the Today page until new data about it arrives."""
    if item.is_seen:
        return
    item.seen_at, item.seen_by_id = now_utc(), user.id
    audit.record("attention.seen", item, client_id=item.client_id,
                 detail={"rule": item.rule, "reason": item.reason})


def refresh_everyone() -> int:
    """Work out every client's items again (time alone changes some); returns how many."""
    ids = list(db.session.scalars(select(Client.id)))
    refresh(ids)
    return len(ids)
