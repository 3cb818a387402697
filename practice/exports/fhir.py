"""FHIR R4B export: a Bundle of type ``collection``, written as a stream of entries.

First the practice's Organization, the local CodeSystems and the intake Questionnaire, then
a Practitioner per member of staff in the export, then, client by client, the Patient and
every resource about them (practice/exports/fhir_mapping.py). The exercise library is read
once (id -> instructions and precautions) for the prescriptions; plan templates and
condition types are not patient records and stay in the CSV and JSON exports.
"""
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo

from practice.exports import fhir_mapping
from practice.exports.base import ExportScope
from practice.exports.collect import count_tree, iter_rows, nested_documents
from practice.exports.fhir_common import Ids, entry
from practice.exports.fhir_terms import code_systems, intake_questionnaire
from practice.exports.registry import exporter

#: What a FHIR export reads: accounts, the exercise library, and clients with everything
#: nested under them.
SOURCES = ("users", "exercises", "clients")


def fhir_chunks(scope: ExportScope, exported_at: datetime, practice: dict, practice_id: uuid.UUID,
                zone: tzinfo, on_rows: Callable[[int], None] | None = None) -> Iterator[bytes]:
    ids = Ids(practice_id, as_of=exported_at.astimezone(zone).date().isoformat())
    header = {"resourceType": "Bundle",
              "id": ids.resource_id("export", exported_at.isoformat(), scope.label),
              "identifier": {"system": ids.identifier_system("export"),
                             "value": f"{exported_at.isoformat()}/{scope.label}"},
              "type": "collection", "timestamp": exported_at.isoformat(timespec="seconds"),
              "entry": []}
    yield json.dumps(header)[:-2].encode()
    separator = "\n"

    def entries(resources) -> bytes:
        nonlocal separator
        parts = []
        for resource in resources:
            parts.append(separator + json.dumps(entry(resource), ensure_ascii=False))
            separator = ",\n"
        return "".join(parts).encode()

    yield entries([fhir_mapping.organization(ids, practice), *code_systems(ids),
                   intake_questionnaire(ids)])
    users = exporter("users")
    for user in iter_rows(users, scope):
        resource = fhir_mapping.practitioner(ids, users.row_values(user))
        if on_rows:
            on_rows(1)
        if resource:
            yield entries([resource])
    exercises = {}
    for exercise in iter_rows(exporter("exercises"), scope):
        exercises[exercise.id] = {"instructions": exercise.instructions,
                                  "precautions": exercise.precautions}
        if on_rows:
            on_rows(1)
    clients = exporter("clients")
    counts: dict[str, int] = {}
    for client in nested_documents(clients, scope):
        added = count_tree(clients, client, counts)
        if on_rows:
            on_rows(added)
        yield entries(fhir_mapping.patient_resources(ids, client, exercises))
    yield b"\n]}\n"
