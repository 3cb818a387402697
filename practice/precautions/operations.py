"""Changes to a client's precautions checklist, its review at an intake, and the record of
going ahead against a precaution; each with its audit event.

The checklist is saved as a whole under one lock (``PrecautionChecklist.version``): an item
ticked is noted, one unticked is ended (kept, with the day it ended), one whose details
changed is updated. The audit event names the precautions and the fields, never the words
written. Going ahead against a precaution is the exception: its reason is the point of the
record, so the event keeps it (tamper-evident, beside the precautions it overrode).
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError

from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.database import now_utc
from practice.core.errors import Conflict, InvalidState
from practice.core.extensions import db
from practice.core.locking import claim_version
from practice.precautions.conflicts import (
    PrecautionConflict,
    any_grave,
    find_conflicts,
    kinds_of,
    open_conflicts,
)
from practice.precautions.kinds import PrecautionKind, parse_kinds
from practice.precautions.models import ClientPrecaution, PrecautionChecklist
from practice.precautions.queries import active_precautions, checklist_of

#: The version a form carries for a client whose checklist was never saved.
NO_CHECKLIST_VERSION = "0"


@dataclass
class ChecklistChange:
    added: list[PrecautionKind] = field(default_factory=list)
    ended: list[PrecautionKind] = field(default_factory=list)
    changed: dict[PrecautionKind, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.ended or self.changed)

    def detail(self) -> dict:
        return {"added": [kind.value for kind in self.added],
                "ended": [kind.value for kind in self.ended],
                "changed": {kind.value: names for kind, names in self.changed.items()}}


def _compare(current: dict[PrecautionKind, ClientPrecaution],
             entries: dict[PrecautionKind, dict | None], today: date) -> ChecklistChange:
    """What the form changes; fills in each wanted item's ``noted_on`` when it gave none."""
    change = ChecklistChange()
    for kind in PrecautionKind:
        wanted, item = entries.get(kind), current.get(kind)
        if wanted is not None and wanted.get("noted_on") is None:
            wanted["noted_on"] = item.noted_on if item is not None else today
        if wanted is None and item is not None:
            change.ended.append(kind)
        elif wanted is not None and item is None:
            change.added.append(kind)
        elif wanted is not None:
            names = [name for name, value in wanted.items() if getattr(item, name) != value]
            if names:
                change.changed[kind] = names
    return change


def _claim(client: Client, submitted_version) -> PrecautionChecklist:
    """The client's checklist at a new version, if nobody saved it since the form was opened
    (``Conflict`` otherwise); the first save of a client's checklist creates it."""
    checklist = checklist_of(client.id)
    if checklist is not None:
        claim_version(checklist, submitted_version)
        return checklist
    if str(submitted_version or "") != NO_CHECKLIST_VERSION:
        raise Conflict(None)
    checklist = PrecautionChecklist(client_id=client.id)
    try:
        with db.session.begin_nested():
            db.session.add(checklist)
    except IntegrityError:  # two first saves at once: the other one came first
        raise Conflict(checklist_of(client.id)) from None
    return checklist


def save_checklist(client: Client, entries: dict[PrecautionKind, dict | None],
                   submitted_version, user, today: date) -> ChecklistChange:
    """Apply the checklist form: note, end and update items. Nothing changed, nothing saved."""
    ensure_not_archived(client)
    current = {item.kind: item for item in active_precautions(client.id)}
    change = _compare(current, entries, today)
    if not change:
        return change
    checklist = _claim(client, submitted_version)
    for kind in change.ended:
        item = current[kind]
        item.ended_on = max(today, item.noted_on)
    for kind in change.added:
        db.session.add(ClientPrecaution(client_id=client.id, kind=kind, recorded_by_id=user.id,
                                        **entries[kind]))
    for kind, names in change.changed.items():
        for name in names:
            setattr(current[kind], name, entries[kind][name])
    client.touch()
    db.session.flush()
    audit.record("precautions.update", checklist, client_id=client.id, detail=change.detail())
    return change


def confirm_review(client: Client, user, intake_id: int) -> None:
    """The checklist was gone through with the client at an intake now signed."""
    checklist = checklist_of(client.id)
    if checklist is None:
        checklist = PrecautionChecklist(client_id=client.id)
        db.session.add(checklist)
    checklist.reviewed_at = now_utc()
    checklist.reviewed_by_id = user.id
    db.session.flush()
    audit.record("precautions.review", checklist, client_id=client.id,
                 detail={"intake_id": intake_id})


@dataclass(frozen=True)
class GoAhead:
    """What a form said about going ahead despite conflicts: the reason, and for the gravest
    the second confirmation."""

    reason: str | None = None
    confirmed_grave: bool = False


class ReasonNeeded(InvalidState):
    """Work that conflicts with the client's precautions, sent without a reason to go ahead."""

    default_message = ("This conflicts with the client's precautions: give the reason for "
                       "going ahead, or change what you chose.")


def check_work(acknowledged, client_id: int, work, going_ahead: GoAhead | None,
               today: date) -> list[PrecautionConflict]:
    """The conflicts of ``work`` (``(what, tags)`` pairs) with the client's precautions, but
    for those already ``acknowledged`` (the record's ``precaution_overrides``); ``ReasonNeeded``
    when there are some and no reason was given (or, for the gravest, no second confirmation).
    Nothing is recorded here: ``go_ahead`` does it once the record is saved."""
    conflicts = open_conflicts(find_conflicts(active_precautions(client_id), work, today),
                               acknowledged or [])
    if not conflicts:
        return conflicts
    if going_ahead is None or not (going_ahead.reason or "").strip():
        raise ReasonNeeded()
    if any_grave(conflicts) and not going_ahead.confirmed_grave:
        raise ReasonNeeded("This is one of the gravest conflicts with the client's precautions: "
                           "confirm that you have checked it is safe, or change what you chose.")
    return conflicts


def go_ahead(record, client_id: int, conflicts: list[PrecautionConflict], reason: str | None,
             *, confirmed_grave: bool = False) -> None:
    """Keep on ``record`` (a ``PrecautionOverrideMixin``) that it went ahead against these
    conflicts, and why; audited with the reason. A later reason is added to the earlier one."""
    if not conflicts:
        return
    kinds = kinds_of(conflicts)
    reason = (reason or "").strip()
    record.precaution_overrides = parse_kinds([*(record.precaution_overrides or []), *kinds])
    if reason and reason != record.precaution_reason:
        record.precaution_reason = f"{record.precaution_reason}\n{reason}" \
            if record.precaution_reason else reason
    db.session.flush()
    audit.record("precautions.override", record, client_id=client_id, detail={
        "precautions": [kind.value for kind in kinds], "grave": any_grave(conflicts),
        "confirmed_twice": confirmed_grave, "reason": reason})


def carry_over(source, target) -> None:
    """A record that replaces another (a changed dose) keeps what it went ahead against."""
    target.precaution_overrides = list(source.precaution_overrides)
    target.precaution_reason = source.precaution_reason

