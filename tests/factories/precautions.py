"""Test data builders for clients' precautions checklists: plain functions that commit."""
from datetime import date, timedelta

from practice.core.extensions import db
from practice.precautions.kinds import PrecautionKind
from practice.precautions.models import ClientPrecaution


def make_precaution(client, kind: PrecautionKind, *, noted_on: date | None = None,
                    **values) -> ClientPrecaution:
    item = ClientPrecaution(client_id=client.id, kind=kind,
                            noted_on=noted_on or date.today() - timedelta(days=30),
                            recorded_by_id=client.practitioner_id, **values)
    db.session.add(item)
    db.session.commit()
    return item


def checklist_form(version: str = "0", **items) -> dict:
    """A checklist form post: ``lymphoedema={"side": "left", "limb": "arm"}`` ticks an item
    with its details; every other item is left unticked."""
    data = {"version": version}
    for kind, values in items.items():
        data[f"item_{kind}-applies"] = "y"
        for name, value in values.items():
            data[f"item_{kind}-{name}"] = value
    return data
