"""JSON export: one document, each client with their records nested, written as a stream.

Shape (``format_version`` 1)::

    {"format": "qi-practice-export", "format_version": 1, "exported_at": "...",
     "scope": {"type": "practice"} | {"type": "client", "client_id": 7},
     "practice": {"name": ..., "timezone": ..., "address": ..., ...},
     "users": [...], "condition_types": [...],
     "clients": [{..., "intakes": [{..., "addenda": [...]}], "plans": [{..., "steps": [...]}],
                  "sessions": [{..., "addenda": [...]}],
                  "assignments": [{..., "logs": [...]}], "check_ins": [...]}],
     "plan_templates": [{..., "steps": [...]}], "exercises": [...],
     "counts": {"clients": 6, "intakes": 12, ...}}

The fields are the CSV export's columns (its README describes them); ``counts`` at the
end gives the number of records of each type in the document.
"""
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime

from practice.exports.base import ExportScope
from practice.exports.collect import count_tree, nested_documents
from practice.exports.registry import exporters, top_level

FORMAT = "qi-practice-export"
FORMAT_VERSION = 1


def json_chunks(scope: ExportScope, exported_at: datetime, practice: dict, practice_id: uuid.UUID,
                on_rows: Callable[[int], None] | None = None) -> Iterator[bytes]:
    header = {"format": FORMAT, "format_version": FORMAT_VERSION,
              "exported_at": exported_at.isoformat(), "practice_id": str(practice_id),
              "scope": ({"type": "practice"} if scope.is_practice
                        else {"type": "client", "client_id": scope.client_id}),
              "practice": practice}
    counts = dict.fromkeys((exporter.key for exporter in exporters()), 0)
    yield json.dumps(header, ensure_ascii=False, indent=1)[:-2].encode() + b",\n"
    for exporter in top_level():
        yield f' "{exporter.key}": ['.encode()
        separator = "\n  "
        for doc in nested_documents(exporter, scope):
            added = count_tree(exporter, doc, counts)
            if on_rows:
                on_rows(added)
            yield (separator + json.dumps(doc, ensure_ascii=False)).encode()
            separator = ",\n  "
        yield b"\n ],\n"
    yield f' "counts": {json.dumps(counts)}\n}}\n'.encode()
