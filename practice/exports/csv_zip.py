"""CSV export: a zip with one CSV file per record type and a README.txt describing every column.

The zip is written by ``zipfile`` straight into a streaming sink, and the sink's bytes are
yielded after every few rows: the download starts at once and memory stays at one batch
of rows plus the compressor's window, however large the practice. Writing to a
``SpooledTemporaryFile`` first would allow a classic zip with sizes in the local headers,
but the admin would wait for the whole file (and a web worker could time out) before the
first byte, and large practices would spill to disk. Since a stream cannot be rewound,
``zipfile`` writes each entry's sizes after its data (data descriptors), and every entry
is Zip64, so no file is limited to 2 GiB; unzip, 7-Zip, Windows, macOS and Python's
zipfile all read this.

Spreadsheet notes: files are UTF-8 with a byte-order mark (so Excel shows accents), and
a text cell that starts with = + - @ or a tab is prefixed with ' so that a spreadsheet
shows it as text instead of running it as a formula.
"""
import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo

from practice.core.spreadsheets import csv_cell  # noqa: F401 (the audit log's CSV uses it from here)
from practice.exports.base import ExportScope
from practice.exports.collect import value_batches
from practice.exports.registry import csv_exporters

FORMAT_VERSION = 1
FLUSH_EVERY_BYTES = 64 * 1024
#: zlib's fastest level: at 1.5 million rows it deflates the 285 MB of CSV in 0.8 s of CPU
#: to 27 MB, where the default level (6) took 3.6 s for 18 MB.
COMPRESS_LEVEL = 1


class _StreamSink:
    """A write-only file for zipfile; ``take()`` hands over what was written since last time."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self.pending = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self.pending += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.pending = 0
        return data


def _entry(name: str, local_time: datetime) -> zipfile.ZipInfo:
    """A zip entry stamped with the export time (zip times are local: the practice's zone)."""
    info = zipfile.ZipInfo(name, date_time=local_time.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = COMPRESS_LEVEL  # what ZipFile(compresslevel=) sets (3.13: an alias)
    info.external_attr = 0o600 << 16
    return info


def csv_zip_chunks(scope: ExportScope, exported_at: datetime, practice_name: str, zone: tzinfo,
                   on_rows: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The zip, chunk by chunk. ``zone`` is the practice's, read before the stream starts (the
    writer itself reads nothing but the records)."""
    sink = _StreamSink()
    local_time = exported_at.astimezone(zone)
    counts: dict[str, int] = {}
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for exporter in csv_exporters():
            with archive.open(_entry(exporter.file_name, local_time), "w",
                              force_zip64=True) as entry:
                text = io.StringIO()
                writer = csv.writer(text)
                writer.writerow(exporter.column_names)
                entry.write(codecs.BOM_UTF8 + text.getvalue().encode())
                count = 0
                for rows in value_batches(exporter, scope, cells=True):
                    text.seek(0)
                    text.truncate()
                    writer.writerows(rows)
                    entry.write(text.getvalue().encode())
                    count += len(rows)
                    if on_rows:
                        on_rows(len(rows))
                    if sink.pending >= FLUSH_EVERY_BYTES:
                        yield sink.take()
            counts[exporter.key] = count
            yield sink.take()
        archive.writestr(_entry("README.txt", local_time),
                         readme(scope, exported_at, practice_name, counts))
    yield sink.take()


def readme(scope: ExportScope, exported_at: datetime, practice_name: str,
           counts: dict[str, int]) -> str:
    """What every file and column holds, generated from the exporters' descriptions."""
    what = "the whole practice" if scope.is_practice else f"one client (client {scope.client_id})"
    lines = [
        f"{practice_name}: records export",
        f"Exported {exported_at.isoformat(timespec='seconds')} (UTC), covering {what}.",
        f"Format: Qi Practice CSV export, version {FORMAT_VERSION}.",
        "",
        "This is the spreadsheet format: for reading the records in Excel, LibreOffice or",
        "another spreadsheet. Its cells are guarded against formulas: text that begins with",
        "= + - @ or a tab has a ' in front so that a spreadsheet shows it instead of running",
        "it, so a phone number such as +44 7700 900123 reads '+44 7700 900123. For a lossless",
        "copy of the practice (to move it, or to load it into another installation with",
        "`flask --app wsgi import`), use the JSON export instead.",
        "",
        "One CSV file per record type, comma-separated, UTF-8 with a byte-order mark, with a",
        "header row. Times are ISO 8601 in UTC (e.g. 2026-03-01T09:30:00+00:00); dates are",
        "YYYY-MM-DD. true/false for yes/no. Lists are separated by '; ', and structured values",
        "are JSON. Columns ending in _id refer to the id column of another file.",
        "Passwords, two-factor secrets and other sign-in secrets are never exported.",
        "",
    ]
    for exporter in csv_exporters():
        rows = counts.get(exporter.key, 0)
        lines += [f"{exporter.file_name} - {exporter.title} ({rows} row{'s' if rows != 1 else ''})",
                  f"  {exporter.description}"]
        width = max(len(col.name) for col in exporter.columns)
        lines += [f"  {col.name.ljust(width)}  {col.description}" for col in exporter.columns]
        lines.append("")
    return "\r\n".join(lines)
