"""Starting an export: audit it, then hand back its file name, media type and byte stream.

The stream is lazy: it reads nothing until the caller iterates it, which must be after the
unit of work has committed the export's audit events (a web response streams after the
request's commit; the ``export`` command iterates after its ``unit_of_work`` block). So an
export is on record even if the download is interrupted, and the download reads from a
snapshot of its own (``collect.snapshot``). Everything the writers need besides the records
(the practice's details and time zone) is read here, before the stream starts.
"""
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo

from practice.clients.models import Client
from practice.core import audit
from practice.core.clock import practice_timezone
from practice.core.errors import DomainError, NotFound
from practice.core.extensions import db
from practice.core.settings import practice_settings
from practice.exports.base import ExportScope
from practice.exports.collect import resolve_scope, snapshot
from practice.exports.csv_zip import csv_zip_chunks
from practice.exports.fhir import fhir_chunks
from practice.exports.json_doc import json_chunks


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


class ExportError(DomainError):
    """An export that cannot start; the message is for the person who asked."""


@dataclass
class ExportFile:
    filename: str
    mimetype: str
    chunks: Iterator[bytes]


@dataclass(frozen=True)
class _Practice:
    """The practice as the writers print it, read before the stream starts."""

    details: dict
    zone: tzinfo


def start_export(format_key: str, client_id: int | None = None, *, actor=None, via: str = "web",
                 on_rows: Callable[[int], None] | None = None) -> ExportFile:
    """Record the export's audit events in the current unit of work; return the (lazy) export.

    A practice-wide export also leaves a ``client.export`` event on each client's record, so
    every client can see it in their access history; each carries the ``export`` reference of
    the ``export.create`` event it belongs to.
    """
    export_format = FORMATS.get(format_key)
    if export_format is None:
        raise ExportError(f"Unknown export format: {format_key}.")
    client = None
    if client_id is not None:
        client = db.session.get(Client, client_id)
        if client is None:
            raise NotFound(f"There is no client number {client_id}.")
    scope = ExportScope(client_id)
    detail = {"format": format_key, "scope": "client" if client else "practice", "via": via,
              "export": secrets.token_hex(8)}
    event = audit.record("export.create", client, client_id=client_id, detail=detail, actor=actor)
    if client is None:
        for included_id in db.session.scalars(db.select(Client.id).order_by(Client.id)):
            audit.record("client.export", client_id=included_id, actor=actor, detail=detail)
    exported_at = event.occurred_at
    practice = _practice()
    return ExportFile(filename=_file_name(export_format, scope, exported_at),
                      mimetype=export_format.mimetype,
                      chunks=_stream(format_key, scope, exported_at, practice, on_rows))


def _practice() -> _Practice:
    settings = practice_settings()
    details = {"name": settings.practice_name, "timezone": settings.timezone,
               "address": settings.address, "phone": settings.phone, "email": settings.email,
               "website": settings.website}
    return _Practice(details, practice_timezone())


def _file_name(export_format: ExportFormat, scope: ExportScope, exported_at: datetime) -> str:
    what = "practice" if scope.is_practice else f"client-{scope.client_id}"
    return f"qi-practice-{what}-{exported_at.strftime('%Y%m%d-%H%M%S')}.{export_format.extension}"


def _stream(format_key: str, scope: ExportScope, exported_at: datetime, practice: _Practice,
            on_rows) -> Iterator[bytes]:
    with snapshot():
        scope = resolve_scope(scope)
        if format_key == "csv":
            yield from csv_zip_chunks(scope, exported_at, practice.details["name"], practice.zone,
                                      on_rows)
        elif format_key == "json":
            yield from json_chunks(scope, exported_at, practice.details, on_rows)
        else:
            yield from fhir_chunks(scope, exported_at, on_rows)
