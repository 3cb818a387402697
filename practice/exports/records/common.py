"""Column groups that several record types share (signed notes and their addenda)."""
from sqlalchemy.orm import contains_eager

from practice.exports.base import Derived, Exporter, column

#: The columns of ``signing.SignableMixin``.
SIGNING_COLUMNS = (
    column("signed_at", "When it was signed and locked (UTC); empty for a draft."),
    column("signed_by_id", "Who signed it (users.id)."),
)


#: The columns of ``precautions.models.PrecautionOverrideMixin``.
OVERRIDE_COLUMNS = (
    column("precaution_overrides", "The client's precautions it conflicted with and went ahead "
                                   "against (precautions.kind values); empty if none."),
    column("precaution_reason", "Why it went ahead anyway, in the practitioner's words."),
)


def addenda_exporter(*, key: str, title: str, description: str, model, to_parent, parent: str,
                     parent_label: str) -> Exporter:
    """The exporter of an ``AddendumMixin`` table, each addendum nested under its record.

    :param to_parent: the addendum's relationship to its record (which has ``client_id``).
    """
    relationship = to_parent.key
    parent_column = getattr(model, f"{relationship}_id")
    return Exporter(
        key=key, title=title, description=description, json_key="addenda",
        model=model, client_column=to_parent.property.mapper.class_.client_id,
        joins=(to_parent,), options=(contains_eager(to_parent),),
        parent=parent, parent_column=parent_column,
        columns=(
            column("id", "Addendum number."),
            column(parent_column.key, f"The {parent_label} it belongs to ({parent}.id)."),
            column("client_id", "The client (clients.id).",
                   lambda addendum: getattr(addendum, relationship).client_id,
                   derived=Derived((f"{relationship}.client_id",))),
            column("author_id", "Who wrote it (users.id)."),
            column("created_at", "When it was written (UTC)."),
            column("body", "The text of the addendum."),
        ),
    )
