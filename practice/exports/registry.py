"""The exported record types, in the order the CSV files and JSON sections are written.

Adding a record type: declare an ``Exporter`` in a module of practice/exports/records/
(a query, columns with descriptions, and its parent for the JSON nesting) and list it in
that module's ``EXPORTERS``; add the module to ``RECORD_MODULES`` if it is new. The CSV
README, the JSON document and the one-client scoping follow from the declaration; the
FHIR mapping (practice/exports/fhir_mapping.py, fhir_care.py) is written per type.
"""
from functools import cache
from importlib import import_module

from practice.exports.base import Exporter

RECORD_MODULES = ("accounts", "clients", "precautions", "plans", "treatments", "appointments",
                  "exercises",
                  "scheduling",
                  "progress", "referrals", "consent", "audit")


@cache
def exporters() -> tuple[Exporter, ...]:
    found = []
    for name in RECORD_MODULES:
        found.extend(import_module(f"practice.exports.records.{name}").EXPORTERS)
    keys = [exporter.key for exporter in found]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise RuntimeError(f"two exporters share a key: {sorted(duplicates)}")
    return tuple(found)


def exporter(key: str) -> Exporter:
    for candidate in exporters():
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def children_of(parent: Exporter) -> tuple[Exporter, ...]:
    """The types nested under ``parent``: asked for every record a JSON export or an import
    counts or nests, so looked up once per type."""
    return _children_of(parent.key)


@cache
def _children_of(key: str) -> tuple[Exporter, ...]:
    return tuple(candidate for candidate in exporters() if candidate.parent == key)


def top_level() -> list[Exporter]:
    """The JSON document's top-level lists (everything else nests under one of them), in
    ``section_order``: what a row refers to always comes before it."""
    return sorted((candidate for candidate in exporters() if candidate.parent is None),
                  key=lambda candidate: candidate.section_order)


def csv_exporters() -> list[Exporter]:
    return [candidate for candidate in exporters() if candidate.in_csv]
