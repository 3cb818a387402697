"""Starting an export: audit it, then hand back its file name, media type and byte stream."""
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from practice.clients.models import Client
from practice.core import audit
from practice.core.extensions import db
from practice.exports.base import ExportScope
from practice.exports.collect import count_rows, resolve_scope, snapshot
from practice.exports.csv_zip import csv_zip_chunks
from practice.exports.fhir import SOURCES as FHIR_SOURCES
from practice.exports.fhir import fhir_chunks
from practice.exports.json_doc import json_chunks
from practice.exports.registry import exporters


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    extension: str
    mimetype: str


FORMATS = {
    "csv": ExportFormat("csv", "CSV files in a zip", "zip", "application/zip"),
    "json": ExportFormat("json", "JSON document", "json", "application/json"),
    "fhir": ExportFormat("fhir", "FHIR R4 Bundle", "fhir.json", "application/fhir+json"),
}


class ExportError(ValueError):
    """An export that cannot start; the message is for the person who asked."""


@dataclass
class ExportFile:
    filename: str
    mimetype: str
    chunks: Iterator[bytes]


def start_export(format_key: str, client_id: int | None = None, *, actor=None, via: str = "web",
                 on_rows: Callable[[int], None] | None = None) -> ExportFile:
    """Write the export's audit events and commit them, then return the (lazy) export.

    The events are committed before the first byte, so an export is on record even if the
    download is interrupted. A practice-wide export also leaves a ``client.export`` event
    on each client's record, so every client can see it in their access history.
    """
    export_format = FORMATS.get(format_key)
    if export_format is None:
        raise ExportError(f"Unknown export format: {format_key}.")
    client = None
    if client_id is not None:
        client = db.session.get(Client, client_id)
        if client is None:
            raise ExportError(f"There is no client number {client_id}.")
    scope = ExportScope(client_id)
    detail = {"format": format_key, "scope": "client" if client else "practice", "via": via}
    event = audit.record("export.create", client, client_id=client_id, detail=detail, actor=actor)
    if client is None:
        for included_id in db.session.scalars(db.select(Client.id).order_by(Client.id)):
            audit.record("client.export", client_id=included_id, actor=actor,
                         detail={**detail, "export_event_id": event.id})
    exported_at = event.occurred_at
    practice = _practice_details()
    db.session.commit()
    return ExportFile(filename=_file_name(export_format, scope, exported_at),
                      mimetype=export_format.mimetype,
                      chunks=_stream(format_key, scope, exported_at, practice, on_rows))


def _practice_details() -> dict:
    from practice.core.settings import practice_settings

    settings = practice_settings()
    return {"name": settings.practice_name, "timezone": settings.timezone,
            "address": settings.address, "phone": settings.phone, "email": settings.email,
            "website": settings.website}


def _file_name(export_format: ExportFormat, scope: ExportScope, exported_at: datetime) -> str:
    what = "practice" if scope.is_practice else f"client-{scope.client_id}"
    return f"qi-practice-{what}-{exported_at.strftime('%Y%m%d-%H%M%S')}.{export_format.extension}"


def _stream(format_key: str, scope: ExportScope, exported_at: datetime, practice: dict,
            on_rows) -> Iterator[bytes]:
    with snapshot():
        scope = resolve_scope(scope)
        if format_key == "csv":
            yield from csv_zip_chunks(scope, exported_at, practice["name"], on_rows)
        elif format_key == "json":
            yield from json_chunks(scope, exported_at, practice, on_rows)
        else:
            yield from fhir_chunks(scope, exported_at, on_rows)


def records_to_export(format_key: str, client_id: int | None = None) -> int:
    """How many records an export will read (the total of a progress bar)."""
    scope = resolve_scope(ExportScope(client_id))
    included = [e for e in exporters()
                if format_key != "fhir" or e.is_client_record or e.key in FHIR_SOURCES]
    return sum(count_rows(exporter, scope) for exporter in included)
