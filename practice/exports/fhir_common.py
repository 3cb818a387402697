"""What every FHIR resource of the export is built from: ids, references, quantities.

Every resource id is a UUID (version 5) of its record in the namespace of the practice's own
UUID (``practice_identity``, made at the first migration), and the bundle refers to it as
``urn:uuid:<id>``: references resolve inside the bundle, a record keeps its id from one
export to the next, and two practices never share an id. Identifier systems are derived the
same way (``urn:uuid:`` of the practice UUID and the record type), so client 1 of one
practice and client 1 of another carry different identifiers.
"""
import uuid
from dataclasses import dataclass

from practice.exports.fhir_terms import SURVEY, UCUM


@dataclass(frozen=True)
class Ids:
    """Resource ids, references and identifiers of one practice's export."""

    practice: uuid.UUID
    #: The export's day (ISO date): a prescription whose last day is before it is completed.
    as_of: str | None = None

    def resource_id(self, kind: str, record_id, *part: str) -> str:
        return str(uuid.uuid5(self.practice, "/".join([kind, str(record_id), *part])))

    def ref(self, kind: str, record_id, *part: str) -> dict:
        return {"reference": f"urn:uuid:{self.resource_id(kind, record_id, *part)}"}

    def identifier_system(self, kind: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.practice, f'identifier/{kind}-id')}"

    def identifier(self, kind: str, record_id) -> list[dict]:
        return [{"system": self.identifier_system(kind), "value": str(record_id)}]

    @property
    def organization(self) -> dict:
        return self.ref("organization", "practice")

    def performer(self, user_id, client: dict) -> dict:
        """A user as a performer: the client themselves, or a member of staff."""
        if user_id is not None and user_id == client.get("portal_user_id"):
            return self.ref("client", client["id"])
        return self.ref("user", user_id)


def entry(resource: dict) -> dict:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def score(value: int) -> dict:
    return {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}


def compact(**fields) -> dict:
    """The fields that have a value (FHIR allows no empty elements)."""
    return {key: value for key, value in fields.items() if value not in (None, [], {}, "")}


def observation(ids: Ids, kind: str, record_id, part: str, *, client_id, code: dict,
                status: str, effective: str, **fields) -> dict:
    resource = {"resourceType": "Observation", "id": ids.resource_id(kind, record_id, part),
                "status": status, "category": SURVEY, "code": code,
                "subject": ids.ref("client", client_id)}
    resource.update(compact(effectiveDateTime=effective, **fields))
    return resource


def record_status(record: dict) -> str:
    """Observation / Composition status of a signable record: discarded, signed or draft."""
    if record.get("discarded_at"):
        return "entered-in-error"
    return "final" if record.get("signed_at") else "preliminary"
