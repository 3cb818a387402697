"""Reading ahead of an export: how many records it will write (a progress bar's total)."""
from practice.exports.base import ExportScope
from practice.exports.collect import count_rows, resolve_scope
from practice.exports.fhir import SOURCES as FHIR_SOURCES
from practice.exports.registry import exporters


def records_to_export(format_key: str, client_id: int | None = None) -> int:
    """How many records an export of ``format_key`` (the practice, or one client) will read."""
    scope = resolve_scope(ExportScope(client_id))
    included = [e for e in exporters()
                if (format_key != "fhir" or e.is_client_record or e.key in FHIR_SOURCES)
                and (format_key != "csv" or e.in_csv)]
    return sum(count_rows(exporter, scope) for exporter in included)
