"""Working the attention items out again, and marking one seen.

Two ways to store what the rules found, with the same result: ``refresh`` through the ORM,
for the few clients one commit changed (``tracking``), and ``refresh_in_bulk`` in a fixed
number of statements per batch of clients, for the whole practice (``flask attention
refresh``, ``flask seed-large``).
"""
from datetime import date, datetime

from sqlalchemy import delete, insert, select, update

from practice.attention.models import AttentionItem
from practice.attention.queries import load_facts
from practice.attention.registry import schedule
from practice.clients.models import Client
from practice.core import audit
from practice.core.clock import local_today, now_utc, start_of_local_day
from practice.core.extensions import db

#: Where ``tracking`` notes the clients a transaction changed (``session.info``).
CHANGED_KEY = "attention_changed_clients"
#: Clients worked out together: their facts are loaded in one batch of queries.
BATCH = 500
#: The columns a refresh writes from the rules' findings.
WRITTEN = ("reason", "link_endpoint", "link_args", "data_at", "shows_from", "shows_until",
           "raised_at")


def _batches(client_ids):
    ids = sorted(set(client_ids))
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def worked_out(client_ids, today: date, now: datetime) -> dict[tuple[int, str, str], dict]:
    """The items the rules find for ``client_ids`` (one batch), as column values by
    ``(client_id, rule, subject)``; reads only."""
    facts = load_facts(client_ids, today, now)
    found = {}
    for client_id in client_ids:
        for scheduled in schedule(facts[client_id], today):
            values = _values(client_id, scheduled)
            found[(client_id, values["rule"], values["subject"])] = values
    return found


def _values(client_id: int, scheduled) -> dict:
    finding = scheduled.finding
    shows_from = start_of_local_day(scheduled.first_day)
    if finding.not_before is not None:
        shows_from = max(shows_from, finding.not_before)
    endpoint, arguments = finding.link
    return {"client_id": client_id, "rule": scheduled.rule, "subject": finding.subject,
            "reason": finding.reason, "link_endpoint": endpoint, "link_args": arguments,
            "data_at": finding.data_at, "shows_from": shows_from,
            "shows_until": (start_of_local_day(scheduled.until_day)
                            if scheduled.until_day is not None else None),
            "raised_at": max(finding.data_at, shows_from)}


def refresh(client_ids, now: datetime | None = None) -> None:
    """Work out the items of ``client_ids`` from their data as it is now, and store them.

    An item still found keeps its place and, while the data it rests on is unchanged, its
    "seen" mark; one no longer found is removed; a new one is added unseen. Each batch is
    worked out in full (reads only) before anything is written.
    """
    now = now or now_utc()
    today = local_today()
    for batch in _batches(client_ids):
        found = worked_out(batch, today, now)
        stored = {(item.client_id, item.rule, item.subject): item for item in db.session.scalars(
            select(AttentionItem).where(AttentionItem.client_id.in_(batch)))}
        for key, values in found.items():
            _store(stored.pop(key, None), values)
        for item in stored.values():
            db.session.delete(item)


def _store(item: AttentionItem | None, values: dict) -> None:
    if item is None:
        item = AttentionItem(client_id=values["client_id"], rule=values["rule"],
                             subject=values["subject"])
        db.session.add(item)
    elif item.data_at != values["data_at"]:
        item.seen_at, item.seen_by_id = None, None  # new data: it comes back
    for name in WRITTEN:
        setattr(item, name, values[name])


def refresh_in_bulk(client_ids, now: datetime | None = None) -> None:
    """``refresh`` for many clients: per batch, the facts in a fixed number of queries, the
    stored items in one, then one statement each for the new, changed and gone items (rows
    written as they are, no ORM objects: a whole practice's items in seconds).

    Items of these clients loaded in the session are expired, so they read the stored rows.
    """
    now = now or now_utc()
    today = local_today()
    stored_columns = [AttentionItem.id, AttentionItem.client_id, AttentionItem.rule,
                      AttentionItem.subject,
                      *(getattr(AttentionItem, name) for name in WRITTEN)]
    for batch in _batches(client_ids):
        found = worked_out(batch, today, now)
        changed, gone, stored_data_at = [], [], {}
        for row in db.session.execute(select(*stored_columns)
                                      .where(AttentionItem.client_id.in_(batch))):
            values = found.pop((row.client_id, row.rule, row.subject), None)
            if values is None:
                gone.append(row.id)
                continue
            if all(getattr(row, name) == values[name] for name in WRITTEN):
                continue
            stored_data_at[row.id] = row.data_at
            changed.append({"id": row.id, **{name: values[name] for name in WRITTEN},
                            "updated_at": now})
        if gone:
            db.session.execute(delete(AttentionItem).where(AttentionItem.id.in_(gone)),
                               execution_options={"synchronize_session": False})
        if changed:
            # Bulk UPDATE by id; new data brings an item marked seen back (as ``_store``).
            kept = [row for row in changed if row["data_at"] == stored_data_at[row["id"]]]
            renewed = [{**row, "seen_at": None, "seen_by_id": None} for row in changed
                       if row["data_at"] != stored_data_at[row["id"]]]
            for rows in (kept, renewed):
                if rows:
                    db.session.execute(update(AttentionItem), rows)
        if found:
            # Nulls written as such, so the rows share one statement (not one per null).
            db.session.execute(insert(AttentionItem).execution_options(render_nulls=True),
                               [{**values, "updated_at": now} for values in found.values()])
    for item in list(db.session.identity_map.values()):
        if isinstance(item, AttentionItem):
            db.session.expire(item)


def mark_seen(item: AttentionItem, user) -> None:
    """Take the item off the Today page until new data about it arrives."""
    if item.is_seen:
        return
    item.seen_at, item.seen_by_id = now_utc(), user.id
    audit.record("attention.seen", item, client_id=item.client_id,
                 detail={"rule": item.rule, "reason": item.reason})


def refresh_everyone() -> int:
    """Work out every client's items again (time alone changes some); returns how many.

    The clients whose saves this transaction noted (``tracking``) are among them: the commit
    has none left to work out again.
    """
    db.session.flush()
    ids = list(db.session.scalars(select(Client.id)))
    refresh_in_bulk(ids)
    db.session.info.pop(CHANGED_KEY, None)
    return len(ids)
