"""Practice settings and the condition-type list: reading, saving, auditing. Callers commit."""
from sqlalchemy import func

from practice.clients.models import ConditionType
from practice.core import audit
from practice.core.extensions import db
from practice.core.settings import SETTINGS_ID, PracticeSettings, forget_cached_settings, is_valid_timezone

SETTINGS_FIELDS = ("practice_name", "timezone", "address", "phone", "email", "website")


class SettingsError(ValueError):
    """A change the settings cannot take; the message is for the admin."""


def save_settings(values: dict, user) -> list[str]:
    """Store the submitted settings; return the names of the fields that changed."""
    if not is_valid_timezone(values["timezone"]):
        raise SettingsError("Choose a time zone from the list, e.g. Europe/London.")
    settings = db.session.get(PracticeSettings, SETTINGS_ID)
    if settings is None:
        settings = PracticeSettings(id=SETTINGS_ID)
        db.session.add(settings)
    changed = [name for name in SETTINGS_FIELDS
               if (getattr(settings, name) or None) != (values[name] or None)]
    for name in SETTINGS_FIELDS:
        setattr(settings, name, values[name] or None)
    settings.updated_by_id = user.id
    if changed:
        audit.record("settings.change", settings, detail={"fields": changed,
                                                          "timezone": settings.timezone})
    forget_cached_settings()
    return changed


# --- Condition types -------------------------------------------------------------------------

def condition_types() -> list[ConditionType]:
    return list(db.session.scalars(
        db.select(ConditionType).order_by(ConditionType.position, ConditionType.id)))


def _name_taken(name: str, except_id: int | None = None) -> bool:
    query = db.select(ConditionType.id).where(func.lower(ConditionType.name) == name.lower())
    if except_id is not None:
        query = query.where(ConditionType.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def add_condition_type(name: str, description: str | None) -> ConditionType:
    name = name.strip()
    if _name_taken(name):
        raise SettingsError("A condition type with this name already exists.")
    last = db.session.scalar(db.select(func.max(ConditionType.position))) or 0
    condition_type = ConditionType(name=name, description=(description or "").strip() or None,
                                   position=last + 1, is_active=True)
    db.session.add(condition_type)
    audit.record("condition_type.create", condition_type, detail={"name": name})
    return condition_type


def update_condition_type(condition_type: ConditionType, name: str, description: str | None) -> None:
    name = name.strip()
    if _name_taken(name, except_id=condition_type.id):
        raise SettingsError("A condition type with this name already exists.")
    old_name = condition_type.name
    condition_type.name = name
    condition_type.description = (description or "").strip() or None
    audit.record("condition_type.change", condition_type, detail={"from": old_name, "to": name})


def move_condition_type(condition_type: ConditionType, step: int) -> None:
    """Move one place up (-1) or down (+1); positions are renumbered 1..n."""
    ordered = condition_types()
    index = ordered.index(condition_type)
    target = index + step
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    audit.record("condition_type.reorder", condition_type, detail={"position": target + 1})


def set_condition_type_active(condition_type: ConditionType, active: bool) -> None:
    """Retire (no longer offered on new intakes; old intakes keep it) or bring back."""
    condition_type.is_active = active
    audit.record("condition_type.restore" if active else "condition_type.retire", condition_type,
                 detail={"name": condition_type.name})


def condition_type_usage(condition_type_ids) -> dict[int, int]:
    """How many records refer to each condition type, over every table with a key to it.

    Found from the schema, so a feature that starts referring to condition types is counted
    without a change here.
    """
    ids = list(condition_type_ids)
    usage = dict.fromkeys(ids, 0)
    if not ids:
        return usage
    for table in db.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table.name != ConditionType.__tablename__:
                continue
            column = foreign_key.parent
            rows = db.session.execute(db.select(column, func.count()).where(column.in_(ids))
                                      .group_by(column))
            for type_id, count in rows:
                usage[type_id] += count
    return usage


def delete_condition_type(condition_type: ConditionType) -> None:
    """Delete a type nothing refers to; a used one must be retired instead."""
    if condition_type_usage([condition_type.id])[condition_type.id]:
        raise SettingsError(f"“{condition_type.name}” is used on intake records, so it cannot be "
                            "deleted. Retire it instead: it stays on those records but is no "
                            "longer offered.")
    audit.record("condition_type.delete", condition_type, detail={"name": condition_type.name})
    db.session.delete(condition_type)
