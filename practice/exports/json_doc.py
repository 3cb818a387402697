"""JSON export: one document, each client with their records nested, written as a stream.

The lossless format: everything the practice holds, with record ids, so that ``flask --app
wsgi import`` rebuilds it in another database (an export -> import -> export gives the same
document). Shape (``format_version`` 2)::

    {"format": "qi-practice-export", "format_version": 2, "exported_at": "...",
     "practice_id": "<the installation's UUID>",
     "scope": {"type": "practice"} | {"type": "client", "client_id": 7},
     "practice": {"name": ..., "timezone": ..., "address": ..., "updated_at": ..., ...},
     "users": [...], "condition_types": [...], "plan_templates": [{..., "steps": [...]}],
     "exercises": [...],
     "clients": [{..., "intakes": [{..., "addenda": [...]}], "plans": [{..., "steps": [...]}],
                  "sessions": [{..., "addenda": [...]}],
                  "assignments": [{..., "logs": [...]}], "check_ins": [...]}],
     "audit_events": [...],
     "counts": {"clients": 6, "intakes": 12, ...}}

The lists come in ``section_order``: what a row refers to is always earlier in the document.
The fields are the CSV export's columns (its README describes them); ``counts`` at the
end gives the number of records of each type. An export made from the command line with
``--include-credentials`` adds to each user ``"credentials"``: the password hash, the
two-factor secret and its last used step, and the recovery codes (hashed), so that people
sign in as before after an import; nothing else ever writes them.
"""
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import select

from practice.auth.models import RecoveryCode, User
from practice.core.extensions import db
from practice.exports.base import ExportScope, plain
from practice.exports.collect import count_tree, nested_documents
from practice.exports.registry import exporters, top_level

FORMAT = "qi-practice-export"
FORMAT_VERSION = 2
USERS = "users"


def json_chunks(scope: ExportScope, exported_at: datetime, practice: dict, practice_id: uuid.UUID,
                on_rows: Callable[[int], None] | None = None, *,
                include_credentials: bool = False) -> Iterator[bytes]:
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
            if include_credentials and exporter.key == USERS:
                doc["credentials"] = credentials_of(doc["id"])
            yield (separator + json.dumps(doc, ensure_ascii=False)).encode()
            separator = ",\n  "
        yield b"\n ],\n"
    yield f' "counts": {json.dumps(counts)}\n}}\n'.encode()


def credentials_of(user_id: int) -> dict:
    """What signs a person in: only in an export made with ``--include-credentials``."""
    user = db.session.get(User, user_id)
    codes = db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user_id)
                               .order_by(RecoveryCode.id))
    return {"password_hash": user.password_hash, "totp_secret": user.totp_secret,
            "totp_last_step": user.totp_last_step,
            "recovery_codes": [{"id": code.id, "created_at": plain(code.created_at),
                                "code_hash": code.code_hash, "used_at": plain(code.used_at)}
                               for code in codes]}
