"""Exports: start one, and record it once it is complete (or that it failed).

An export is on record when it has been produced in full: one ``export.create`` event,
written after the last byte was handed over, lists the clients it covered (the access
history of each of them shows it). A download that stops before its end (the browser went
away, the connection dropped, a writer failed) leaves one ``export.failed`` event instead,
with no client listed, so no client sees an export that never happened.

The stream is lazy: it reads nothing until iterated, which is after the request's unit of
work has committed (a web response streams after it), and it reads from a snapshot of its
own (``collect.snapshot``). So its events are written in units of work of their own, at the
end of the stream. Everything the writers need besides the records (the practice's details
and time zone) is read in ``start_export``, before the stream starts.
"""
import logging
import secrets
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from practice.clients.models import Client
from practice.core import audit
from practice.core.clock import practice_timezone
from practice.core.database import now_utc
from practice.core.errors import DomainError, NotFound
from practice.core.extensions import db
from practice.core.settings import practice_settings, practice_uuid
from practice.core.unit_of_work import unit_of_work
from practice.exports.base import ExportScope, plain
from practice.exports.collect import resolve_scope, snapshot
from practice.exports.csv_zip import csv_zip_chunks
from practice.exports.fhir import fhir_chunks
from practice.exports.json_doc import json_chunks

logger = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class _Practice:
    """The practice as the writers print it, read before the stream starts."""

    details: dict
    zone: tzinfo
    #: The installation's UUID: FHIR ids and identifier systems are made from it.
    uuid: uuid.UUID


@dataclass
class ExportFile:
    """One export: its file name and media type, and its bytes as they are produced.

    ``chunks`` is the file, recorded: iterate it to the end once (a web response does). The
    command line writes ``content`` to a file ``with recording()``, so the export is on
    record once the file is in place.
    """

    filename: str
    mimetype: str
    content: Iterator[bytes] = field(repr=False)
    #: What the events say: who, how, which format and scope, when the export started.
    actor: object = field(repr=False)
    client: Client | None = field(repr=False)
    detail: dict
    #: Filled in as the writers write each client: who is in the file (see ``CoveredClients``).
    covered: "CoveredClients" = field(default_factory=lambda: CoveredClients(), repr=False)
    recorded: bool = False
    chunks: Iterator[bytes] = field(init=False, repr=False)

    def __post_init__(self):
        self.chunks = self._recorded_chunks()

    def _recorded_chunks(self) -> Iterator[bytes]:
        with self.recording():
            yield from self.content

    @contextmanager
    def recording(self):
        """``export.create`` when the block completes, ``export.failed`` when it stops early."""
        try:
            yield
        except BaseException as error:
            if not self.recorded:
                self.recorded = True
                _record_failure(self, _reason(error))
            raise
        if not self.recorded:
            self.recorded = True
            _record_completion(self)


def start_export(format_key: str, client_id: int | None = None, *, actor=None, via: str = "web",
                 on_rows: Callable[[int], None] | None = None,
                 include_credentials: bool = False) -> ExportFile:
    """Check what is asked for and hand back the (lazy) export; nothing is recorded yet.

    :param include_credentials: put the sign-in secrets into a whole-practice JSON export,
        for ``import`` to carry them over; only the command line asks for it.
    """
    export_format = FORMATS.get(format_key)
    if export_format is None:
        raise ExportError(f"Unknown export format: {format_key}.")
    if include_credentials and (format_key != "json" or client_id is not None):
        raise ExportError("Credentials go only into a JSON export of the whole practice.")
    client = None
    if client_id is not None:
        client = db.session.get(Client, client_id)
        if client is None:
            raise NotFound(f"There is no client number {client_id}.")
    if actor is not None and hasattr(actor, "_get_current_object"):
        actor = actor._get_current_object()  # the signed-in user, kept past the request
    exported_at = now_utc()
    covered = CoveredClients()
    scope = ExportScope(client_id, written_client_ids=covered)
    detail = {"format": format_key, "scope": "client" if client else "practice", "via": via,
              "exported_at": exported_at.isoformat(timespec="seconds"),
              "export": secrets.token_hex(8)}
    if include_credentials:
        detail["credentials"] = True
    return ExportFile(filename=_file_name(export_format, scope, exported_at),
                      mimetype=export_format.mimetype,
                      content=_stream(format_key, scope, exported_at, _practice(), on_rows,
                                      include_credentials),
                      actor=actor, client=client, detail=detail, covered=covered)


class CoveredClients:
    """Who an export covered, kept in constant memory however large the practice.

    A one-client export lists its client (``client_ids``). A whole-practice export holds
    every client there is (records are never deleted), so its event says "every client up to
    number N" (``client_ids_up_to``) rather than listing a million numbers;
    ``audit.about_client`` reads both forms.
    """

    def __init__(self):
        self.count = 0
        self.first: int | None = None
        self.highest = 0

    def extend(self, client_ids) -> None:
        for client_id in client_ids:
            self.count += 1
            self.first = client_id if self.first is None else self.first
            self.highest = max(self.highest, client_id)

    def detail(self, whole_practice: bool) -> dict:
        if whole_practice:
            return {"client_ids_up_to": self.highest, "client_count": self.count}
        return {"client_ids": [self.first] if self.first is not None else []}


def _record_completion(export: ExportFile) -> None:
    """The one event of a complete export, listing the clients it covered."""
    client_id = export.client.id if export.client is not None else None
    with unit_of_work():
        audit.record("export.create", export.client, client_id=client_id, actor=export.actor,
                     detail={**export.detail, **export.covered.detail(export.client is None)})


def _record_failure(export: ExportFile, reason: str) -> None:
    """An export that stopped before its end: on the admin's log, on no client's record."""
    try:
        db.session.rollback()  # whatever the stream was doing when it stopped
        with unit_of_work():
            audit.record("export.failed", export.client, actor=export.actor,
                         detail={**export.detail, "reason": reason})
    except Exception:  # the database went away with the download: say so in the log
        logger.exception("could not record the failed export %s", export.detail["export"])


def _reason(error: BaseException) -> str:
    if isinstance(error, GeneratorExit):
        return "the download stopped before the end"
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return f"an error in the export ({type(error).__name__})"


def _practice() -> _Practice:
    settings = practice_settings()
    details = {"name": settings.practice_name, "timezone": settings.timezone,
               "address": settings.address, "phone": settings.phone, "email": settings.email,
               "website": settings.website, "updated_at": plain(settings.updated_at),
               "updated_by_id": settings.updated_by_id}
    return _Practice(details, practice_timezone(), practice_uuid())


def _file_name(export_format: ExportFormat, scope: ExportScope, exported_at: datetime) -> str:
    what = "practice" if scope.is_practice else f"client-{scope.client_id}"
    return f"qi-practice-{what}-{exported_at.strftime('%Y%m%d-%H%M%S')}.{export_format.extension}"


def _stream(format_key: str, scope: ExportScope, exported_at: datetime, practice: _Practice,
            on_rows, include_credentials: bool = False) -> Iterator[bytes]:
    with snapshot():
        scope = resolve_scope(scope)
        if format_key == "csv":
            yield from csv_zip_chunks(scope, exported_at, practice.details["name"], practice.zone,
                                      on_rows)
        elif format_key == "json":
            yield from json_chunks(scope, exported_at, practice.details, practice.uuid, on_rows,
                                   include_credentials=include_credentials)
        else:
            yield from fhir_chunks(scope, exported_at, practice.details, practice.uuid,
                                   practice.zone, on_rows)
