"""Exports stream: the memory an export needs does not grow with the size of the practice.

Memory is bounded by the batch sizes (rows per query, clients nested at once), so the
batches are made small here: 50 and 500 clients are then both well past them, and
the peak must stay level while the output grows tenfold.
"""
import gc
import tracemalloc
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from practice.clients.models import Client
from practice.core.extensions import db
from practice.exports import collect
from practice.exports.operations import start_export
from practice.progress.models import CheckIn


def add_clients(practitioner, count: int) -> None:
    """``count`` clients with three check-ins each, inserted in bulk."""
    first = (db.session.scalar(select(db.func.max(Client.id))) or 0) + 1
    db.session.execute(insert(Client), [
        {"id": first + n, "practitioner_id": practitioner.id, "given_name": f"Given{n}",
         "family_name": f"Family{n}", "notes": "Notes " * 20} for n in range(count)])
    db.session.execute(insert(CheckIn), [
        {"client_id": first + n, "checked_on": date(2026, 1, 1) + timedelta(days=day), "pain": 5,
         "fatigue": 6, "note": "Slept badly " * 5, "recorded_by_id": practitioner.id}
        for n in range(count) for day in range(3)])
    db.session.commit()


def peak_while_exporting(format_key: str) -> tuple[int, int]:
    """(peak bytes allocated while the whole export streams, records exported)."""
    records = Counter()
    export = start_export(format_key, on_rows=lambda count: records.update(rows=count))
    db.session.commit()
    gc.collect()
    tracemalloc.start()
    for _chunk in export.chunks:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, records["rows"]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(collect, "BATCH_SIZE", 20)
    monkeypatch.setattr(collect, "CLIENTS_PER_BATCH", 5)


@pytest.mark.real_commits  # measured as in production, each batch read from committed rows
@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("format_key", ["csv", "json", "fhir"])
def test_memory_stays_flat_with_ten_times_the_records(practitioner, format_key):
    add_clients(practitioner, 50)
    peak_while_exporting(format_key)  # warm caches (compiled SQL, imports) before measuring
    small_peak, small_records = peak_while_exporting(format_key)
    add_clients(practitioner, 450)
    large_peak, large_records = peak_while_exporting(format_key)
    assert large_records > 5 * small_records
    assert large_peak < 1.25 * small_peak, (small_peak, large_peak)
