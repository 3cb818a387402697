"""What every FHIR resource of the export is built from: ids, references, codes, quantities.

Every resource gets a deterministic id, uuid5 of its record, and the bundle refers to it
as ``urn:uuid:<id>``, so references resolve inside the bundle and the same record keeps
its id from one export to the next.
"""
import uuid

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://qi-practice.org/fhir/export")
IDENTIFIER_SYSTEM = "urn:qi-practice:"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
#: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported".
PAIN_CODING = {"system": LOINC, "code": "72514-3",
               "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def resource_id(kind: str, record_id, *part: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join([kind, str(record_id), *part])))


def ref(kind: str, record_id, *part: str) -> dict:
    return {"reference": f"urn:uuid:{resource_id(kind, record_id, *part)}"}


def entry(resource: dict) -> dict:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def identifier(kind: str, record_id) -> list[dict]:
    return [{"system": f"{IDENTIFIER_SYSTEM}{kind}-id", "value": str(record_id)}]


def score(value: int) -> dict:
    return {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}


def category(code: str, display: str) -> list[dict]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def observation(kind: str, record_id, part: str, *, client_id, code: dict, status: str,
                 effective: str, **fields) -> dict:
    resource = {"resourceType": "Observation", "id": resource_id(kind, record_id, part),
                "status": status, "category": category("survey", "Survey"), "code": code,
                "subject": ref("client", client_id), "effectiveDateTime": effective}
    resource.update({key: value for key, value in fields.items() if value is not None})
    return resource


def pain_code(text: str) -> dict:
    return {"coding": [PAIN_CODING], "text": text}


def performer(user_id, client: dict) -> dict:
    """A user as a performer: the client themselves, or a member of staff."""
    if user_id is not None and user_id == client.get("portal_user_id"):
        return ref("client", client["id"])
    return ref("user", user_id)
