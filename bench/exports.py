"""Export benchmark: time, output size and peak memory of each format as the practice grows.

    python -m bench.exports [--clients 200 1000] [--database-url URL]

Builds a practice of synthetic clients, each with a full record (an intake with an
addendum, a plan with steps, a signed session with an addendum, a home exercise with
logs, check-ins), then runs every export twice per size: once timed, once under
tracemalloc for the peak. The table is written into docs/performance.md (section ``exports``).
"""
import argparse
import gc
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench import report
from config import TestConfig
from practice import create_app
from practice.auth.models import Role
from practice.core.extensions import db
from practice.exports.operations import start_export


def build_app(database_url: str | None):
    url = database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(BenchConfig)


def grow_practice(practitioners, up_to: int, have: int) -> None:
    from tests.factories.exports import make_full_record

    for number in range(have, up_to):
        make_full_record(practitioners[number % len(practitioners)], f"C{number}", portal=False)


def measure(format_key: str) -> tuple[float, int, int]:
    """(seconds, bytes, peak bytes allocated) of one export."""
    export = start_export(format_key)
    db.session.commit()  # the export's audit events; the stream reads after the commit
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in export.chunks)
    seconds = time.perf_counter() - started
    export = start_export(format_key)
    db.session.commit()
    gc.collect()
    tracemalloc.start()
    for _chunk in export.chunks:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, size, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    machine = report.machine(args.database_url)
    app = build_app(args.database_url)
    rows = ["| clients | format | time | output | peak memory (tracemalloc) |",
            "|---:|---|---:|---:|---:|"]
    with app.app_context():
        db.drop_all()
        db.create_all()
        from tests.factories.accounts import make_user
        from tests.factories.reference import load_reference_data

        load_reference_data()
        db.session.commit()
        practitioners = [make_user(Role.PRACTITIONER) for _ in range(4)]
        have = 0
        for size in sorted(args.clients):
            grow_practice(practitioners, size, have)
            have = size
            for format_key in ("csv", "json", "fhir"):
                seconds, output, peak = measure(format_key)
                rows.append(f"| {size} | {format_key} | {seconds:.2f} s | {output / 1e6:.1f} MB "
                            f"| {peak / 1e6:.2f} MB |")
                print(rows[-1], flush=True)
    print("\n".join(rows))
    kind = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
    note = f"{kind}, {len(practitioners)} practitioners."
    report.update_section("exports", report.section(report.command(), machine,
                                                    note + "\n\n" + "\n".join(rows)))


if __name__ == "__main__":
    main()
