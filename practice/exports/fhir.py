"""FHIR R4 export: a Bundle of type ``collection``, written as a stream of entries.

First a Practitioner per member of staff in the export, then, client by client, the
Patient and every resource about them (practice/exports/fhir_mapping.py). The practice's
reference lists (exercise library, plan templates, condition types) are not patient
records and stay in the CSV and JSON exports.
"""
import json
from collections.abc import Callable, Iterator
from datetime import datetime

from practice.exports import fhir_mapping
from practice.exports.base import ExportScope
from practice.exports.collect import count_tree, iter_rows, nested_documents
from practice.exports.fhir_common import entry, resource_id
from practice.exports.registry import exporter

#: What a FHIR export reads: accounts, and clients with everything nested under them.
SOURCES = ("users", "clients")


def fhir_chunks(scope: ExportScope, exported_at: datetime,
                on_rows: Callable[[int], None] | None = None) -> Iterator[bytes]:
    bundle_id = resource_id("export", exported_at.isoformat(), scope.label)
    header = {"resourceType": "Bundle", "id": bundle_id, "type": "collection",
              "timestamp": exported_at.isoformat(timespec="seconds"), "entry": []}
    yield json.dumps(header)[:-2].encode()
    separator = "\n"

    def entries(resources) -> bytes:
        nonlocal separator
        parts = []
        for resource in resources:
            parts.append(separator + json.dumps(entry(resource), ensure_ascii=False))
            separator = ",\n"
        return "".join(parts).encode()

    users = exporter("users")
    for user in iter_rows(users, scope):
        resource = fhir_mapping.practitioner(users.row_values(user))
        if on_rows:
            on_rows(1)
        if resource:
            yield entries([resource])
    clients = exporter("clients")
    counts: dict[str, int] = {}
    for client in nested_documents(clients, scope):
        added = count_tree(clients, client, counts)
        if on_rows:
            on_rows(added)
        yield entries(fhir_mapping.patient_resources(client))
    yield b"\n]}\n"
