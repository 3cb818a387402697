"""Exports of the practice's records: CSV files in a zip, one JSON document, a FHIR R4 Bundle.

Each record type is one declarative ``Exporter`` (practice/exports/records/): a query, the
columns with a description each, and where its rows hang in the nested JSON. The writers
(``csv_zip``, ``json_doc``, ``fhir``) read every type through ``collect`` in keyset-paged
batches and yield bytes as they go, so memory stays flat however large the practice is.
``operations.start_export`` hands back an export's file name, type and chunks; the export is
audited once its last byte is out (or as failed when it stops before).
"""
